"""Benchmark the supervisor's dashboard at 1,000,000 cases on PostgreSQL (target ≤ 200 ms).

Run: .venv/bin/python bench/dashboard.py [--cases N] [--years N] [--runs N] [--keep|--reuse]

It creates its own database `caseflow_bench` on the server named by DATABASE_URL (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres), builds the schema from the models,
drops the secondary indexes, bulk-loads synthetic cases, categories and referrals with
INSERT … SELECT generate_series (no ORM), puts back every index the models define, runs
VACUUM ANALYZE, then times the dashboard exactly as the page computes it (all its queries and
the assembly of its rows, warm, median of several runs) for a provincial supervisor (Hà Nội)
and a national one, over the last full month, and each figure's statements (summed by the
function of caseflow/reports/dashboard.py that ran them: overdue, referral_stats, …). The last
line of output is one JSON object, with the slowest figure of each dashboard.
The database is dropped at the end unless --keep; --reuse times a database kept with the same
--cases and --years again (after rebuilding its indexes from the models), without reloading,
and builds and keeps one if there is none.

The synthetic data: cases submitted over the last --years years (5 by default: a national
register reaching a million cases; about 17,000 cases a month, 3,000 of them in Hà Nội), in
id order as the sequence issues them (ids follow submission time), 22 % in Hà Nội and 22 % in TP Hồ
Chí Minh and the rest spread over the 32 other provinces; recent cases still flagged, referred
or investigating, older ones concluded or closed, a few stuck unacknowledged (overdue); one
category each (15 % a second; C5/C6 are restricted); one referral per referred case to an agency
of its province (10 % a declined one besides); tracking numbers in UPU S10 form (s10_sql).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path, where bench/http.py would shadow the
# standard library's `http` package (werkzeug imports it).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from caseflow import create_app  # noqa: E402
from caseflow.accounts.models import Organisation, OrgKind, Province, Role, User  # noqa: E402
from caseflow.db_types import utcnow  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from caseflow.i18n import to_local  # noqa: E402
from caseflow.reports.dashboard import Scope  # noqa: E402
from caseflow.reports.dashboard_context import Dashboard  # noqa: E402
from caseflow.reports.queries import Period  # noqa: E402
from caseflow.seed.reference import load_reference_data  # noqa: E402
from config import TestingConfig  # noqa: E402

DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BENCH_DB = "caseflow_bench"
LOADED_TABLES = ("case", "case_category", "referral")
AGENCY_KINDS = (OrgKind.POLICE, OrgKind.MARKET_SURVEILLANCE, OrgKind.CUSTOMS)


def _on_server(*statements: str) -> sa.URL:
    server = sa.make_url(os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))
    admin.dispose()
    return server


def bench_url() -> sa.URL:
    """Create (afresh) the benchmark database on the server; return its URL."""
    return _on_server(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)',
                      f'CREATE DATABASE "{BENCH_DB}"').set(database=BENCH_DB)


def kept_url(cases: int, years: float) -> sa.URL | None:
    """Return the URL of the kept benchmark database if it was built with these --cases and
    --years (its comment says so), else None."""
    server = sa.make_url(os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    admin = sa.create_engine(server)
    with admin.connect() as conn:
        built = conn.scalar(sa.text("SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                                    " WHERE datname = :name"), {"name": BENCH_DB})
    admin.dispose()
    return server.set(database=BENCH_DB) if built == _built(cases, years) else None


def _built(cases: int, years: float) -> str:
    return f"caseflow dashboard bench: cases={cases} years={years} tracking=s10"


#: The weights of a UPU S10 serial's eight digits for its check digit (seed/demo.py).
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_sql(i: str) -> str:
    """SQL for a UPU S10 tracking number for row number `i`, as the demo data's international
    post: two service letters, an eight-digit serial, its check digit, VN.

    The serial is i × 48271 mod 10⁸ (a bijection: 48271 is prime to 10⁸), so the digits
    spread as real serials' do across offices. Until 3 December 2026 the bench used `EB` + i
    zero-padded to nine digits: `000` stood in every number, which made a search for a number
    read a trigram posting list as long as the table (docs/performance.md).
    """
    serial = f"lpad((({i}::bigint * 48271) % 100000000)::text, 8, '0')"
    weighted = " + ".join(f"{w} * substr({serial}, {k}, 1)::int"
                          for k, w in enumerate(S10_WEIGHTS, start=1))
    check = f"(11 - ({weighted}) % 11)"
    digit = f"(CASE {check} WHEN 10 THEN 0 WHEN 11 THEN 5 ELSE {check} END)"
    return (f"(ARRAY['EB','EE','CP','RR','EI','LX'])[1 + {i} % 6] || {serial} || {digit}"
            " || 'VN'")


def drop_bench_database() -> None:
    """Remove the benchmark database (about 1 GB at a million cases)."""
    _on_server(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def organisations() -> dict:
    """Create the Ministry, a Sở per province, 8 firms, 3 agencies per province, and users."""
    provinces = [p.code for p in db.session.scalars(sa.select(Province).order_by(Province.code))]
    ministry = Organisation(name="Bộ KH&CN", kind=OrgKind.MINISTRY)
    sos = {c: Organisation(name=f"Sở KH&CN {c}", kind=OrgKind.DOST, province_code=c)
           for c in provinces}
    firms = [Organisation(name=f"Doanh nghiệp bưu chính {n}", kind=OrgKind.POSTAL_FIRM,
                          province_code="01") for n in range(1, 9)]
    agencies = [Organisation(name=f"{k.value} {c}", kind=k, province_code=c)
                for c in provinces for k in AGENCY_KINDS]
    db.session.add_all([ministry, *sos.values(), *firms, *agencies])
    db.session.flush()
    users = {"national": _user("bench.national", Role.NATIONAL_SUPERVISOR, ministry),
             "provincial": _user("bench.hn", Role.PROVINCIAL_SUPERVISOR, sos["01"]),
             "clerk": _user("bench.clerk", Role.FIRM_SECURITY, firms[0])}
    db.session.flush()
    return {"provinces": provinces, "firms": [f.id for f in firms], "users": users,
            "agencies": [(a.province_code, i % 3, a.id) for i, a in enumerate(agencies)]}


def _user(username: str, role: Role, org: Organisation) -> User:
    user = User(username=username, full_name=username, password_hash="-", role=role,
                organisation=org)
    db.session.add(user)
    return user


def _array(values) -> str:
    return "ARRAY[" + ",".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values) + "]"


CASES_SQL = """
INSERT INTO "case" (id, reference, status, firm_id, province_code, created_by_id, created_at,
  updated_at, submitted_at, closed_at, version, round, tracking_number, acceptance_office,
  declared_contents, uid, sender_name, sender_phone, sender_address, sender_id_number,
  recipient_name, recipient_phone, recipient_address, dong_kiem_done, description, held_at,
  seal_number, disposition_note)
