"""Benchmark the pages over HTTP at 10,000 and 1,000,000 cases against a bare page.

Run: .venv/bin/python bench/http.py [--sizes 10000,1000000] [--seconds 3] [--rebuild]
                                   [--pages dashboard,dashboard_province]

For each size it uses a PostgreSQL database `caseflow_bench_http_<size>` on the server of
DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres), built ONCE with
bench/dashboard.py's bulk generator (INSERT … SELECT generate_series; cases over 5 years,
categories, referrals) plus a description per case drawn from 40 Vietnamese phrases, and kept
(--rebuild builds it again; a million cases take some minutes). It serves caseflow with
gunicorn (2 sync workers, production configuration) and a bare page — Flask, Flask-SQLAlchemy
and Jinja rendering 25 rows of one indexed query — under the same gunicorn, and drives each
page from the same client (2 threads, a new connection per request, as sync workers close
them) for --seconds after a warm-up, the bare page of the same size just before each page, the
sizes interleaved page by page (the machine is shared: its load drifts).

Pages: two that do no work of their own, the floor any signed-in page stands on
(signed_in_floor: GET / answers a signed-in user with a redirect; signed_in_form: the layout
and the three-field password form), the list of each role (firm, agency, province, nation), a
filtered list, a deep page (a position three years back), a case page, the dashboard (its
figures kept for a minute, and dashboard_fresh: computed on every request), a search for a
common phrase, a search for the first eleven characters of one case's tracking number (UPU S10,
as bench/dashboard.py makes them) and a look-up by phone number. --pages measures only the
pages named (also dashboard_province and dashboard_province_fresh, Hà Nội's supervisor on the
dashboard, which only run when named).

The last line is one JSON object: `<page>_ratio` (page / bare throughput at the largest size,
each measured just before the page),
`<page>_p50_ms`, `<page>_p95_ms` (largest size), `<page>_scale_ratio` (p50 at the largest size /
p50 at the smallest) and `scale_ratio` (the largest of the lists' and search's).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, Python puts bench/ first on the path, where this file would shadow the
# standard library's `http` package (urllib and gunicorn import it).
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
from datetime import UTC  # noqa: E402
from http.client import HTTPConnection  # noqa: E402

import sqlalchemy as sa  # noqa: E402

SERVER = sa.make_url(os.environ.get("DATABASE_URL")
                     or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PASSWORD = "bench-http-password-2026"
YEARS = 5.0
PHRASES = (
    "Thuốc lá điện tử không nhãn mác", "Mỹ phẩm nghi giả nhãn hiệu", "Điện thoại xách tay",
    "Rượu ngoại không tem nhập khẩu", "Đồng hồ nghi giả nhãn hiệu nổi tiếng",
    "Bột trắng nghi ma túy", "Pháo nổ tự chế", "Thuốc tân dược không rõ nguồn gốc",
    "Linh kiện điện tử không hóa đơn", "Tiền giả mệnh giá 500.000 đồng",
    "Sừng tê giác nghi động vật hoang dã", "Vũ khí thô sơ dao găm", "Văn hóa phẩm đồi trụy",
    "Thực phẩm chức năng không công bố", "Quần áo nghi hàng giả", "Túi xách giả thương hiệu",
    "Hạt giống không kiểm dịch", "Pin lithium dung lượng lớn", "Chất lỏng dễ cháy",
    "Ngà voi chế tác", "Thuốc bắc không nhãn", "Sách in lậu", "Đĩa quang chứa dữ liệu",
    "Cần sa khô", "Mô hình súng bắn đạn nhựa", "Thiết bị gây nhiễu sóng",
    "Tinh dầu không nhãn", "Nước hoa nghi giả", "Giày thể thao giả nhãn hiệu",
    "Kính mắt không rõ xuất xứ", "Đông dược không giấy phép", "Máy kích điện",
    "Thẻ ngân hàng giả", "Chứng minh thư giả", "Động vật sống", "Vàng trang sức",
    "Ngoại tệ tiền mặt", "Hóa chất không nhãn", "Thuốc trừ sâu cấm", "Gỗ trầm hương",
)
WARMUP_S = 0.5


def database_url(size: int) -> sa.URL:
    return SERVER.set(database=f"caseflow_bench_http_{size}")


# --- the data ----------------------------------------------------------------------------

def ensure_database(size: int, rebuild: bool) -> tuple[sa.URL, dict]:
    """Build the database of this size once (bench/dashboard.py's generator), or reuse it."""
    import bench.dashboard as gen
    from caseflow.cases.search import fold

    gen.BENCH_DB = database_url(size).database
    folded = [fold(phrase) for phrase in PHRASES]
    gen.CASES_SQL = gen.CASES_SQL.replace(
        "false, '', '', '', ''",
        f"false, ({gen._array(PHRASES)})[1 + i % {len(PHRASES)}] || ' ' || i, '', '', '', "
        # search_text as the application folds it (caseflow/cases/search.py)
        f"'b-' || i || ' ' || lower(tracking) || ' ' || "
        f"({gen._array(folded)})[1 + i % {len(PHRASES)}] || ' ' || i").replace(
        "seal_number, disposition_note)", "seal_number, disposition_note, search_text)")
    if not rebuild and gen.kept_url(size, YEARS):
        return database_url(size), {}
    from caseflow import create_app
    from caseflow.extensions import db
    from config import TestingConfig

    url = gen.bench_url()
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url.render_as_string(
        hide_password=False))
    with app.app_context():
        timings = gen.build(argparse.Namespace(cases=size, years=YEARS))
        started = time.perf_counter()
        _finish(db)
        timings["search_index_and_users_s"] = round(time.perf_counter() - started, 1)
        timings["vacuum_analyze_s"] = gen.vacuum_analyze()
        db.session.remove()
        db.engine.dispose()
    return url, timings


