"""Large documents render off the request path; the requester watches a progress page."""

from __future__ import annotations

import time

from caseflow.documents import jobs
from caseflow.documents.models import DocumentJob, JobStatus
from caseflow.extensions import db
from tests.conftest import login, post


def test_case_file_job_completes_and_reports_done(client, cast, case):
    login(client, cast.supervisor)
    response = post(client, f"/cases/{case.id}/documents/case-file")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "js/document-job.js" in html and "<script>" not in html

    job = db.session.scalars(db.select(DocumentJob)).one()
    status = client.get(f"/documents/jobs/{job.id}/status").get_json()
    assert status["status"] == "done" and status["progress"] == 100
    assert "/HS-" in status["number"]
    download = client.get(status["download_url"])
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert f"{case.reference}_ho-so_01.pdf" in download.headers["Content-Disposition"]


def test_summary_report_job_runs_for_a_province(client, cast, case):
    login(client, cast.supervisor)
    response = post(client, "/documents/reports",
                    {"scope": "01", "period": "quarter", "number": "4", "year": "2026"})
    status = client.get(response.headers["Location"] + "/status").get_json()
    assert status["status"] == "done" and status["number"] == "01/BC-SKHCN"
    assert status["number"] in client.get("/documents/reports").get_data(as_text=True)


def test_another_users_job_is_not_found(app, client, cast, case):
    login(client, cast.supervisor)
    post(client, f"/cases/{case.id}/documents/case-file")
    job = db.session.scalars(db.select(DocumentJob)).one()
    other = app.test_client()
    login(other, cast.national)
    assert other.get(f"/documents/jobs/{job.id}/status").status_code == 404


def test_a_failing_render_marks_the_job_failed(app, client, cast, case, monkeypatch):
    from caseflow.documents import pdf

    def broken(html, fetcher=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    login(client, cast.supervisor)
    response = post(client, f"/cases/{case.id}/documents/case-file")
    status = client.get(response.headers["Location"] + "/status").get_json()
    assert status["status"] == "failed" and "mã" in status["error"]
    assert not status["download_url"]


def test_the_thread_pool_renders_a_job_in_the_background(app, cast, case, fast_render):
    job = jobs.request_case_file(case, actor=cast.supervisor, url_root="http://x/")
    db.session.commit()
    app.config["DOCUMENT_JOBS_SYNC"] = False
    jobs.start(app, job.id)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        db.session.expire_all()
        if db.session.get(DocumentJob, job.id).status in (JobStatus.DONE, JobStatus.FAILED):
            break
        time.sleep(0.05)
    assert db.session.get(DocumentJob, job.id).status is JobStatus.DONE


def test_a_job_lost_with_its_process_shows_as_failed(app, cast, case):
    from datetime import timedelta

    from caseflow.db_types import utcnow

    job = jobs.request_case_file(case, actor=cast.supervisor, url_root="http://x/")
    job.created_at = utcnow() - jobs.STALE_AFTER - timedelta(minutes=1)
    assert jobs.effective_status(job) is JobStatus.FAILED