SELECT i, 'B-' || i, status, firm, prov, :clerk, sub - interval '1 hour', sub, sub,
  CASE WHEN status = 'closed' THEN sub + interval '12 days' END, 1, 1,
  tracking, '', '', md5(i::text), '', '', '', '', '', '', '',
  false, '', '', '', ''
FROM (
  SELECT i, now() AT TIME ZONE 'UTC' - age * interval '1 day' AS sub, {tracking} AS tracking,
    CASE WHEN rp < 0.22 THEN '01' WHEN rp < 0.44 THEN '79'
         ELSE ({others})[1 + floor(random() * {n_others})::int] END AS prov,
    ({firms})[1 + floor(random() * {n_firms})::int] AS firm,
    CASE WHEN age < 1 THEN (CASE WHEN rs < 0.4 THEN 'flagged' ELSE 'referred' END)
         WHEN age < 14 THEN (CASE WHEN rs < 0.05 THEN 'referred' ELSE 'investigating' END)
         WHEN age < 60 THEN (CASE WHEN rs < 0.3 THEN 'investigating'
                                  WHEN rs < 0.6 THEN 'concluded'
                                  WHEN rs < 0.95 THEN 'closed' ELSE 'withdrawn' END)
         ELSE (CASE WHEN rs < 0.85 THEN 'closed' WHEN rs < 0.9 THEN 'concluded'
                    WHEN rs < 0.95 THEN 'withdrawn' WHEN rs < 0.99 THEN 'investigating'
                    ELSE 'referred' END) END AS status
  FROM (SELECT i, (:n - i)::float / :n * :days + random() * 0.2 AS age, random() AS rp,
          random() AS rs FROM generate_series(1, :n) AS i) AS r
) AS c
"""

CATEGORIES_SQL = """
INSERT INTO case_category (case_id, category_code)
SELECT id, 'C' || (1 + k) FROM (SELECT id, floor(random() * 17)::int AS k, random() AS r2
                               FROM "case") AS c
UNION ALL
SELECT id, 'C' || (1 + (k + 1 + floor(r2 * 15)::int) % 17) FROM (
  SELECT id, floor(random() * 17)::int AS k, random() AS r2, random() AS r3 FROM "case") AS c
