"""Benchmark bulk intake through the API: flags per second, batches of 500.

Run:  .venv/bin/python bench/api.py                       (a temporary SQLite database)
      DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/caseflow_bench_api \\
      .venv/bin/python bench/api.py

It drops and recreates every table of the database it is given, so a DATABASE_URL must name a
database whose name contains "bench". Requests go through the whole HTTP stack in process
(Flask's test client: routing, token authentication, rate limiting, JSON, the shared
validation, the intake service, one transaction per batch, the audit chain sealed at commit).
On PostgreSQL (or with BENCH_SERVER=1) it also serves the app with gunicorn (2 sync workers)
on loopback and posts batches from 2 concurrent clients. The last line of output is one JSON
object; throughputs are named <what>_per_s (app_cpu: flags per second of the app's own CPU
time, the database server's excluded).
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path, where bench/http.py would shadow the
# standard library's `http` package (werkzeug imports it).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import urllib.request  # noqa: E402  (imports http.client)

import sqlalchemy as sa  # noqa: E402

from caseflow import create_app  # noqa: E402
from caseflow.accounts.models import OrgKind, Role  # noqa: E402
from caseflow.api import keys  # noqa: E402
from caseflow.db_types import utcnow  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from caseflow.seed.reference import load_reference_data  # noqa: E402
from config import DevelopmentConfig  # noqa: E402
from tests.factories import make_org, make_user  # noqa: E402

BATCH, BATCHES, SINGLES = 500, int(os.environ.get("BENCH_BATCHES", "10")), 200
PROVINCES = ("01", "79", "48", "31", "92")


def database_url() -> str:
    """Return the database to use: DATABASE_URL (a bench database) or a temporary SQLite."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{tempfile.mkdtemp(prefix='caseflow-bench-api-')}/bench.db"
    if "bench" not in (sa.make_url(url).database or ""):
        raise SystemExit("DATABASE_URL must name a database with 'bench' in its name "
                         "(this benchmark drops every table)")
    return url


SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
GIVEN = ("Văn Bình", "Thị Hoa", "Minh Tuấn", "Thu Trang", "Quốc Huy", "Ngọc Lan", "Đức Anh")
STREETS = ("Trần Duy Hưng", "Lê Lợi", "Nguyễn Trãi", "Hai Bà Trưng", "Điện Biên Phủ")
OFFICES = ("Bưu cục Cầu Giấy", "Bưu cục Hoàn Kiếm", "Bưu cục Quận 1", "Bưu cục Hải Châu")
CATEGORIES = (["C8"], ["C1"], ["C8", "C13"], ["C3"], ["C11"])


def flag(n: int) -> dict:
    """A complete flag with a unique tracking number and its own sender and recipient.

    Personal data differs from flag to flag, as in a real batch (every name, phone, ID number
    and address is encrypted and indexed on its own); offices, routes and categories repeat.
    """
    now = utcnow()
    province = PROVINCES[n % len(PROVINCES)]
    return {
        "tracking_number": f"BE{n:09d}VN", "province_code": province,
        "service_scope": "domestic", "service_type": ("parcel", "express")[n % 2],
        "accepted_at": (now - timedelta(hours=5, minutes=n % 50)).isoformat(),
        "acceptance_office": OFFICES[n % len(OFFICES)], "origin_province_code": province,
        "destination_province_code": PROVINCES[(n + 1) % len(PROVINCES)],
        "declared_contents": "Mỹ phẩm, quần áo", "declared_value": 100_000 + 1_000 * (n % 997),
        "weight_kg": round(0.2 + (n % 400) / 100, 2), "pieces": 1 + n % 3,
        "sender_name": f"{SURNAMES[n % 10]} {GIVEN[n % 7]} {n}",
        "sender_phone": f"09{n % 100_000_000:08d}",
        "sender_address": f"{n % 500 + 1} {STREETS[n % 5]}, Cầu Giấy, Hà Nội",
        "sender_id_number": f"{1_000_000_000 + n:012d}",
        "recipient_name": f"{SURNAMES[(n + 3) % 10]} {GIVEN[(n + 2) % 7]} {n}",
        "recipient_phone": f"03{(n * 7) % 100_000_000:08d}",
        "recipient_address": f"{n % 300 + 1} {STREETS[(n + 2) % 5]}, TP. Hồ Chí Minh",
        "dong_kiem_done": n % 4 != 0, "detection_method": ("xray", "visual")[n % 2],
        "categories": CATEGORIES[n % len(CATEGORIES)],
        "description": f"Hình ảnh soi chiếu bưu gửi {n} cho thấy hàng nghi giả nhãn hiệu.",
        "stopped_at": (now - timedelta(hours=4)).isoformat(), "held_at": "Kho bưu cục",
        "seal_number": f"NP-{n:07d}",
    }


