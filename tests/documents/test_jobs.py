"""Large documents render off the request path; the requester watches a progress page."""

from __future__ import annotations

from caseflow.documents import jobs
from caseflow.documents.models import Document, DocumentJob, JobStatus
from caseflow.extensions import db
from caseflow.tasks import queue
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


def test_a_queued_job_waits_for_a_worker_then_renders(app, cast, case, fast_render, tmp_path):
    job = jobs.request_case_file(case, actor=cast.supervisor, url_root="http://x/")
    db.session.commit()
    with queue.using(f"sqlite:///{tmp_path / 'tasks.db'}") as huey:
        jobs.start(job.id)
        db.session.expire_all()
        assert db.session.get(DocumentJob, job.id).status is JobStatus.QUEUED
        assert huey.pending_count() == 1
        huey.execute(huey.dequeue())  # what a worker does with the next task
    db.session.expire_all()
    assert db.session.get(DocumentJob, job.id).status is JobStatus.DONE


def test_a_job_the_queue_refuses_fails_at_once(app, cast, case):
    job = jobs.request_case_file(case, actor=cast.supervisor, url_root="http://x/")
    db.session.commit()
    with queue.using("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        jobs.start(job.id)
    db.session.expire_all()
    failed = db.session.get(DocumentJob, job.id)
    assert failed.status is JobStatus.FAILED and "mã" in failed.error


def test_a_job_delivered_twice_renders_once(app, cast, case, fast_render):
    job = jobs.request_case_file(case, actor=cast.supervisor, url_root="http://x/")
    db.session.commit()
    jobs.start(job.id)
    jobs.start(job.id)
    assert len(db.session.scalars(db.select(Document)).all()) == 1


def test_a_job_lost_with_its_process_shows_as_failed(app, cast, case):
    from datetime import timedelta

    from caseflow.db_types import utcnow

    job = jobs.request_case_file(case, actor=cast.supervisor, url_root="http://x/")
    job.created_at = utcnow() - jobs.STALE_AFTER - timedelta(minutes=1)
    assert jobs.effective_status(job) is JobStatus.FAILED