def _finish(db) -> None:
    """Add the search index (dropped with the others before the load), an agency officer, and
    give the bench users a password."""
    from caseflow.accounts.models import Organisation, OrgKind, Role, User
    from caseflow.accounts.services import hash_password
    from caseflow.cases import search

    search.create_index(None, db.session.connection())
    police = db.session.scalar(sa.select(Organisation).where(
        Organisation.kind == OrgKind.POLICE, Organisation.province_code == "01"))
    db.session.add(User(username="bench.agency", full_name="bench.agency", password_hash="-",
                        role=Role.AGENCY_OFFICER, organisation=police))
    db.session.flush()
    db.session.execute(sa.update(User).where(User.username.like("bench.%"))
                       .values(password_hash=hash_password(PASSWORD)))
    db.session.commit()


def deep_position(url: sa.URL) -> tuple[str, int, str]:
    """Return a list position about three years back, a recent case id to open, and the
    first eleven characters of case 4321's tracking number (a fragment naming one case; the
    last case's in a smaller database)."""
    from caseflow.cases.listing import Cursor

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        last = conn.scalar(sa.text('SELECT max(id) FROM "case"'))
        case_id, created = conn.execute(sa.text(
            'SELECT id, created_at FROM "case" WHERE id >= :i ORDER BY id LIMIT 1'),
            {"i": int(last * 0.4)}).one()
        tracking = conn.scalar(sa.text('SELECT tracking_number FROM "case" WHERE id = :i'),
                               {"i": min(4321, last)})
    engine.dispose()
    return Cursor(created.replace(tzinfo=UTC), case_id).token(), last - 10, tracking[:11]


# --- the servers -------------------------------------------------------------------------