def setup(url: str):
    """Build the app on a fresh schema with a firm and its API key; return app and headers."""
    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url,
                     API_RATE_LIMIT="1000000/minute", TESTING=True)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:  # the audit table refuses DROP's cascade otherwise
                conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        else:
            db.drop_all()
        db.create_all()
        load_reference_data()
        firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01", name="Bưu chính Bench")
        security = make_user(role=Role.FIRM_SECURITY, org=firm, username="bench-security")
        db.session.commit()
        _key, token = keys.create_key(actor=security, name="Bench")
        db.session.commit()
    return app, {"Authorization": f"Bearer {token}"}


def timed_batches(client, headers, start: int, count: int,
                  cpu: list[float] | None = None) -> list[float]:
    """POST `count` batches of new flags; return each batch's seconds (and add CPU seconds)."""
    times = []
    for b in range(count):
        items = [flag(start + b * BATCH + i) for i in range(BATCH)]
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.post("/api/v1/flags/bulk", json={"items": items}, headers=headers)
        times.append(time.perf_counter() - began)
        if cpu is not None:
            cpu.append(time.process_time() - began_cpu)
        body = response.get_json()
        assert response.status_code == 200 and body["created"] == BATCH, body
    return times


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post_json(url: str, body: dict, headers: dict) -> dict:
    """POST JSON over HTTP and return the decoded answer."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={**headers, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())


def server_throughput(url: str, headers: dict, start: int, *, workers: int = 2,
                      batches_per_client: int = 4) -> float:
    """Serve the app with gunicorn (sync workers) on loopback; as many clients as workers each
    POST batches back to back; return flags per second over the whole run."""
    port = free_port()
    env = {**os.environ, "CASEFLOW_ENV": "development", "DATABASE_URL": url,
           "API_RATE_LIMIT": "1000000/minute", "HSTS_SECONDS": "0"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", str(workers), "-b",
         f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}/api/v1/flags/bulk"
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        for w in range(workers):  # warm every worker up
            post_json(base, {"items": [flag(start + w)]}, headers)
        start += workers
        errors: list[Exception] = []

        def client(index: int) -> None:
            first = start + index * batches_per_client * BATCH
            try:
                for b in range(batches_per_client):
                    items = [flag(first + b * BATCH + i) for i in range(BATCH)]
                    assert post_json(base, {"items": items}, headers)["created"] == BATCH
            except Exception as exc:  # reported after the run
                errors.append(exc)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(workers)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - began
        if errors:
            raise errors[0]
        return workers * batches_per_client * BATCH / seconds
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> None:
    url = database_url()
    app, headers = setup(url)
    client = app.test_client()
    timed_batches(client, headers, 0, 1)  # warm-up: imports, caches, first counters
    cpu: list[float] = []
    batch_times = timed_batches(client, headers, BATCH, BATCHES, cpu)
    retry = [flag(BATCH + i) for i in range(BATCH)]
    began = time.perf_counter()
    answer = client.post("/api/v1/flags/bulk", json={"items": retry}, headers=headers)
    retry_seconds = time.perf_counter() - began
    assert answer.get_json()["existing"] == BATCH
    base = BATCH * (BATCHES + 2)
    began = time.perf_counter()
    for i in range(SINGLES):
        assert client.post("/api/v1/flags", json=flag(base + i),
                           headers=headers).status_code == 201
    single_seconds = time.perf_counter() - began
    with app.app_context():
        dialect = db.engine.dialect.name
        db.engine.dispose()  # the server's workers open their own connections
    server = server_throughput(url, headers, base + SINGLES) \
        if dialect == "postgresql" or os.environ.get("BENCH_SERVER") else None
    figures = {
        "database": dialect, "batch_size": BATCH, "batches": BATCHES,
        "batch_seconds_median": round(statistics.median(batch_times), 4),
        "bulk_intake_per_s": round(BATCH / statistics.median(batch_times), 1),
        "bulk_intake_overall_per_s": round(BATCH * BATCHES / sum(batch_times), 1),
        # The app's own CPU per batch (the database server's work excluded): what one core
        # does when the machine is not shared.
        "bulk_intake_app_cpu_per_s": round(BATCH / statistics.median(cpu), 1),
        "bulk_retry_per_s": round(BATCH / retry_seconds, 1),
        "single_flag_per_s": round(SINGLES / single_seconds, 1),
    }
    if server is not None:
        figures["bulk_intake_server_per_s"] = round(server, 1)
    print(f"{dialect}: {figures['bulk_intake_per_s']} flags/s in batches of {BATCH} "
          f"(median {figures['batch_seconds_median']} s per batch); retry "
          f"{figures['bulk_retry_per_s']}/s; single requests {figures['single_flag_per_s']}/s; "
          f"gunicorn, 2 workers, 2 clients: {figures.get('bulk_intake_server_per_s', '-')}/s")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
