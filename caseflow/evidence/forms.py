"""What an upload request carries: files paired with captions, in order."""

from __future__ import annotations

from werkzeug.datastructures import FileStorage, MultiDict

from caseflow.evidence.services import Upload

FILE_FIELD, CAPTION_FIELD = "file", "caption"
#: Rows of (file, caption) the plain form shows when JavaScript is off.
PLAIN_FORM_ROWS = 3


def read_uploads(files: MultiDict, form: MultiDict, *, limit: int) -> list[Upload]:
    """Pair the n-th file with the n-th caption; skip empty file inputs.

    Reads each file up to `limit` + 1 bytes: a larger file is reported by the limit check
    without holding more of it than that.
    """
    captions = form.getlist(CAPTION_FIELD)
    uploads = []
    for index, storage in enumerate(files.getlist(FILE_FIELD)):
        if not isinstance(storage, FileStorage) or not storage.filename:
            continue
        caption = captions[index] if index < len(captions) else ""
        uploads.append(Upload(filename=storage.filename, caption=caption,
                              data=storage.stream.read(limit + 1)))
    return uploads
