"""Attach evidence with chain of custody, and hand it out verified."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.audit import services as audit
from caseflow.cases.models import Case
from caseflow.errors import DomainError, NotAllowed, ValidationFailed
from caseflow.evidence import content, queries
from caseflow.evidence.models import Evidence
from caseflow.evidence.storage import MissingBlob, TamperedBlob, sha256_of, storage
from caseflow.extensions import db
from caseflow.workflow.models import EntryKind, TimelineEntry

log = logging.getLogger(__name__)
INTEGRITY_MESSAGE = _l("Cảnh báo toàn vẹn: tệp chứng cứ đã bị thay đổi hoặc mất trên máy chủ "
                       "nên không được tải xuống. Sự việc đã được ghi nhật ký.")


class TooLarge(DomainError):
    """An upload is over a size or count limit (HTTP 413)."""

    status_code = 413


class IntegrityFailure(DomainError):
    """A stored file no longer matches its recorded hash (or is gone)."""

    status_code = 409


@dataclass
class Upload:
    """One file as received: the name the client gave, a caption, the bytes."""

    filename: str
    caption: str
    data: bytes


def megabytes(size: int) -> str:
    """Write a size in MB for a message."""
    return f"{size / (1024 * 1024):g} MB"


def check_request_limits(uploads: list[Upload]) -> None:
    """Refuse (413) a request over the per-file or per-request limits, pixels included."""
    cfg = current_app.config
    if len(uploads) > cfg["EVIDENCE_MAX_FILES_PER_REQUEST"]:
        raise TooLarge(_("Mỗi lần chỉ tải lên tối đa %(n)s tệp.",
                         n=cfg["EVIDENCE_MAX_FILES_PER_REQUEST"]))
    for upload in uploads:
        if len(upload.data) > cfg["EVIDENCE_MAX_FILE_BYTES"]:
            raise TooLarge(_("Tệp “%(name)s” vượt quá giới hạn %(limit)s mỗi tệp.",
                             name=upload.filename, limit=megabytes(cfg["EVIDENCE_MAX_FILE_BYTES"])))
    check_request_pixels(uploads, limit=cfg["EVIDENCE_MAX_REQUEST_PIXELS"])


def check_request_pixels(uploads: list[Upload], *, limit: int) -> None:
    """Refuse (413) photos whose pixels together pass the limit, from headers, before decoding.

    Small files can hold huge flat images (ten 7070 × 7070 PNGs weigh 2 MB); decoding time and
    memory follow the pixels, not the bytes.
    """
    total = 0
    for upload in uploads:
        total += content.pixel_count(upload.data)
        if total > limit:
            raise TooLarge(_("Tệp “%(name)s” làm tổng số điểm ảnh của lần tải lên vượt giới hạn "
                             "%(limit)s triệu điểm ảnh; hãy tải ảnh này và các ảnh sau "
                             "trong một lần khác.", name=upload.filename,
                             limit=f"{limit / 1_000_000:g}"))


def check_limits(case: Case, uploads: list[Upload]) -> None:
    """Refuse (413) a request over the per-file, per-request or per-case limits."""
    check_request_limits(uploads)
    cfg = current_app.config
    count, size = queries.totals(case)
    if count + len(uploads) > cfg["EVIDENCE_MAX_FILES_PER_CASE"]:
        raise TooLarge(_("Hồ sơ đã có %(count)s tệp; mỗi hồ sơ tối đa %(n)s tệp chứng cứ.",
                         count=count, n=cfg["EVIDENCE_MAX_FILES_PER_CASE"]))
    if size + sum(len(u.data) for u in uploads) > cfg["EVIDENCE_MAX_CASE_BYTES"]:
        raise TooLarge(_("Tổng dung lượng chứng cứ của hồ sơ sẽ vượt quá %(limit)s.",
                         limit=megabytes(cfg["EVIDENCE_MAX_CASE_BYTES"])))


def clean_filename(name: str) -> str:
    """Keep a displayable base name: no path, no control characters, at most 200 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "", name).strip(" .")
    return name[:200] or "tep-chung-cu"


def inspect_all(uploads: list[Upload]) -> list[content.Inspected]:
    """Inspect every file before anything is stored; refuse the request on the first bad one.

    Files are decoded one at a time; each keeps only its small JPEG copies (content.inspect).
    """
    max_pixels = current_app.config["EVIDENCE_MAX_PIXELS"]
    inspected = []
    for upload in uploads:
        try:
            inspected.append(content.inspect(upload.data, max_pixels=max_pixels))
        except content.Refused as refused:
            message = _("Tệp “%(name)s” bị từ chối: %(reason)s", name=upload.filename,
                        reason=refused.message)
            raise EvidenceRefused(message, refused.code, upload.filename) from refused
    return inspected


