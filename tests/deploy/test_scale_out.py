"""Scale-out on one host: nginx, two gunicorn servers and a worker share PostgreSQL and Redis.

A client alternating between the servers logs in on one and is known on the other, queues a
case file on one and watches the worker finish it from both; failed logins count in Redis,
so the limit holds across servers; /metrics adds up the gunicorn workers' counters; nginx,
run with deploy/nginx.conf, spreads a journey over both servers.
Runs when CASEFLOW_TEST_DATABASE_URL names a PostgreSQL server (and Redis answers); the nginx
tests also need nginx (Debian package nginx-light, installed by `make test`).
"""

from __future__ import annotations

import json
import socket
import time
from types import SimpleNamespace

import pytest
import redis

from caseflow import create_app
from caseflow.accounts.models import OrgKind, Role
from caseflow.extensions import db
from caseflow.seed.reference import load_reference_data
from caseflow.workflow.states import CaseStatus
from config import TestingConfig
from tests.conftest import PG_URL, fresh_postgres_database
from tests.deploy import proxy, servers
from tests.factories import DEFAULT_PASSWORD, make_case, make_org, make_user
from tests.tasks.worker import redis_url, wait_for

pytestmark = [pytest.mark.postgresql, pytest.mark.xdist_group("redis-db8"),
              pytest.mark.skipif(not PG_URL, reason="needs CASEFLOW_TEST_DATABASE_URL")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, worker_id):
    """Build the schema and a case, then start two app servers and a worker."""
    try:
        redis.Redis.from_url(redis_url(worker_id), socket_connect_timeout=1).flushdb()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    tmp, url = tmp_path_factory.mktemp("deploy"), fresh_postgres_database(f"scale_{worker_id}")
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        load_reference_data()
        firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
        supervisor = make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01")
        case = make_case(firm_user=make_user(role=Role.FIRM_CLERK, org=firm),
                         status=CaseStatus.FLAGGED)
        db.session.commit()
        people = SimpleNamespace(username=supervisor.username, case_id=case.id)
        db.session.remove()
        db.engine.dispose()
    env = {**servers.production_env(url, app.config["KEY_FILE"], redis_url(worker_id), tmp),
           "TRUSTED_PROXIES": "1"}
    ports, edge = [free_port(), free_port()], [free_port(), free_port()]
    processes = [servers.start_app_server(env, port, tmp) for port in ports]
    worker = [str(servers.BIN / "flask"), "--app", "wsgi", "tasks", "worker"]
    processes.append(servers.start(worker, env, tmp / "worker.log"))
    if proxy.NGINX:
        processes.append(proxy.start_nginx(tmp, *edge, ports))
        wait_for(lambda: proxy.listening(edge[0]), what="nginx")
    try:
        yield SimpleNamespace(ports=ports, tmp=tmp, https_port=edge[0], http_port=edge[1],
                              **vars(people))
    finally:
        for process in processes:
            servers.stop(process)


@pytest.fixture
def browser(deployment) -> servers.RoundRobin:
    return servers.RoundRobin([servers.Server(port) for port in deployment.ports])


def log_in(browser: servers.RoundRobin, username: str, password: str = DEFAULT_PASSWORD):
    token = browser.form_token("/login")
    return browser.send("POST", "/login", {"csrf_token": token, "username": username,
                                           "password": password})


def test_a_session_started_on_one_server_works_on_the_other(deployment, browser):
    assert log_in(browser, deployment.username).status == 302
    pages = [browser.send("GET", f"/cases/{deployment.case_id}") for _ in range(4)]
    assert [(p.port, p.status) for p in pages] == [(port, 200) for port in
                                                   deployment.ports * 2]