def bare_app():
    """The bare page: Flask + Flask-SQLAlchemy + Jinja, 25 rows of one indexed query.

    The template is loaded once and kept, as any Flask app's file templates are (until
    2026-12-03 this page used render_template_string, which compiles the template again on
    every request: 1.5 ms of CPU instead of 0.5, which flattered every ratio about twofold).
    """
    from flask import Flask, render_template
    from flask_sqlalchemy import SQLAlchemy
    from jinja2 import DictLoader

    app = Flask("bare")
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    db = SQLAlchemy(app)
    app.jinja_loader = DictLoader({"list.html": (
        "<!doctype html><html lang=vi><title>Hồ sơ</title><table>{% for r in rows %}"
        "<tr><td><a href='/cases/{{ r.id }}'>{{ r.reference }}</a></td>"
        "<td>{{ r.status }}</td><td>{{ r.tracking_number }}</td>"
        "<td>{{ r.created_at.strftime('%d/%m/%Y %H:%M') }}</td></tr>{% endfor %}"
        "</table></html>")})

    @app.get("/")
    def index():
        rows = db.session.execute(sa.text(
            'SELECT id, reference, status, tracking_number, created_at FROM "case" '
            "ORDER BY created_at DESC, id DESC LIMIT 25")).all()
        return render_template("list.html", rows=rows)

    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(target: str, env: dict, ready_path: str) -> tuple[subprocess.Popen, int]:
    """Start gunicorn (2 sync workers) on a free port; return it once a worker answers."""
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}",
         "--pythonpath", str(ROOT), "--log-level", "warning", "--timeout", "120", target],
        cwd=ROOT, env={**os.environ, **env})
    deadline = time.perf_counter() + 300  # the machine is shared: workers may boot slowly
    while time.perf_counter() < deadline:
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", ready_path)
            conn.getresponse().read()
            conn.close()
            return process, port
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit(f"gunicorn {target} did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=20)


# --- the client --------------------------------------------------------------------------

class Client:
    """A logged-in user's cookie and CSRF token, and plain requests on new connections."""

    def __init__(self, port: int) -> None:
        self.port, self.cookie = port, ""

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str]:
        conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookie = header.split(";", 1)[0]
        conn.close()
        return response.status, text

    def login(self, username: str) -> Client:
        _status, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/login", urllib.parse.urlencode(
            {"csrf_token": token, "username": username, "password": PASSWORD}))
        if status != 302:
            raise SystemExit(f"login of {username} failed ({status})")
        return self

    def csrf(self, path: str) -> str:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                         self.request("GET", path)[1]).group(1)


