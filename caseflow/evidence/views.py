"""Upload evidence to a case; serve thumbnails, display copies and (to the entitled) originals."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from caseflow import permissions
from caseflow.cases import queries as case_queries
from caseflow.errors import DomainError, NotAllowed, NotFound
from caseflow.evidence import queries, services
from caseflow.evidence.forms import read_uploads
from caseflow.evidence.responses import original_download
from caseflow.extensions import csrf, db

bp = Blueprint("evidence", __name__, url_prefix="/cases")
#: The original is a download, never a page: no sniffing, no scripts, no same-origin powers.
ORIGINAL_CSP = "sandbox"


@bp.before_request
def case_roles_only():
    """Keep administrators and anyone else without a case role out of case content."""
    if not permissions.can_use_cases(current_user):
        raise NotFound()


@bp.after_app_request
def sandbox_originals(response: Response) -> Response:
    """Add the sandbox policy to original downloads.

    Registered before the site's security headers hook, so it runs after it (Flask runs
    after-request hooks in reverse) and adds to the site's policy rather than being replaced.
    """
    if g.get("evidence_sandbox"):
        response.headers.add("Content-Security-Policy", ORIGINAL_CSP)
    return response


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.post("/<int:case_id>/evidence")
@csrf.exempt  # checked below, once the upload limit for this request is raised
def upload(case_id: int):
    """Attach one or more files with captions; JSON for the drag-and-drop page, else redirect."""
    case = case_queries.case_for(current_user, case_id)
    if not permissions.can_add_evidence(current_user, case):
        raise NotAllowed(_("Bạn không có quyền thêm chứng cứ cho hồ sơ này."))
    cfg = current_app.config
    request.max_content_length = cfg["EVIDENCE_MAX_REQUEST_BYTES"]
    try:
        csrf.protect()
        uploads = read_uploads(request.files, request.form, limit=cfg["EVIDENCE_MAX_FILE_BYTES"])
        created = services.attach(case, actor=current_user, uploads=uploads)
    except RequestEntityTooLarge:
        return _refused(services.TooLarge(_("Tổng dung lượng gửi lên vượt quá %(limit)s.",
                                            limit=services.megabytes(cfg["EVIDENCE_MAX_REQUEST_BYTES"]))))
    except DomainError as exc:
        return _refused(exc)
    db.session.commit()
    message = ngettext("Đã thêm %(num)s tệp chứng cứ.", "Đã thêm %(num)s tệp chứng cứ.",
                       len(created)) if created else _("Các tệp này đã có trong hồ sơ.")
    target = url_for("cases.detail", case_id=case.id) + "#evidence"
    flash(message, "success")  # the page's script reloads the case page, which shows it
    if _wants_json():
        return jsonify(message=message, created=[e.id for e in created], redirect=target), 201
    return redirect(target, code=303)


def _refused(error: DomainError):
    """Answer a refused upload: JSON to the script, else the site's error handling."""
    db.session.rollback()
    if _wants_json():
        return jsonify(message=error.message), error.status_code
    raise error


def _item(case_id: int, evidence_id: int):
    case = case_queries.case_for(current_user, case_id)
    return queries.evidence_item(case, evidence_id)


@bp.get("/<int:case_id>/evidence/<int:evidence_id>/original")
def original(case_id: int, evidence_id: int):
    """Download the original bytes as an attachment (owning firm, holding agencies)."""
    item = _item(case_id, evidence_id)
    try:
        data = services.original(item, actor=current_user)
    except services.IntegrityFailure as exc:
        db.session.commit()  # the integrity alert is kept
        flash(exc.message, "danger")
        return redirect(url_for("cases.detail", case_id=case_id) + "#evidence", code=303)
    db.session.commit()  # the download is logged
    return original_download(data, item.kind.media_type, item.filename)


@bp.get("/<int:case_id>/evidence/<int:evidence_id>/display")
def display(case_id: int, evidence_id: int):
    """Show the cleaned display copy of a photo."""
    return _image(case_id, evidence_id, thumb=False)


@bp.get("/<int:case_id>/evidence/<int:evidence_id>/thumb")
def thumb(case_id: int, evidence_id: int):
    """Show the thumbnail of a photo."""
    return _image(case_id, evidence_id, thumb=True)


def _image(case_id: int, evidence_id: int, *, thumb: bool):
    item = _item(case_id, evidence_id)
    try:
        data = services.display_copy(item, actor=current_user, thumb=thumb)
    except services.IntegrityFailure as exc:
        db.session.commit()
        return Response(exc.message, status=409, mimetype="text/plain")
    return Response(data, mimetype="image/jpeg",
                    headers={"Cache-Control": "private, no-store"})
