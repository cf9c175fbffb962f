"""Request ids: taken from X-Request-ID or made, echoed, and written into every log line."""

from __future__ import annotations

import io
import json
import logging

from caseflow.main import request_log
from caseflow.tasks import queue, work


def test_a_request_without_an_id_gets_one_back(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    ids = {first.headers["X-Request-ID"], second.headers["X-Request-ID"]}
    assert len(ids) == 2 and all(len(i) == 32 for i in ids)


def test_a_well_formed_id_is_kept_and_a_bad_one_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "nginx-7f3a.1"}).headers[
        "X-Request-ID"] == "nginx-7f3a.1"
    bad = client.get("/healthz", headers={"X-Request-ID": 'x" injected'}).headers["X-Request-ID"]
    assert bad != 'x" injected' and len(bad) == 32


def test_redirects_to_the_login_page_carry_the_id_too(client):
    response = client.get("/cases/", headers={"X-Request-ID": "abc-123"})
    assert response.status_code == 302 and response.headers["X-Request-ID"] == "abc-123"


def test_every_json_log_line_of_a_request_names_its_id(app):
    stream = io.StringIO()
    handler = request_log.make_handler("json", stream)
    logger = logging.getLogger("caseflow.test_request_log")
    logger.addHandler(handler)

    try:
        with app.test_request_context("/", headers={"X-Request-ID": "req-42"}):
            logger.warning("tới đây %s", 1)
        logger.warning("outside")
    finally:
        logger.removeHandler(handler)
    inside, outside = (json.loads(line) for line in stream.getvalue().splitlines())
    assert inside["request_id"] == "req-42" and inside["message"] == "tới đây 1"
    assert inside["level"] == "WARNING" and inside["logger"] == "caseflow.test_request_log"
    assert outside["request_id"] == "-" and outside["time"].startswith("20")


def test_a_workers_lines_name_the_task_and_the_request_that_queued_it():
    task = work.render_document.s(1, request_id="req-7")
    queue.name_log_lines(task)
    assert request_log.current_id() == f"req-7/task-{task.id}"
    queue.unname_log_lines(task, None, None)
    assert request_log.current_id() == "-"
