"""The one Huey queue of the app: Redis in production, a SQLite file by default, inline in tests.

Tasks are declared on `huey` at import time; `configure` points it at the storage named by
TASKS_URL when the app is built. A worker (`flask tasks worker`) binds its app with `bind`, so
that tasks, which run outside any request, know which app to open a context on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import BaseStorage, MemoryStorage, RedisStorage, SqliteStorage

QUEUE_NAME = "caseflow"
#: Starts inline on memory: nothing touches Redis or a file before `configure` runs. No result
#: store: the rows (document_job, import_batch) hold the outcome the pages show.
huey = Huey(QUEUE_NAME, results=False, immediate=True, storage_class=MemoryStorage, utc=True)
_bound: dict[str, Flask] = {}


@huey.pre_execute()
def name_log_lines(task) -> None:
    """Stamp a worker's log lines with the queuing request's id and the task's (request_log)."""
    from caseflow.main.request_log import outside_request

    origin = task.kwargs.get("request_id") or "-"
    outside_request.set(f"{origin}/task-{task.id}")


@huey.post_execute()
def unname_log_lines(task, task_value, exc) -> None:
    """Stop stamping once the task is done (an inline task runs on the caller's thread)."""
    from caseflow.main.request_log import outside_request

    outside_request.set("-")


def storage_for(url: str) -> BaseStorage:
    """Return the queue storage a URL names: redis://…, rediss://… or sqlite:///path."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage(QUEUE_NAME, url=url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteStorage(QUEUE_NAME, filename=str(path))
    raise RuntimeError("TASKS_URL (HUEY_URL, REDIS_URL) must be redis://… or sqlite:///…")


def configure(app: Flask) -> None:
    """Point the queue at the app's storage, or run tasks inline when TASKS_IMMEDIATE."""
    immediate = bool(app.config.get("TASKS_IMMEDIATE"))
    huey.immediate = immediate
    if not immediate:
        huey.storage = storage_for(app.config["TASKS_URL"])


@contextmanager
def using(url: str) -> Iterator[Huey]:
    """Enqueue onto the storage at `url` for a while (tests of real consumers)."""
    was_immediate, storage = huey.immediate, huey.storage
    huey.immediate = False
    huey.storage = storage_for(url)
    try:
        yield huey
    finally:
        huey.storage = storage
        huey._immediate = was_immediate  # restore as it was, without recreating the storage


def bind(app: Flask) -> None:
    """Make `app` the app tasks run in when no app context is open (a worker's)."""
    _bound["app"] = app


def task_app() -> Flask:
    """Return the app a task runs in: the open one (inline tasks), the bound one, or a new one."""
    if has_app_context():
        return current_app._get_current_object()
    if "app" not in _bound:
        from caseflow import create_app

        bind(create_app())
    return _bound["app"]