def drive(client: Client, method: str, path: str, body: str, seconds: float,
          threads: int = 2, expected: int = 200) -> dict:
    """Request the page from `threads` threads for `seconds`; return throughput and latency."""
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()

    def worker(until: float, record: bool) -> None:
        while time.perf_counter() < until:
            started = time.perf_counter()
            status, _ = client.request(method, path, body)
            elapsed = (time.perf_counter() - started) * 1000
            if record:
                with lock:
                    latencies.append(elapsed)
                    if status != expected:
                        failures.append(status)

    for record, span in ((False, WARMUP_S), (True, seconds)):
        until = time.perf_counter() + span
        pool = [threading.Thread(target=worker, args=(until, record)) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
    if failures:
        raise SystemExit(f"{path}: answered {failures[0]} ({len(failures)} times)")
    ordered = sorted(latencies)
    return {"rps": round(len(ordered) / seconds, 1),
            "p50": round(statistics.median(ordered), 1),
            "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 1)}


def pages(deep_token: str, case_id: int, fragment: str) -> list[tuple[str, str, str, str]]:
    """(name, user, method, path) of each page measured."""
    return [
        # The floor of every signed-in page: GET / answers a redirect, no template, no query
        # but the session's; any page costs this plus its own work.
        ("signed_in_floor", "bench.national", "GET", "/"),
        # A signed-in page with no query of its own: the layout and a three-field form.
        ("signed_in_form", "bench.national", "GET", "/account/password"),
        ("list_firm", "bench.clerk", "GET", "/cases/"),
        ("list_agency", "bench.agency", "GET", "/cases/"),
        ("list_province", "bench.hn", "GET", "/cases/"),
        ("list_national", "bench.national", "GET", "/cases/"),
        ("list_filtered", "bench.national", "GET", "/cases/?status=investigating&province=79"),
        ("list_deep", "bench.national", "GET", f"/cases/?after={deep_token}"),
        ("search", "bench.national", "GET", "/cases/?q=thuoc+la+dien+tu"),
        ("search_rare", "bench.national", "GET", f"/cases/?q={fragment}"),
        ("case_page", "bench.national", "GET", f"/cases/{case_id}"),
        # The dashboard as supervisors meet it (its figures kept a minute: reports/kept.py),
        # and computed on every request (the page's "recompute now").
        ("dashboard", "bench.national", "GET", "/reports/"),
        ("dashboard_fresh", "bench.national", "GET", "/reports/?fresh=1"),
        ("lookup", "bench.national", "POST", "/cases/lookup"),
    ]


#: Pages measured only when --pages names them.
EXTRA_PAGES = [("dashboard_province", "bench.hn", "GET", "/reports/"),
               ("dashboard_province_fresh", "bench.hn", "GET", "/reports/?fresh=1")]


def chosen_pages(names: str | None) -> list[str]:
    """The names of the pages to measure: --pages, or every page of pages()."""
    known = [p[0] for p in pages("", 0, "") + EXTRA_PAGES]
    if not names:
        return [p[0] for p in pages("", 0, "")]
    wanted = names.split(",")
    if unknown := [n for n in wanted if n not in known]:
        raise SystemExit(f"unknown page(s) {', '.join(unknown)}; pages: {', '.join(known)}")
    return wanted


class Site:
    """One size's servers: the bare page and caseflow, both under gunicorn, on its database."""

    def __init__(self, size: int, url: sa.URL, key_file: str) -> None:
        env = {"DATABASE_URL": url.render_as_string(hide_password=False)}
        self.size, self.clients = size, {}
        self.deep_token, self.case_id, self.fragment = deep_position(url)
        self.bare, bare_port = serve("bench.http:bare_app()", env, "/")
        self.app, self.port = serve("wsgi:app", {**env, "CASEFLOW_ENV": "production",
                                                 "SECRET_KEY": "bench-http-not-secret",
                                                 "CASEFLOW_KEY_FILE": key_file,
                                                 "CASEFLOW_TOTP_REQUIRED": "0"},
                                   "/login")
        self.bare_client = Client(bare_port)

    def client(self, user: str) -> Client:
        if user not in self.clients:
            self.clients[user] = Client(self.port).login(user)
        return self.clients[user]

    def stop(self) -> None:
        stop(self.bare)
        stop(self.app)


def measure_page(site: Site, page: tuple[str, str, str, str], seconds: float) -> dict:
    """Drive the bare page, then the page: the ratio compares two runs seconds apart."""
    name, user, method, path = page
    client, body = site.client(user), ""
    if method == "POST":
        body = urllib.parse.urlencode({"csrf_token": client.csrf(path), "kind": "phone",
                                       "value": "0912345678"})
    bare = drive(site.bare_client, "GET", "/", "", seconds)
    figures = drive(client, method, path, body, seconds,
                    expected=302 if name == "signed_in_floor" else 200)
    figures["ratio"] = round(figures["rps"] / bare["rps"], 2)
    figures["bare_rps"] = bare["rps"]
    print(f"  {site.size:>9,} {name:<14} {figures}", flush=True)
    return figures


def measure(sites: list[Site], seconds: float, names: list[str]) -> dict[int, dict[str, dict]]:
    """Measure the named pages on every size in turn (sizes interleaved page by page, so that
    the shared machine's load drifts alike over both)."""
    results: dict[int, dict[str, dict]] = {site.size: {} for site in sites}
    for name in names:
        for site in sites:
            page = next(p for p in pages(site.deep_token, site.case_id, site.fragment)
                        + EXTRA_PAGES
                        if p[0] == name)
            results[site.size][name] = measure_page(site, page, seconds)
    return results


def summary(by_size: dict[int, dict[str, dict]]) -> dict:
    """The JSON line: ratios to the bare page at the largest size, and 1 M / 10 k."""
    small, large = min(by_size), max(by_size)
    out: dict = {"sizes": sorted(by_size)}
    scales = []
    for name, figures in by_size[large].items():
        out[f"{name}_ratio"] = figures["ratio"]
        out[f"{name}_p50_ms"], out[f"{name}_p95_ms"] = figures["p50"], figures["p95"]
        if small != large:
            scale = round(figures["p50"] / by_size[small][name]["p50"], 2)
            out[f"{name}_scale_ratio"] = scale
            if name.startswith(("list", "search")):
                scales.append(scale)
    out["scale_ratio"] = max(scales) if scales else None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--pages", help="comma-separated page names (default: every page)")
    args = parser.parse_args()
    names = chosen_pages(args.pages)
    key_file = str(Path(tempfile.mkdtemp(prefix="caseflow-bench-http-")) / "keys.json")
    subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "keys", "generate",
                    key_file], cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "CASEFLOW_ENV": "development"})
    sites = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            url, timings = ensure_database(size, args.rebuild)
            if timings:
                print(f"built {url.database}: {timings}", flush=True)
            sites.append(Site(size, url, key_file))
        by_size = measure(sites, args.seconds, names)
    finally:
        for site in sites:
            site.stop()
    print(json.dumps(summary(by_size)))


if __name__ == "__main__":
    main()
