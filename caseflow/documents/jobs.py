"""Render large documents off the request path: a job row and a task on the queue.

The request creates a DocumentJob and commits; `start` queues it (caseflow/tasks), a worker
process renders it in its own app context and session, and the requester's page polls the
job's row. The queue keeps a job across restarts of the worker; a job still waiting once it is
STALE_AFTER old (no worker running, a worker killed mid-render) shows as failed.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from flask import Flask
from flask_babel import gettext as _

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.audit import services as audit
from caseflow.cases import queries as case_queries
from caseflow.cases.models import Case
from caseflow.db_types import utcnow
from caseflow.documents import services
from caseflow.documents.models import DocumentJob, DocumentKind, JobStatus
from caseflow.errors import DomainError, NotAllowed
from caseflow.extensions import db
from caseflow.reports.queries import Period

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=15)


def request_case_file(case: Case, *, actor: User, url_root: str) -> DocumentJob:
    """Queue the case file of a visible case."""
    if not permissions.can_produce_case_file(actor, case):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))
    return _queue(DocumentKind.CASE_FILE, actor, {"case_id": case.id, "url_root": url_root})


def request_summary_report(*, actor: User, province_code: str | None, period_kind: str,
                           year: int, number: int, url_root: str) -> DocumentJob:
    """Queue a summary report of one province (or the nation) for a month or a quarter."""
    if not permissions.can_produce_summary_report(actor, province_code):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))
    return _queue(DocumentKind.SUMMARY_REPORT, actor, {
        "province": province_code, "period": period_kind, "year": year, "number": number,
        "url_root": url_root})


def _queue(kind: DocumentKind, actor: User, params: dict) -> DocumentJob:
    job = DocumentJob(kind=kind, params=params, requested_by=actor)
    db.session.add(job)
    db.session.flush()
    audit.record("document.request", actor=actor, object_type="document_job", object_id=job.id,
                 kind=kind.value, case_id=params.get("case_id"))
    return job


def start(job_id: int) -> None:
    """Queue a committed job for a worker (inline under TASKS_IMMEDIATE); fail it if the queue
    cannot take it, so the requester is told at once rather than after STALE_AFTER."""
    from caseflow.main.request_log import current_id
    from caseflow.tasks import work

    try:
        work.render_document(job_id, request_id=current_id())
    except Exception as exc:  # the queue's storage is down: the job row says so
        log.exception("document job %s could not be queued", job_id)
        _fail(job_id, exc)


def run(app: Flask, job_id: int) -> None:
    """Render one job in its own app context; record success or failure on the job."""
    with app.app_context():
        try:
            job = db.session.get(DocumentJob, job_id)
            if job is None or job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
                return  # deleted, or already finished: a task delivered twice does nothing
            _render(job)
        except Exception as exc:  # any failure ends on the job row, never silently
            db.session.rollback()
            _fail(job_id, exc)
        finally:
            db.session.remove()


def _render(job: DocumentJob) -> None:
    _step(job, JobStatus.RUNNING, 10)
    draft = _draft(job)
    _step(job, JobStatus.RUNNING, 40)
    document = services.issue(draft, url_root=job.params["url_root"])
    job.status, job.progress, job.document = JobStatus.DONE, 100, document
    job.finished_at = utcnow()
    db.session.commit()


def _step(job: DocumentJob, status: JobStatus, progress: int) -> None:
    job.status, job.progress = status, progress
    db.session.commit()


def _draft(job: DocumentJob) -> services.Draft:
    """Load what the job renders, scoped to its requester as a request would be."""
    actor, params = job.requested_by, job.params
    if job.kind is DocumentKind.CASE_FILE:
        case = case_queries.case_for(actor, params["case_id"])
        return services.case_file_draft(case, actor=actor)
    make = Period.month if params["period"] == "month" else Period.quarter
    return services.summary_report_draft(actor=actor, province_code=params["province"],
                                         period=make(params["year"], params["number"]),
                                         texts=params.get("texts"))


def _fail(job_id: int, exc: Exception) -> None:
    if isinstance(exc, DomainError) and exc.message:
        message = exc.message
    else:
        incident = uuid.uuid4().hex[:12]
        log.error("document job %s failed, incident %s", job_id, incident, exc_info=exc)
        message = _("Hệ thống gặp sự cố (mã %(id)s).", id=incident)
    job = db.session.get(DocumentJob, job_id)
    if job is not None:
        job.status, job.error, job.finished_at = JobStatus.FAILED, message, utcnow()
        db.session.commit()


def effective_status(job: DocumentJob) -> JobStatus:
    """Return the job's status, calling a job that outlived its process failed."""
    waiting = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    return JobStatus.FAILED if waiting and utcnow() - job.created_at > STALE_AFTER \
        else job.status
