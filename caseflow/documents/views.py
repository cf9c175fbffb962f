"""Produce, watch and download documents."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.audit import services as audit
from caseflow.cases import queries as case_queries
from caseflow.db_types import utcnow
from caseflow.documents import jobs, parcel_inspections, queries, services, storage
from caseflow.documents.forms import ParcelInspectionForm, ReportForm
from caseflow.documents.models import Document, DocumentJob, JobStatus
from caseflow.documents.report_texts import TEXT_KEYS
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.referrals import queries as referral_queries

bp = Blueprint("documents", __name__)


@bp.before_request
def case_roles_only():
    """Keep users without a case role out."""
    if not permissions.can_use_cases(current_user):
        raise NotFound()


def _url_root() -> str:
    """Return the site's public root for QR codes (PUBLIC_BASE_URL behind a proxy)."""
    return current_app.config.get("PUBLIC_BASE_URL") or request.url_root


def _issued(document: Document, case_id: int):
    db.session.commit()
    flash(_("Đã lập %(kind)s số %(number)s.", kind=document.kind.label,
            number=document.number), "success")
    return redirect(url_for("cases.detail", case_id=case_id, _anchor="documents"))


@bp.post("/cases/<int:case_id>/documents/bien-ban")
def bien_ban(case_id: int):
    """Issue the record of stopping and inspecting the item (rendered in the request)."""
    case = case_queries.case_for(current_user, case_id)
    if not permissions.can_produce_bien_ban(current_user, case):
        raise NotFound()
    draft = services.bien_ban_draft(case, actor=current_user)
    return _issued(services.issue(draft, url_root=_url_root()), case.id)


@bp.post("/referrals/<int:referral_id>/documents/slip")
def referral_slip(referral_id: int):
    """Issue the slip of one referral (rendered in the request)."""
    referral = referral_queries.referral_for(current_user, referral_id)
    if not permissions.can_produce_referral_slip(current_user, referral):
        raise NotFound()
    draft = services.referral_slip_draft(referral, actor=current_user)
    return _issued(services.issue(draft, url_root=_url_root()), referral.case_id)


@bp.route("/referrals/<int:referral_id>/documents/inspection", methods=["GET", "POST"])
def parcel_inspection(referral_id: int):
    """Record the agency's inspection made on its written request, and issue its biên bản."""
    referral = referral_queries.referral_for(current_user, referral_id)
    if not permissions.can_record_parcel_inspection(current_user, referral):
        raise NotFound()
    form = ParcelInspectionForm()
    if request.method == "GET":
        form.officer_name.data = current_user.full_name
        form.officer_title.data = current_user.job_title
        form.place.data = referral.case.held_at
    if form.validate_on_submit():
        document = parcel_inspections.record(referral, actor=current_user, data=form.data,
                                             url_root=_url_root())
        return _issued(document, referral.case_id)
    return render_template("documents/parcel_inspection.html", form=form, referral=referral,
                           case=referral.case)


@bp.post("/parcel-inspections/<int:inspection_id>/print")
def parcel_inspection_reprint(inspection_id: int):
    """Print a recorded inspection's biên bản again, under its number and date."""
    inspection = queries.parcel_inspection_for(current_user, inspection_id)
    document = parcel_inspections.reprint(inspection, actor=current_user, url_root=_url_root())
    return _issued(document, inspection.referral.case_id)


@bp.post("/cases/<int:case_id>/documents/case-file")
def case_file(case_id: int):
    """Queue the full case file and send the user to watch it being rendered."""
    case = case_queries.case_for(current_user, case_id)
    if not permissions.can_produce_case_file(current_user, case):
        raise NotFound()
    job = jobs.request_case_file(case, actor=current_user, url_root=_url_root())
    return _started(job)


def _started(job: DocumentJob):
    db.session.commit()
    jobs.start(job.id)
    return redirect(url_for(".job", job_id=job.id))


@bp.route("/documents/reports", methods=["GET", "POST"])
def reports():
    """Request a summary report and list the reports already issued."""
    scopes = queries.report_scopes(current_user)
    if not scopes:
        raise NotFound()
    form = ReportForm()
    form.scope.choices = scopes
    if form.is_submitted() and not permissions.can_produce_summary_report(
            current_user, form.scope.data or None):
        raise NotFound()
    if request.method == "GET":
        previous = to_local(utcnow()).date().replace(day=1) - timedelta(days=1)
        form.number.data, form.year.data = previous.month, previous.year
    if form.validate_on_submit():
        job = jobs.request_summary_report(
            actor=current_user, province_code=form.scope.data or None,
            period_kind=form.period.data, year=form.year.data, number=form.number.data,
            url_root=_url_root())
        services.keep_report_texts(job, {k: form[k].data for k in TEXT_KEYS})
        return _started(job)
    rows = [queries.document_row(d) for d in queries.summary_reports(current_user)]
    return render_template("documents/reports.html", form=form, reports=rows)


@bp.get("/documents/<int:document_id>/download")
def download(document_id: int):
    """Send a stored document to a reader allowed to have it, and log the download."""
    document = queries.document_for(current_user, document_id)
    audit.record("document.download", actor=current_user, object_type="document",
                 object_id=document.id, kind=document.kind.value, number=document.number,
                 case_id=document.case_id)
    content, name = storage.read(document), queries.file_name(document)
    db.session.commit()
    response = send_file(BytesIO(content), mimetype="application/pdf", as_attachment=True,
                         download_name=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/documents/jobs/<int:job_id>")
def job(job_id: int):
    """Show a job's progress; static/js/document-job.js polls job_status."""
    return render_template("documents/job.html", job=job_view(queries.job_for(current_user,
                                                                               job_id)))


@bp.get("/documents/jobs/<int:job_id>/status")
def job_status(job_id: int):
    """Report a job's progress as JSON."""
    response = jsonify(job_view(queries.job_for(current_user, job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


def job_view(job: DocumentJob) -> dict[str, Any]:
    """Describe a job for its page and its JSON status."""
    status = jobs.effective_status(job)
    document = job.document if status is JobStatus.DONE else None
    case_id = job.params.get("case_id")
    return {
        "id": job.id, "kind": str(job.kind.label), "status": status.value,
        "label": str(status.label), "progress": 100 if document else job.progress,
        "error": job.error or (_("Quá thời gian chờ; vui lòng tạo lại.")
                               if status is JobStatus.FAILED else ""),
        "number": document.number if document else "",
        "download_url": url_for(".download", document_id=document.id) if document else "",
        "status_url": url_for(".job_status", job_id=job.id),
        "back_url": url_for("cases.detail", case_id=case_id, _anchor="documents") if case_id
        else url_for(".reports"),
    }