WHERE r3 < 0.15
ON CONFLICT DO NOTHING
"""

REFERRALS_SQL = """
INSERT INTO referral (case_id, agency_id, status, issued_by_id, issued_at, due_at, note,
  accepted_at, closed_at, version, round, outcome, sanction_decision_number,
  criminal_case_reference, legal_basis, conclusion_note, detention_decision_number,
  case_created_at)
SELECT c.id, a.agency_id, st, :issuer, iss, iss + interval '24 hours', '',
  CASE WHEN st IN ('accepted', 'resolved') THEN iss + r1 * interval '30 hours' END,
  CASE WHEN st = 'resolved' THEN iss + r1 * interval '30 hours' + r2 * interval '15 days'
       WHEN st = 'declined' THEN iss + interval '3 hours' END,
  1, 1, CASE WHEN st = 'resolved' THEN (CASE WHEN r2 < 0.6 THEN 'violation'
                                            ELSE 'no_violation' END) END, '', '', '', '', '',
  created_at
FROM (
  SELECT id, province_code, created_at, submitted_at + random() * interval '4 hours' AS iss,
    random() AS r1, random() AS r2, floor(random() * 3)::int AS k,
    CASE status WHEN 'referred' THEN 'issued' WHEN 'investigating' THEN 'accepted'
                ELSE 'resolved' END AS st
  FROM "case" WHERE status IN ('referred', 'investigating', 'concluded', 'closed')
  UNION ALL
  SELECT id, province_code, created_at, submitted_at, 0.1, 0.1, floor(random() * 3)::int,
    'declined'
  FROM "case" WHERE status IN ('investigating', 'concluded', 'closed') AND random() < 0.1
) AS c JOIN bench_agency AS a ON a.province_code = c.province_code AND a.k = c.k
"""


def load(n: int, world: dict, years: float) -> dict[str, float]:
    """Bulk-load n cases with categories and referrals; return the seconds each step took."""
    timings, others = {}, [c for c in world["provinces"] if c not in ("01", "79")]
    conn = db.session.connection()
    conn.execute(sa.text("CREATE TEMP TABLE bench_agency (province_code text, k int, "
                         "agency_id int)"))
    conn.execute(sa.text("INSERT INTO bench_agency VALUES (:p, :k, :a)"),
                 [{"p": p, "k": k, "a": a} for p, k, a in world["agencies"]])
    users = world["users"]
    steps = (("cases", CASES_SQL.format(others=_array(others), n_others=len(others),
                                        tracking=s10_sql("i"),
                                        firms=_array(world["firms"]),
                                        n_firms=len(world["firms"])),
              {"n": n, "days": round(365 * years), "clerk": users["clerk"].id}),
             ("categories", CATEGORIES_SQL, {}),
             ("referrals", REFERRALS_SQL, {"issuer": users["clerk"].id}))
    for name, sql, params in steps:
        started = time.perf_counter()
        conn.execute(sa.text(sql), params)
        timings[f"load_{name}_s"] = round(time.perf_counter() - started, 1)
    conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('case', 'id'), :n)"), {"n": n})
    return timings


def drop_indexes() -> None:
    """Drop the secondary indexes of the loaded tables (they are rebuilt after the load):
    every index the database has on them but those of their constraints — also one that the
    models no longer define, when a kept database is reused."""
    conn = db.session.connection()
    names = conn.scalars(sa.text(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
        " AND tablename = ANY(:tables) AND indexname NOT IN (SELECT conname FROM pg_constraint)"),
        {"tables": list(LOADED_TABLES)}).all()
    for name in names:
        conn.execute(sa.text(f'DROP INDEX "{name}"'))


def create_indexes() -> float:
    """Create every index the models define on the loaded tables; return the seconds."""
    started = time.perf_counter()
    for name in LOADED_TABLES:
        for index in db.metadata.tables[name].indexes:
            index.create(db.session.connection())
    return round(time.perf_counter() - started, 1)


def last_full_month() -> Period:
    """Return the month before the current one (Vietnam time)."""
    first = to_local(utcnow()).date().replace(day=1)
    previous = first - timedelta(days=1)
    return Period.month(previous.year, previous.month)


def time_dashboard(app, user: User, province: str | None, period: Period,
                   runs: int) -> tuple[float, int, dict[str, float]]:
    """Return the median milliseconds of building the dashboard (warm), its case count, and
    the median milliseconds of each figure's statements (by the query function that ran
    them: dashboard.overdue, dashboard.case_counts, …)."""
    samples, total, figures = [], 0, {}
    with app.test_request_context("/reports/"), statement_times(db.engine) as spent:
        for i in range(runs + 2):  # two warm-up runs
            spent.clear()
            started = time.perf_counter()
            board = Dashboard(Scope(user, province, period), utcnow()).context()
            if i >= 2:
                samples.append((time.perf_counter() - started) * 1000)
                for name, ms in spent.items():
                    figures.setdefault(name, []).append(ms)
            total = board["total"]
            db.session.rollback()
    return (round(statistics.median(samples), 1), total,
            {name: round(statistics.median(ms), 1) for name, ms in figures.items()})


def figure_of(frame) -> str:
    """Name the figure a statement belongs to: the outermost function of
    caseflow/reports/dashboard.py on the stack (overdue, case_counts, …), else the innermost
    of caseflow/reports (a name look-up of dashboard_context.py)."""
    outermost = innermost = None
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("caseflow.reports."):
            name = f"{module.rsplit('.', 1)[1]}.{frame.f_code.co_name}"
            innermost = innermost or name
            if module == "caseflow.reports.dashboard":
                outermost = name
        frame = frame.f_back
    return outermost or innermost or "other"


@contextmanager
def statement_times(engine):
    """Sum each statement's time (sent to answered) by figure (figure_of):
    {"dashboard.overdue": ms, …}."""
    spent: dict[str, float] = {}

    def before(conn, *_args):
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, *_args):
        elapsed = (time.perf_counter() - conn.info.pop("bench_started")) * 1000
        name = figure_of(sys._getframe(1))
        spent[name] = spent.get(name, 0.0) + elapsed

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        yield spent
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)


def build(args: argparse.Namespace) -> dict[str, float]:
    """Build the schema and the data; return the seconds each step took."""
    db.create_all()
    load_reference_data()
    world = organisations()
    drop_indexes()
    db.session.commit()
    timings = load(args.cases, world, args.years)
    timings["create_indexes_s"] = create_indexes()
    db.session.execute(sa.text(f"COMMENT ON DATABASE \"{BENCH_DB}\" IS "
                               f"'{_built(args.cases, args.years)}'"))
    db.session.commit()
    return timings


def reindex() -> dict[str, float]:
    """Put the kept database's indexes back as the models now define them."""
    drop_indexes()
    db.session.commit()
    timings = {"create_indexes_s": create_indexes()}
    db.session.commit()
    return timings


