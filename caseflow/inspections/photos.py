"""Photos of checklist items, through the evidence machinery: same checks, storage and custody.

Content sniffing and parsing (evidence/content.py via services.inspect_all), the limits, the
content-addressed store, the EXIF-free display copies and the print copies are the evidence
package's; this module only adds "images only", the inspection's totals and its audit events.
"""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.audit import services as audit
from caseflow.errors import NotAllowed, ValidationFailed
from caseflow.evidence import content
from caseflow.evidence import services as evidence
from caseflow.evidence.printing import print_data_uri
from caseflow.evidence.services import IntegrityFailure, TooLarge, Upload, megabytes
from caseflow.evidence.storage import sha256_of, storage
from caseflow.extensions import db
from caseflow.inspections import queries
from caseflow.inspections.models import Inspection, InspectionItem, InspectionPhoto

log = logging.getLogger(__name__)
NOT_A_PHOTO = _l("Chỉ nhận ảnh JPEG, PNG hoặc HEIC (xác định theo nội dung tệp).")
INTEGRITY_MESSAGE = _l("Cảnh báo toàn vẹn: ảnh kiểm tra đã bị thay đổi hoặc mất trên máy chủ "
                       "nên không được tải xuống. Sự việc đã được ghi nhật ký.")


def check_limits(inspection: Inspection, uploads: list[Upload]) -> None:
    """Refuse (413) a request over evidence's per-file and per-request limits, or over the
    per-case ones applied to the whole inspection."""
    evidence.check_request_limits(uploads)
    cfg = current_app.config
    count, size = queries.photo_totals(inspection)
    if count + len(uploads) > cfg["EVIDENCE_MAX_FILES_PER_CASE"]:
        raise TooLarge(_("Cuộc kiểm tra đã có %(count)s ảnh; mỗi cuộc kiểm tra tối đa %(n)s ảnh.",
                         count=count, n=cfg["EVIDENCE_MAX_FILES_PER_CASE"]))
    if size + sum(len(u.data) for u in uploads) > cfg["EVIDENCE_MAX_CASE_BYTES"]:
        raise TooLarge(_("Tổng dung lượng ảnh của cuộc kiểm tra sẽ vượt quá %(limit)s.",
                         limit=megabytes(cfg["EVIDENCE_MAX_CASE_BYTES"])))


def inspect_photos(uploads: list[Upload]) -> list[content.Inspected]:
    """Inspect every file as evidence does, then refuse any that is not a photo (a PDF)."""
    try:
        inspected = evidence.inspect_all(uploads)
    except evidence.EvidenceRefused as refused:
        if refused.code != "unknown":  # SVG, HTML, archive, polyglot…: evidence's reason
            raise
        raise _not_a_photo(refused.filename) from refused
    for upload, found in zip(uploads, inspected, strict=True):
        if not found.kind.is_image:
            raise _not_a_photo(upload.filename)
    return inspected


def _not_a_photo(filename: str) -> evidence.EvidenceRefused:
    message = _("Tệp “%(name)s” bị từ chối: %(reason)s", name=filename, reason=NOT_A_PHOTO)
    return evidence.EvidenceRefused(message, "not_a_photo", filename)


def attach(item: InspectionItem, *, actor: User, uploads: list[Upload]) -> list[InspectionPhoto]:
    """Check, store and record photos of an item; all or nothing. Known ones are skipped."""
    if not permissions.can_attach_inspection_photo(actor, item.inspection):
        raise NotAllowed(_("Bạn không có quyền thêm ảnh cho cuộc kiểm tra này."))
    if not uploads:
        message = _("Vui lòng chọn ít nhất một ảnh.")
        raise ValidationFailed(message, {"file": [message]})
    check_limits(item.inspection, uploads)
    inspected = inspect_photos(uploads)
    known = {photo.sha256 for photo in item.photos}
    created = [photo for upload, found in zip(uploads, inspected, strict=True)
               if (photo := _store(item, actor, upload, found, known)) is not None]
    db.session.flush()
    for photo in created:
        _record(photo, actor)
    return created


