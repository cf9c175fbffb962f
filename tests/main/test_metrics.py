"""/metrics: Prometheus text for allowed networks or the token holder, 404 for everyone else."""

from __future__ import annotations

import pytest

from caseflow.accounts.models import Role
from caseflow.documents.models import DocumentJob, DocumentKind
from caseflow.extensions import db
from tests.factories import make_user

OUTSIDE = {"REMOTE_ADDR": "203.0.113.9"}


def test_a_scraper_on_the_host_reads_requests_and_the_backlog(app, client):
    client.get("/healthz")
    response = client.get("/metrics")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert 'caseflow_http_requests_total{endpoint="main.healthz",method="GET",status="200"}' \
        in text
    assert "caseflow_http_request_duration_seconds_bucket" in text
    assert "caseflow_task_queue_pending 0.0" in text
    assert 'caseflow_document_jobs{status="queued"} 0.0' in text


def test_queued_jobs_are_counted(app, client):
    db.session.add(DocumentJob(kind=DocumentKind.CASE_FILE, params={},
                               requested_by=make_user(role=Role.NATIONAL_SUPERVISOR)))
    db.session.commit()
    assert 'caseflow_document_jobs{status="queued"} 1.0' in client.get("/metrics").get_data(
        as_text=True)


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}])
def test_metrics_are_not_found_from_elsewhere_without_the_token(app, client, headers):
    app.config["METRICS_TOKEN"] = "s3cret-token"
    try:
        response = client.get("/metrics", environ_base=OUTSIDE, headers=headers)
    finally:
        app.config["METRICS_TOKEN"] = ""
    assert response.status_code == 404 and b"caseflow_" not in response.data


def test_the_token_opens_metrics_from_anywhere(app, client):
    app.config["METRICS_TOKEN"] = "s3cret-token"
    try:
        response = client.get("/metrics", environ_base=OUTSIDE,
                              headers={"Authorization": "Bearer s3cret-token"})
    finally:
        app.config["METRICS_TOKEN"] = ""
    assert response.status_code == 200


def test_no_token_configured_means_no_token_opens_it(app, client):
    response = client.get("/metrics", environ_base=OUTSIDE, headers={"Authorization": "Bearer "})
    assert response.status_code == 404
