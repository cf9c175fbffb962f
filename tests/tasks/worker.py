"""Start and stop a real `flask tasks worker` process on the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).with_name("flask"))


def worker_env(app: Flask, tasks_url: str, instance: Path) -> dict[str, str]:
    """Return the environment of a worker sharing the app's database, keys and queue."""
    return {**os.environ, "CASEFLOW_ENV": "development", "HUEY_URL": tasks_url,
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "CASEFLOW_KEY_FILE": app.config["KEY_FILE"], "CASEFLOW_INSTANCE_DIR": str(instance),
            "EVIDENCE_DIR": app.config["EVIDENCE_DIR"], "LOG_FORMAT": "text",
            "TIMERS_EVERY_MINUTES": "60", "EMAILS_EVERY_MINUTES": "60"}


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start a worker and wait until it takes tasks."""
    with log.open("ab") as out:
        process = subprocess.Popen([FLASK, "--app", "wsgi", "tasks", "worker"], cwd=ROOT,
                                   env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    wait_for(lambda: b"caseflow worker on" in log.read_bytes() or process.poll() is not None,
             what="the worker to start")
    assert process.poll() is None, log.read_text()
    return process


def kill(process: subprocess.Popen) -> None:
    """Kill a worker outright, as a crash or an OOM kill would."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def wait_for(condition: Callable[[], bool], *, what: str, seconds: float = 60) -> None:
    """Poll until the condition holds, or fail naming what never happened."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def redis_url(worker_id: str) -> str:
    """Return this xdist worker's own Redis database (8 for the first, 9 for the second …).

    Tests that flush a database or run real task workers on it must not share it with a test
    running at the same time on another xdist worker: the workers would take each other's tasks.
    """
    index = int(worker_id[2:]) if worker_id.startswith("gw") else 0
    return f"redis://127.0.0.1:6379/{8 + index}"
