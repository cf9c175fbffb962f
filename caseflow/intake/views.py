"""Nhập báo cáo từ tệp: upload a CSV/XLSX, preview, confirm (a worker imports; a progress bar)."""

from __future__ import annotations

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.errors import NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.intake import imports, parsing
from caseflow.intake.forms import MAX_FILE_BYTES, ConfirmForm, ImportForm
from caseflow.intake.models import BatchStatus, ImportBatch
from caseflow.main.forms import apply_field_errors
from caseflow.main.request_log import request_id
from caseflow.tasks import work

bp = Blueprint("intake", __name__, url_prefix="/intake")


@bp.before_request
def importers_only():
    """A firm's security officers only (404 for everyone else)."""
    if not permissions.can_import_flags(current_user):
        raise NotFound()


@bp.route("/", methods=["GET", "POST"])
def index():
    """The upload form, the templates and the latest imports."""
    form = ImportForm()
    if form.validate_on_submit():
        data = form.file.data.stream.read(MAX_FILE_BYTES + 1)
        try:
            if len(data) > MAX_FILE_BYTES:
                raise ValidationFailed(_("Tệp lớn hơn 5 MB; hãy chia thành nhiều tệp."),
                                       {"file": [_("Tệp lớn hơn 5 MB; hãy chia thành nhiều "
                                                   "tệp.")]})
            batch = imports.preview(actor=current_user, filename=form.file.data.filename or "",
                                    data=data)
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc)
        else:
            db.session.commit()
            return redirect(url_for(".batch", batch_id=batch.id), code=303)
    return render_template("intake/index.html", form=form,
                           batches=imports.recent_batches(current_user))


@bp.get("/<int:batch_id>")
def batch(batch_id: int):
    """The preview: which rows will be created, which exist, which are rejected and why."""
    found = imports.batch_for(current_user, batch_id)
    return render_template("intake/batch.html", batch=found, form=ConfirmForm(),
                           earlier=imports.earlier_import(found))


@bp.post("/<int:batch_id>/import")
def run_chunk(batch_id: int):
    """Queue the confirmed import for a worker; JSON progress for the script, else the page."""
    found = imports.batch_for(current_user, batch_id)
    if not ConfirmForm().validate_on_submit():
        raise ValidationFailed(_("Biểu mẫu không hợp lệ; vui lòng thử lại."))
    queue = imports.confirm(found, actor=current_user)
    db.session.commit()
    if queue:
        work.import_batch(found.id, request_id=request_id())
    db.session.refresh(found)  # an inline queue (tests, TASKS_IMMEDIATE) has finished already
    body = _progress(found)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(body)
    if body["done"]:
        flash(_("Đã nhập xong: %(n)s báo cáo mới.", n=body["created"]), "success")
    return redirect(url_for(".batch", batch_id=batch_id), code=303)


@bp.get("/<int:batch_id>/progress")
def progress(batch_id: int):
    """Report a batch's import progress as JSON (the page's script polls it)."""
    response = jsonify(_progress(imports.batch_for(current_user, batch_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


def _progress(batch: ImportBatch) -> dict:
    return {"progress": batch.progress, "processed": batch.processed_rows,
            "pending": batch.pending_rows, "created": batch.created_count,
            "done": batch.status is BatchStatus.DONE,
            "progress_url": url_for(".progress", batch_id=batch.id)}


@bp.get("/template.csv")
def template_csv():
    """Download the CSV template."""
    return Response(parsing.template_csv(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=mau-bao-cao-buu-gui.csv"})


@bp.get("/template.xlsx")
def template_xlsx():
    """Download the Excel template."""
    return Response(parsing.template_xlsx(), headers={
        "Content-Disposition": "attachment; filename=mau-bao-cao-buu-gui.xlsx"},
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