class EvidenceRefused(ValidationFailed):
    """A file's content is not acceptable; nothing of the request was stored."""

    def __init__(self, message: str, code: str, filename: str) -> None:
        super().__init__(message, {"file": [message]})
        self.code, self.filename = code, filename


def attach(case: Case, *, actor: User, uploads: list[Upload]) -> list[Evidence]:
    """Check, store and record the files; all or nothing. Files already on the case are skipped."""
    if not permissions.can_add_evidence(actor, case):
        raise NotAllowed(_("Bạn không có quyền thêm chứng cứ cho hồ sơ này."))
    if not uploads:
        raise ValidationFailed(_("Vui lòng chọn ít nhất một tệp."),
                               {"file": [_("Vui lòng chọn ít nhất một tệp.")]})
    check_limits(case, uploads)
    inspected = inspect_all(uploads)
    known = {e.sha256 for e in queries.evidence_of(case)}
    created = []
    for upload, found in zip(uploads, inspected, strict=True):
        item = _store(case, actor, upload, found, known)
        if item is not None:
            created.append(item)
    db.session.flush()
    for item in created:
        _record(item, actor)
    return created


def _store(case: Case, actor: User, upload: Upload, found: content.Inspected,
           known: set[str]) -> Evidence | None:
    store = storage()
    sha = sha256_of(upload.data)
    if sha in known:
        return None
    known.add(store.put(upload.data))  # the original, byte for byte
    item = Evidence(case=case, kind=found.kind, filename=clean_filename(upload.filename),
                    caption=(upload.caption or "").strip()[:500], size_bytes=len(upload.data),
                    sha256=sha, width=found.width, height=found.height,
                    page_count=found.page_count, uploaded_by=actor)
    if found.copies is not None:
        display, thumb = found.copies
        item.display_sha256, item.thumb_sha256 = store.put(display), store.put(thumb)
    db.session.add(item)
    return item


def _record(item: Evidence, actor: User) -> None:
    """Put the hashes into the audit chain and the case's timeline (chain of custody)."""
    audit.record("evidence.upload", actor=actor, object_type="evidence", object_id=item.id,
                 case_id=item.case_id, sha256=item.sha256, size=item.size_bytes,
                 kind=item.kind.value, filename=item.filename,
                 display_sha256=item.display_sha256)
    db.session.add(TimelineEntry(
        case_id=item.case_id, actor=actor, kind=EntryKind.EDIT,
        text=_("Thêm chứng cứ “%(name)s” (SHA-256 %(sha)s)", name=item.label, sha=item.sha256)))


def read_checked(sha256: str, alert: Callable[[str], None]) -> bytes:
    """Read a blob, re-checking its hash; on mismatch call alert(found hash) and refuse."""
    try:
        return storage().get(sha256)
    except (TamperedBlob, MissingBlob) as exc:
        alert(getattr(exc, "actual", "missing"))
        raise IntegrityFailure(str(INTEGRITY_MESSAGE)) from exc


def read_verified(item: Evidence, sha256: str, *, actor: User | None, which: str) -> bytes:
    """Read one of an evidence file's blobs; a failed hash check is an integrity alert."""
    return read_checked(sha256, lambda found: integrity_alert(
        item, actor=actor, which=which, expected=sha256, found=found))


def integrity_alert(item: Evidence, *, actor: User | None, which: str, expected: str,
                    found: str) -> None:
    """Log and audit a failed hash check (the caller commits the event)."""
    log.error("EVIDENCE INTEGRITY ALERT: evidence %s (%s) of case %s expected %s, found %s",
              item.id, which, item.case_id, expected, found)
    audit.record("evidence.integrity_alert", actor=actor, object_type="evidence",
                 object_id=item.id, case_id=item.case_id, which=which, expected=expected,
                 found=found)


def original(item: Evidence, *, actor: User) -> bytes:
    """Hand the original to an entitled reader, verified and logged."""
    if not permissions.can_download_original(actor, item.case):
        raise NotAllowed(_("Chỉ doanh nghiệp chủ hồ sơ và cơ quan đã tiếp nhận hồ sơ mới được "
                           "tải bản gốc."))
    data = read_verified(item, item.sha256, actor=actor, which="original")
    audit.record("evidence.download", actor=actor, object_type="evidence", object_id=item.id,
                 case_id=item.case_id, sha256=item.sha256)
    return data


def display_copy(item: Evidence, *, actor: User, thumb: bool = False) -> bytes:
    """Return the cleaned display copy (or thumbnail) of a photo, verified."""
    sha = item.thumb_sha256 if thumb else item.display_sha256
    if sha is None:
        raise ValidationFailed(_("Tệp này không có bản hiển thị."))
    return read_verified(item, sha, actor=actor, which="thumb" if thumb else "display")