def vacuum_analyze() -> float:
    """VACUUM ANALYZE the database; return the seconds."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        started = time.perf_counter()
        conn.execute(sa.text("VACUUM ANALYZE"))
        return round(time.perf_counter() - started, 1)


def main() -> None:
    """Build the data (or reuse it), time the dashboards, print the figures and the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="time the database kept with the same --cases and --years "
                             "(its indexes rebuilt from the models) instead of building one; "
                             "build and keep it if there is none")
    parser.add_argument("--years", type=float, default=5,
                        help="history the cases are spread over (5: ~17,000 cases a month)")
    args = parser.parse_args()
    kept = kept_url(args.cases, args.years) if args.reuse else None
    url = kept or bench_url()
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url.render_as_string(
        hide_password=False))
    with app.app_context():
        timings = reindex() if kept else build(args)
        timings["vacuum_analyze_s"] = vacuum_analyze()
        period = last_full_month()
        users = {k: db.session.scalar(sa.select(User).where(User.username == name))
                 for k, name in (("provincial", "bench.hn"), ("national", "bench.national"))}
        provincial, in_province, provincial_figures = time_dashboard(
            app, users["provincial"], "01", period, args.runs)
        national, in_period, national_figures = time_dashboard(
            app, users["national"], None, period, args.runs)
        db.session.remove()
        db.engine.dispose()
    if not (args.keep or args.reuse):
        drop_bench_database()
    print(f"period {period.key}: {in_period} cases nationally, {in_province} in Hà Nội "
          f"(visible to its Sở: restricted categories excluded)")
    print(f"{'reindex' if kept else 'load and index'}: {timings}")
    print(f"dashboard, median of {args.runs} warm runs: provincial {provincial} ms, "
          f"national {national} ms (target ≤ 200 ms)")
    for who, figures in (("provincial", provincial_figures), ("national", national_figures)):
        print(f"{who}, each figure's statements (median ms): "
              + ", ".join(f"{k} {v}" for k, v in sorted(figures.items(), key=lambda i: -i[1])))
    print(json.dumps({"dashboard_national_ms": national, "dashboard_provincial_ms": provincial,
                      "cases": args.cases, "years": args.years, "period": period.key,
                      "period_cases_national": in_period,
                      "period_cases_provincial": in_province,
                      "slowest_figure_national_ms": max(national_figures.values()),
                      "slowest_figure_provincial_ms": max(provincial_figures.values())}))


if __name__ == "__main__":
    main()
