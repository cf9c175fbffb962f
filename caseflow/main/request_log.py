"""Log lines as JSON (or text), each carrying the id of its request or task.

A request keeps a well-formed X-Request-ID it arrives with (the proxy's, a firm's system's)
or gets a new one; the response echoes it, so one id ties the proxy's, gunicorn's and the
app's lines of a request together. A worker's lines carry "<request id>/task-<task id>",
the request being the one that queued the task.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from contextvars import ContextVar
from typing import TextIO

from flask import Flask, Response, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

HEADER = "X-Request-ID"
#: What a caller may send: short, no spaces or quotes (it is written into every log line).
ACCEPTED = re.compile(r"[A-Za-z0-9._:@-]{1,128}")
FIELDS = "%(levelname)s %(name)s %(message)s %(request_id)s"
TEXT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
#: Loggers that chatter at INFO about every page they draw.
QUIET = ("weasyprint", "fontTools", "PIL", "alembic.runtime.plugins")
#: The id outside a request: set around each task a worker runs.
outside_request: ContextVar[str] = ContextVar("outside_request", default="-")


def request_id() -> str:
    """Return this request's id, taking the caller's or making one on first use."""
    if "request_id" not in g:
        offered = request.headers.get(HEADER, "")
        g.request_id = offered if ACCEPTED.fullmatch(offered) else uuid.uuid4().hex
    return g.request_id


def current_id() -> str:
    """Return the id of the request (or task) running now, "-" outside both."""
    return request_id() if has_request_context() else outside_request.get()


class RequestIdFilter(logging.Filter):
    """Stamp every record with the request's (or task's) id."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_id()
        return True


def make_handler(log_format: str, stream: TextIO = sys.stderr) -> logging.Handler:
    """Return a handler writing JSON objects (log_format "json") or text lines."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(FIELDS, timestamp="time", rename_fields={
        "levelname": "level", "name": "logger"}) if log_format == "json"
        else logging.Formatter(TEXT))
    handler.addFilter(RequestIdFilter())
    return handler


def install(log_format: str, level: str) -> None:
    """Send the root logger's lines through one such handler (once per process)."""
    root = logging.getLogger()
    if any(getattr(h, "caseflow", False) for h in root.handlers):
        return
    handler = make_handler(log_format)
    handler.caseflow = True
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)


def echo_request_id(response: Response) -> Response:
    """Return the request's id to the caller."""
    response.headers[HEADER] = request_id()
    return response


def init_request_log(app: Flask) -> None:
    """Echo request ids; outside the tests, format the process's log lines."""
    app.after_request(echo_request_id)
    if not app.testing:
        install(app.config.get("LOG_FORMAT", "json"), app.config.get("LOG_LEVEL", "INFO"))
