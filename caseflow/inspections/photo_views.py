"""Photos of checklist items: upload (the Sở), display copies (whoever sees the inspection),
originals (the Sở and the Ministry)."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from caseflow import permissions
from caseflow.errors import NotFound
from caseflow.evidence.forms import read_uploads
from caseflow.evidence.responses import original_download
from caseflow.evidence.services import IntegrityFailure, TooLarge, Upload, megabytes
from caseflow.extensions import csrf, db
from caseflow.inspections import photos, queries
from caseflow.inspections.models import InspectionPhoto
from caseflow.inspections.violation_views import bp

__all__ = ["bp"]


def _anchor(inspection_id: int, item_id: int) -> str:
    return url_for(".detail", inspection_id=inspection_id) + f"#item-{item_id}"


@bp.post("/<int:inspection_id>/items/<int:item_id>/photos")
@csrf.exempt  # checked below, once the upload limit for this request is raised
def upload_photos(inspection_id: int, item_id: int):
    """Attach one or more photos with captions to a checklist item."""
    inspection = queries.inspection_for(current_user, inspection_id)
    if not permissions.can_attach_inspection_photo(current_user, inspection):
        raise NotFound()
    item = queries.item_of(inspection, item_id)
    created = photos.attach(item, actor=current_user, uploads=_read_request())
    db.session.commit()
    flash(ngettext("Đã thêm %(num)s ảnh.", "Đã thêm %(num)s ảnh.", len(created)) if created
          else _("Các ảnh này đã có ở nội dung kiểm tra này."), "success")
    return redirect(_anchor(inspection.id, item.id), code=303)


def _read_request() -> list[Upload]:
    """Raise the body limit for this request, check the form token, read the files (413 over)."""
    cfg = current_app.config
    request.max_content_length = cfg["EVIDENCE_MAX_REQUEST_BYTES"]
    try:
        csrf.protect()
        return read_uploads(request.files, request.form, limit=cfg["EVIDENCE_MAX_FILE_BYTES"])
    except RequestEntityTooLarge as exc:
        raise TooLarge(_("Tổng dung lượng gửi lên vượt quá %(limit)s.",
                         limit=megabytes(cfg["EVIDENCE_MAX_REQUEST_BYTES"]))) from exc


def _photo(inspection_id: int, photo_id: int) -> InspectionPhoto:
    inspection = queries.inspection_for(current_user, inspection_id)
    return queries.photo_of(inspection, photo_id)


@bp.get("/<int:inspection_id>/photos/<int:photo_id>/original")
def photo_original(inspection_id: int, photo_id: int):
    """Download the original bytes as a sandboxed attachment (the Sở, the Ministry)."""
    photo = _photo(inspection_id, photo_id)
    if not permissions.can_download_inspection_photo(current_user, photo.item.inspection):
        raise NotFound()
    try:
        data = photos.original(photo, actor=current_user)
    except IntegrityFailure as exc:
        db.session.commit()  # the integrity alert is kept
        flash(exc.message, "danger")
        return redirect(_anchor(inspection_id, photo.item_id), code=303)
    db.session.commit()  # the download is logged
    return original_download(data, photo.kind.media_type, photo.filename)


@bp.get("/<int:inspection_id>/photos/<int:photo_id>/display")
def photo_display(inspection_id: int, photo_id: int):
    """Show the cleaned display copy of a photo."""
    return _image(inspection_id, photo_id, thumb=False)


@bp.get("/<int:inspection_id>/photos/<int:photo_id>/thumb")
def photo_thumb(inspection_id: int, photo_id: int):
    """Show the thumbnail of a photo."""
    return _image(inspection_id, photo_id, thumb=True)


def _image(inspection_id: int, photo_id: int, *, thumb: bool) -> Response:
    photo = _photo(inspection_id, photo_id)
    try:
        data = photos.display_copy(photo, actor=current_user, thumb=thumb)
    except IntegrityFailure as exc:
        db.session.commit()  # the integrity alert is kept
        return Response(exc.message, status=409, mimetype="text/plain")
    return Response(data, mimetype="image/jpeg", headers={"Cache-Control": "private, no-store"})