def _store(item: InspectionItem, actor: User, upload: Upload, found: content.Inspected,
           known: set[str]) -> InspectionPhoto | None:
    sha = sha256_of(upload.data)
    if sha in known:
        return None
    store = storage()
    known.add(store.put(upload.data))  # the original, byte for byte
    display, thumb = found.copies  # made by evidence's inspection, one photo at a time
    photo = InspectionPhoto(
        item=item, kind=found.kind, filename=evidence.clean_filename(upload.filename),
        caption=(upload.caption or "").strip()[:500], size_bytes=len(upload.data), sha256=sha,
        display_sha256=store.put(display), thumb_sha256=store.put(thumb),
        width=found.width, height=found.height, uploaded_by=actor)
    db.session.add(photo)
    return photo


def _record(photo: InspectionPhoto, actor: User) -> None:
    """Put the hashes into the audit chain (chain of custody)."""
    audit.record("inspection_photo.upload", actor=actor, object_type="inspection_photo",
                 object_id=photo.id, inspection_id=photo.item.inspection_id,
                 item=photo.item.item.value, sha256=photo.sha256, size=photo.size_bytes,
                 kind=photo.kind.value, filename=photo.filename,
                 display_sha256=photo.display_sha256)


def read_verified(photo: InspectionPhoto, sha256: str, *, actor: User | None,
                  which: str) -> bytes:
    """Read one of a photo's blobs; a failed hash check is an integrity alert."""
    return evidence.read_checked(sha256, lambda found: _integrity_alert(
        photo, actor=actor, which=which, expected=sha256, found=found))


def _integrity_alert(photo: InspectionPhoto, *, actor: User | None, which: str, expected: str,
                     found: str) -> None:
    """Log and audit a failed hash check (the caller commits the event)."""
    log.error("EVIDENCE INTEGRITY ALERT: inspection photo %s (%s) of inspection %s expected %s, "
              "found %s", photo.id, which, photo.item.inspection_id, expected, found)
    audit.record("inspection_photo.integrity_alert", actor=actor, object_type="inspection_photo",
                 object_id=photo.id, inspection_id=photo.item.inspection_id, which=which,
                 expected=expected, found=found)


def original(photo: InspectionPhoto, *, actor: User) -> bytes:
    """Hand the original to the inspecting Sở or the Ministry, verified and logged."""
    if not permissions.can_download_inspection_photo(actor, photo.item.inspection):
        raise NotAllowed(_("Chỉ Sở Khoa học và Công nghệ kiểm tra và Bộ mới được tải bản gốc "
                           "của ảnh."))
    data = read_verified(photo, photo.sha256, actor=actor, which="original")
    audit.record("inspection_photo.download", actor=actor, object_type="inspection_photo",
                 object_id=photo.id, inspection_id=photo.item.inspection_id,
                 sha256=photo.sha256)
    return data


def display_copy(photo: InspectionPhoto, *, actor: User, thumb: bool = False) -> bytes:
    """Return the cleaned display copy (or thumbnail) of a photo, verified."""
    sha = photo.thumb_sha256 if thumb else photo.display_sha256
    return read_verified(photo, sha, actor=actor, which="thumb" if thumb else "display")


def print_rows(item: InspectionItem) -> list[dict[str, str]]:
    """Return an item's photos for the minute: caption, SHA-256 and a downscaled data: URI.

    A display copy that fails its hash check is left out of the print (and alerted).
    """
    return [{"name": photo.label, "sha256": photo.sha256, "image": _print_image(photo)}
            for photo in item.photos]


def _print_image(photo: InspectionPhoto) -> str:
    try:
        data = read_verified(photo, photo.display_sha256, actor=None, which="display")
    except IntegrityFailure:
        return ""
    return print_data_uri(data)
