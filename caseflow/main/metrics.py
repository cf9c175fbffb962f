"""/metrics in Prometheus format: requests and latency per endpoint, the queue, the job rows.

Under gunicorn each worker writes its counters to PROMETHEUS_MULTIPROC_DIR and a scrape adds
them up (deploy/gunicorn.conf.py sets the directory). The page is not public: it answers only
the networks in METRICS_ALLOWED_NETWORKS or a Bearer METRICS_TOKEN, and 404 to anyone else.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time

import sqlalchemy as sa
from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST as PROMETHEUS_TEXT
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

REQUESTS = Counter("caseflow_http_requests_total", "HTTP requests answered.",
                   ["method", "endpoint", "status"])
LATENCY = Histogram("caseflow_http_request_duration_seconds", "Time to answer a request.",
                    ["method", "endpoint"],
                    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))


class BacklogCollector:
    """Measure, at scrape time, the tasks waiting on the queue and the unfinished job rows."""

    def collect(self):
        from caseflow.documents.models import DocumentJob, JobStatus
        from caseflow.extensions import db
        from caseflow.tasks.queue import huey

        queue = GaugeMetricFamily("caseflow_task_queue_pending", "Tasks waiting for a worker.")
        queue.add_metric([], 0 if huey.immediate else huey.pending_count())
        yield queue
        jobs = GaugeMetricFamily("caseflow_document_jobs", "Document jobs not finished yet.",
                                 labels=["status"])
        counts = dict(db.session.execute(
            sa.select(DocumentJob.status, sa.func.count()).where(DocumentJob.status.in_(
                (JobStatus.QUEUED, JobStatus.RUNNING))).group_by(DocumentJob.status)).all())
        for status in (JobStatus.QUEUED, JobStatus.RUNNING):
            jobs.add_metric([status.value], counts.get(status, 0))
        yield jobs


def allowed() -> bool:
    """True for a caller from an allowed network or with the metrics token."""
    token = current_app.config.get("METRICS_TOKEN", "")
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and hmac.compare_digest(offered.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    networks = current_app.config.get("METRICS_ALLOWED_NETWORKS", "")
    return any(address in ipaddress.ip_network(n.strip(), strict=False)
               for n in networks.split(",") if n.strip())


def metrics() -> Response:
    """Expose the metrics to an allowed scraper (404 to anyone else)."""
    if not allowed():
        abort(404)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        workers = CollectorRegistry()
        MultiProcessCollector(workers)
    else:
        workers = REGISTRY
    backlog = CollectorRegistry()
    backlog.register(BacklogCollector())
    response = Response(generate_latest(workers) + generate_latest(backlog),
                        content_type=PROMETHEUS_TEXT)
    response.headers["Cache-Control"] = "no-store"
    return response


def start_timer() -> None:
    g.metrics_started = time.perf_counter()


def count_request(response: Response) -> Response:
    """Count the request and observe how long it took."""
    endpoint = request.endpoint or "unknown"
    REQUESTS.labels(request.method, endpoint, str(response.status_code)).inc()
    if "metrics_started" in g:
        LATENCY.labels(request.method, endpoint).observe(time.perf_counter() - g.metrics_started)
    return response


def init_metrics(app: Flask) -> None:
    """Add /metrics (endpoint "metrics", on the login allow-list) and the request counters."""
    app.add_url_rule("/metrics", "metrics", metrics, methods=["GET"])
    app.before_request(start_timer)
    app.after_request(count_request)
