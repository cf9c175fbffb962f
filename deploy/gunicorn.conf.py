"""gunicorn settings for caseflow: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Everything a host may want to change comes from the environment (docs/deployment.md):
GUNICORN_BIND, WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT, PROMETHEUS_MULTIPROC_DIR.
Access lines are one JSON object each, with the request id the app echoes (X-Request-ID).
"""

import json
import os
import shutil
import tempfile
from datetime import UTC, datetime

from gunicorn import glogging

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: documents render in the task workers, so requests are short and CPU-light.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5  # behind nginx, which keeps its own connections to the clients
# Recycle workers now and then, staggered, so a slow leak never takes them all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = "-"
errorlog = "-"
proc_name = "caseflow"

# Prometheus multi-process mode: each worker writes its counters here, /metrics adds them up.
# Set before any worker imports prometheus_client; emptied when the server starts.
metrics_dir = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR",
    os.path.join(tempfile.gettempdir(), f"caseflow-metrics-{bind.replace(':', '-')}"))

JSON_FIELDS = "%(levelname)s %(name)s %(message)s"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": JSON_FIELDS,
                 "timestamp": "time", "rename_fields": {"levelname": "level", "name": "logger"}},
        "line": {"format": "%(message)s"},  # access lines arrive as JSON already
    },
    "handlers": {
        "error_console": {"class": "logging.StreamHandler", "formatter": "json",
                          "stream": "ext://sys.stderr"},
        "access_console": {"class": "logging.StreamHandler", "formatter": "line",
                           "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access_console"],
                            "propagate": False},
    },
    # The app installs its own JSON handler on the root logger (caseflow/main/request_log.py).
    "root": {"level": "INFO", "handlers": []},
}


class JsonAccessLogger(glogging.Logger):
    """Write each access line as one JSON object (no hand-made quoting to break)."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        self.access_log.info(json.dumps({
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO", "logger": "gunicorn.access",
            "request_id": atoms.get("{x-request-id}o", "-"),
            "remote": atoms["h"], "method": atoms["m"], "path": atoms["U"],
            "query": atoms["q"], "status": _status(resp),
            "bytes": atoms["B"] or 0,
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "referer": atoms["f"], "user_agent": atoms["a"],
        }, ensure_ascii=False))


def _status(resp) -> int:
    """Read the status code; on gunicorn's error path the response has only `status`."""
    code = getattr(resp, "status_code", None)
    if code is None:
        code = str(getattr(resp, "status", "0") or "0").split()[0]
    return int(code) if str(code).isdigit() else 0


logger_class = JsonAccessLogger


def on_starting(server):
    """Start the metrics directory empty: counters of a previous run would add up wrongly."""
    shutil.rmtree(metrics_dir, ignore_errors=True)
    os.makedirs(metrics_dir, exist_ok=True)


def child_exit(server, worker):
    """Drop a dead worker's live gauges from the metrics."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