def test_a_case_file_queued_on_one_server_is_rendered_by_the_worker(deployment, browser):
    log_in(browser, deployment.username)
    token = browser.form_token(f"/cases/{deployment.case_id}")
    browser.headers["X-Request-ID"] = "press-case-file"
    queued = browser.send("POST", f"/cases/{deployment.case_id}/documents/case-file",
                          {"csrf_token": token})
    del browser.headers["X-Request-ID"]
    assert queued.status == 302, queued.text[:300]
    status_url = queued.headers["Location"].split("//", 1)[-1].partition("/")[2]
    states = []

    def finished() -> bool:
        states.append(json.loads(browser.send("GET", f"/{status_url}/status").text))
        return states[-1]["status"] in ("done", "failed")

    wait_for(finished, what="the worker to render the case file", seconds=120)
    assert states[-1]["status"] == "done", states[-1]
    assert states[-1]["number"].split("/")[1].startswith("HS-")
    assert {state["status"] for state in states} <= {"queued", "running", "done"}
    # The worker's lines name the request that queued the job.
    assert '"request_id": "press-case-file/task-' in (deployment.tmp / "worker.log").read_text()


def test_failed_logins_count_across_servers(deployment, browser):
    answers = [log_in(browser, "khong-ton-tai", "sai-mat-khau").status for _ in range(6)]
    assert answers[:5] == [200] * 5 and answers[5] == 429  # 5/minute per account, shared


def test_each_server_echoes_request_ids_and_logs_json(deployment):
    for port in deployment.ports:
        answer = servers.Server(port).send("GET", "/healthz",
                                           headers={"X-Request-ID": f"lb-{port}"})
        assert answer.headers["X-Request-ID"] == f"lb-{port}"
    time.sleep(0.5)  # let gunicorn flush its access line
    for port in deployment.ports:
        lines = (deployment.tmp / f"gunicorn-{port}.log").read_text().splitlines()
        access = [json.loads(line) for line in lines if '"gunicorn.access"' in line]
        assert any(line["request_id"] == f"lb-{port}" and line["status"] == 200
                   for line in access)


def test_metrics_add_up_the_workers_of_a_server(deployment):
    server = servers.Server(deployment.ports[0])
    for _ in range(3):
        server.send("GET", "/healthz")
    text = server.send("GET", "/metrics").text
    healthz = [line for line in text.splitlines() if line.startswith(
        'caseflow_http_requests_total{endpoint="main.healthz",method="GET",status="200"}')]
    assert healthz and float(healthz[0].split()[-1]) >= 3
    assert "caseflow_task_queue_pending" in text


needs_nginx = pytest.mark.skipif(not proxy.NGINX, reason="nginx is not installed")


def access_lines(deployment, port: int, path: str) -> list[dict]:
    lines = (deployment.tmp / f"gunicorn-{port}.log").read_text().splitlines()
    return [entry for entry in (json.loads(line) for line in lines
                                if '"gunicorn.access"' in line) if entry["path"] == path]


@needs_nginx
def test_nginx_spreads_a_journey_over_both_servers(deployment):
    browser = servers.RoundRobin([proxy.Proxy(deployment.https_port)])
    assert log_in(browser, deployment.username).status == 302
    path = f"/cases/{deployment.case_id}"
    before = [len(access_lines(deployment, port, path)) for port in deployment.ports]
    assert all(browser.send("GET", path).status == 200 for _ in range(6))
    time.sleep(0.5)
    after = [len(access_lines(deployment, port, path)) for port in deployment.ports]
    assert sum(after) - sum(before) == 6 and all(a > b for a, b in zip(after, before,
                                                                      strict=True))


@needs_nginx
def test_nginx_passes_the_request_id_and_makes_one_when_missing(deployment):
    kept = proxy.through_proxy(deployment.https_port, "GET", "/healthz",
                               headers={"X-Request-ID": "edge-42"})
    made = proxy.through_proxy(deployment.https_port, "GET", "/healthz")
    assert kept.headers["X-Request-ID"] == "edge-42"
    assert len(made.headers["X-Request-ID"]) == 32


@needs_nginx
def test_nginx_serves_static_files_redirects_http_and_hides_metrics(deployment):
    css = proxy.through_proxy(deployment.https_port, "GET", "/static/css/app.css")
    assert css.status == 200 and "public" in css.headers.get_all("Cache-Control")
    assert css.headers["Content-Type"].startswith("text/css")
    assert proxy.through_proxy(deployment.https_port, "GET", "/metrics").status == 404
    plain = servers.Server(deployment.http_port).send("GET", "/login")
    assert plain.status == 301 and plain.headers["Location"].startswith("https://")
