"""Two gunicorn app servers and a task worker on one PostgreSQL database, and a client that
sends each request to the next server in turn (what a round-robin load balancer does)."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from tests.tasks.worker import ROOT, wait_for

BIN = Path(sys.executable).parent
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def production_env(database_url: str, key_file: str, redis_url: str, tmp: Path) -> dict:
    """Return the environment every process of the deployment shares (production config)."""
    return {**os.environ, "CASEFLOW_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": database_url, "CASEFLOW_KEY_FILE": key_file,
            "CASEFLOW_INSTANCE_DIR": str(tmp / "instance"),
            "EVIDENCE_DIR": str(tmp / "evidence"), "HUEY_URL": redis_url,
            "RATELIMIT_STORAGE_URI": redis_url, "CASEFLOW_TOTP_REQUIRED": "0",
            "WEB_CONCURRENCY": "1", "TIMERS_EVERY_MINUTES": "60",
            "EMAILS_EVERY_MINUTES": "60"}


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    """Start a process of the deployment in its own session, its output in `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def start_app_server(env: dict, port: int, tmp: Path) -> subprocess.Popen:
    """Start gunicorn with the project's config on a loopback port; wait until it answers."""
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp / f"metrics-{port}")}
    process = start([str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"], env,
                    tmp / f"gunicorn-{port}.log")
    wait_for(lambda: process.poll() is not None or _answers(port), what=f"gunicorn on {port}")
    assert process.poll() is None, (tmp / f"gunicorn-{port}.log").read_text()
    return process


def _answers(port: int) -> bool:
    try:
        return Server(port).send("GET", "/healthz").status == 200
    except OSError:
        return False


def stop(process: subprocess.Popen) -> None:
    """Stop a process and its children (gunicorn's workers) with SIGTERM."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str
    port: int


@dataclass
class Server:
    port: int

    def send(self, method: str, path: str, body: str | None = None,
             headers: dict | None = None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Answer(response.status, response.headers,
                          response.read().decode("utf-8", "replace"), self.port)
        finally:
            connection.close()


@dataclass
class RoundRobin:
    """A browser behind a load balancer: each request goes to the next server, one cookie jar.

    The session cookie is Secure in production; over loopback HTTP we carry it by hand."""

    servers: list[Server]
    cookies: dict[str, str] = field(default_factory=dict)
    #: Extra headers sent with every request.
    headers: dict[str, str] = field(default_factory=dict)
    turn: int = 0

    def send(self, method: str, path: str, form: dict | None = None) -> Answer:
        server = self.servers[self.turn % len(self.servers)]
        self.turn += 1
        headers = {**self.headers,
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        answer = server.send(method, path, body, headers)
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        return answer

    def form_token(self, path: str) -> str:
        """Fetch a page and return its form token."""
        page = self.send("GET", path)
        match = CSRF_RE.search(page.text)
        assert match, (page.status, page.text[:300])
        return match.group(1)
