"""Fill a scratch PostgreSQL database with long lists and print the SQL plans of their pages.

Run: .venv/bin/python bench/lists.py [--build] [--drop] [PATH ...]

--build creates `caseflow_bench_lists` afresh on the server of DATABASE_URL (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres) with the models' tables and indexes and
bulk-loads (INSERT … SELECT generate_series): 20,000 cases (bench/dashboard.py's generator),
500 users, 1,000,000 audit events over two years (85 % of them processing personal data: the
processing log), 100,000 inspections, 200,000 violations, 100,000 difficulty reports (a fifth
published) and 1,000,000 notifications (100,000 of them the national supervisor's); about
2 minutes. Then, or on the kept database, it prints EXPLAIN (ANALYZE, BUFFERS) of every SELECT
each list page runs (as bench/explain.py does), for the pages below or the PATHs given, each
as the user who reads it. --drop removes the database (about 1 GB) at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # see bench/http.py
sys.path.insert(0, str(HERE.parent))

import sqlalchemy as sa  # noqa: E402

from bench.dashboard import load, organisations  # noqa: E402
from caseflow import create_app  # noqa: E402
from caseflow.accounts.models import Organisation, OrgKind, Role, User  # noqa: E402
from caseflow.accounts.services import hash_password  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from caseflow.seed.reference import load_reference_data  # noqa: E402
from config import TestingConfig  # noqa: E402

SERVER = sa.make_url(os.environ.get("DATABASE_URL")
                     or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
NAME = "caseflow_bench_lists"
PASSWORD = "bench-lists-password-2026"
USERNAMES = {"national": "bench.national", "provincial": "bench.hn", "firm": "bench.firm"}
SKIPPED = ("server_session", '"user"', "FROM organisation", "FROM province", "FROM category")
#: (user, path): the newest page, a filtered page and a position far back of each list.
PAGES = (
    ("national", "/privacy/log"),
    ("national", "/privacy/log?user={user}"),
    ("national", "/privacy/log?organisation={org}"),
    ("national", "/privacy/log?case=B-777"),
    ("national", "/privacy/log?after={log_deep}"),
    ("national", "/inspections/"),
    ("provincial", "/inspections/"),
    ("firm", "/inspections/?status=recorded"),
    ("national", "/inspections/?after={inspection_deep}"),
    ("national", "/inspections/violations/"),
    ("provincial", "/inspections/violations/"),
    ("firm", "/inspections/violations/"),
    ("national", "/difficulties/"),
    ("firm", "/difficulties/"),
    ("provincial", "/difficulties/guidance"),
    ("national", "/notifications/"),
    ("national", "/notifications/?after={notification_deep}"),
)

EVENTS_SQL = """
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_role, organisation_id, action,
  object_type, object_id, case_id, reason, ip, payload, prev_hash, hash)
SELECT i, i, now() AT TIME ZONE 'UTC' - (:n - i) * interval '1 minute' * 1.05,
  u.id, u.role, u.organisation_id, a.action, 'case', case_id, case_id, '', '127.0.0.1', '{}',
  md5((i - 1)::text), md5(i::text)
FROM (SELECT i, 1 + (i::bigint * 7919) % :users AS k, random() AS r,
        CASE WHEN i % 10 < 9 THEN 1 + floor(random() * :cases)::int END AS case_id
      FROM generate_series(1, :n) AS i) AS e
JOIN (SELECT id, role, organisation_id, row_number() OVER (ORDER BY id) AS k FROM "user") AS u
  ON u.k = e.k
CROSS JOIN LATERAL (SELECT CASE WHEN e.r < 0.70 THEN 'personal_data.view'
  WHEN e.r < 0.80 THEN 'document.download' WHEN e.r < 0.85 THEN 'export.cases'
  ELSE 'case.transition' END AS action) AS a
"""

INSPECTIONS_SQL = """
INSERT INTO inspection (id, firm_id, inspector_org_id, province_code, service_point,
  decision_number, planned_on, team, scope, status, conclusion, created_by_id, created_at, version)
SELECT i, ({firms})[1 + i % {n_firms}], o.id, o.province_code, '', '',
  current_date - ((:n - i) * 1825 / :n), '', '',
  CASE WHEN i % 3 = 0 THEN 'planned' ELSE 'recorded' END, '', :creator, now(), 1
FROM generate_series(1, :n) AS i
JOIN (SELECT id, province_code, row_number() OVER (ORDER BY id) - 1 AS k FROM organisation
      WHERE kind = 'dost') AS o ON o.k = i % :provinces
"""

VIOLATIONS_SQL = """
INSERT INTO violation (inspection_id, firm_id, item, description, act_date, ongoing,
  offence_report_number, decree, article, status, sanction_decision_number, remedy_note,
  version)
SELECT s.id, s.firm_id, 'security_manager', '', s.planned_on - 3, false, '', 'nd15_2020', '',
  'open', '', '', 1
FROM inspection AS s CROSS JOIN generate_series(1, 2)
"""

DIFFICULTIES_SQL = """
INSERT INTO difficulty (id, firm_id, submitted_by_id, addressee, province_code, subject, body,
  status, submitted_at, due_on, forward_note, answer, published_at, version)
SELECT i, ({firms})[1 + i % {n_firms}], :creator, 'province',
  ({provinces})[1 + i % {n_provinces}], 'Phản ánh ' || i, '',
  CASE WHEN i % 5 = 0 THEN 'published' ELSE 'submitted' END, at, current_date, '',
  CASE WHEN i % 5 = 0 THEN 'Trả lời' ELSE '' END,
  CASE WHEN i % 5 = 0 THEN at + interval '10 days' END, 1
FROM (SELECT i, now() AT TIME ZONE 'UTC' - (:n - i) * interval '15 minutes' AS at
      FROM generate_series(1, :n) AS i) AS d
"""

NOTIFICATIONS_SQL = """
INSERT INTO notification (user_id, text, text_en, url, created_at)
SELECT CASE WHEN i % 10 = 0 THEN :national ELSE u.id END, 'Thông báo ' || i, '', '/cases/',
  now() AT TIME ZONE 'UTC' - (:n - i) * interval '1 minute'
FROM generate_series(1, :n) AS i
JOIN (SELECT id, row_number() OVER (ORDER BY id) AS k FROM "user") AS u
  ON u.k = 1 + (i::bigint * 7919) % :users
"""


def _admin(*statements: str) -> None:
    engine = sa.create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))
    engine.dispose()


def _array(values) -> str:
    return "ARRAY[" + ",".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values) + "]"


def build(app) -> None:
    """Create the tables and load the lists."""
    with app.app_context():
        db.create_all()
        load_reference_data()
        world = organisations()
        users = world["users"]
        firm = db.session.get(Organisation, world["firms"][0])
        users["firm"] = User(username="bench.firm", full_name="bench.firm", password_hash="-",
                             role=Role.FIRM_SECURITY, organisation=firm)
        db.session.add(users["firm"])
        sos = db.session.scalars(sa.select(Organisation).where(
            Organisation.kind == OrgKind.DOST)).all()
        db.session.add_all(User(username=f"bench.u{n}", full_name=f"Người dùng {n}",
                                password_hash="-", role=Role.PROVINCIAL_SUPERVISOR,
                                organisation=sos[n % len(sos)]) for n in range(490))
        db.session.flush()
        password = hash_password(PASSWORD)
        for user in users.values():
            user.password_hash = password
        load(20_000, world, 5)
        _load(world, users)
        db.session.commit()
    with sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"],
                          isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


def _load(world: dict, users: dict) -> None:
    conn = db.session.connection()
    n_users = conn.scalar(sa.text('SELECT count(*) FROM "user"'))
    firms, provinces = world["firms"], world["provinces"]
    fill = {"firms": _array(firms), "n_firms": len(firms), "provinces": _array(provinces),
            "n_provinces": len(provinces)}
    creator, national = users["provincial"].id, users["national"].id
    steps = ((EVENTS_SQL, {"n": 1_000_000, "users": n_users, "cases": 20_000}),
             (INSPECTIONS_SQL.format(**fill), {"n": 100_000, "creator": creator,
                                               "provinces": len(provinces)}),
             (VIOLATIONS_SQL, {}),
             (DIFFICULTIES_SQL.format(**fill), {"n": 100_000, "creator": creator}),
             (NOTIFICATIONS_SQL, {"n": 1_000_000, "users": n_users, "national": national}))
    for sql, params in steps:
        conn.execute(sa.text(sql), params)
    # the chain's head: pages that log a view append after the loaded events
    conn.execute(sa.text("INSERT INTO audit_head (id, seq, hash) SELECT 1, max(seq), '0' FROM "
                         "audit_event ON CONFLICT (id) DO UPDATE SET seq = excluded.seq"))
    for table in ("audit_event", "inspection", "violation", "difficulty", "notification"):
        conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT max(id) FROM {table}))"))


def deep_positions(app) -> dict[str, str]:
    """Return the filler values of PAGES: a user, an organisation, positions a tenth of the
    way from the oldest row (tokens as caseflow/main/keyset.py writes them)."""
    with app.app_context():
        conn = db.session.connection()

        def at(table: str, column: str, share: float) -> str:
            number = (f"({column} - date '1970-01-01')" if column == "planned_on" else
                      f"(extract(epoch FROM {column}) * 1000000)::bigint")
            return conn.scalar(sa.text(
                f"SELECT {number} || '-' || id FROM {table} ORDER BY id "
                f"OFFSET (SELECT count(*) * {share} FROM {table})::int LIMIT 1"))

        user = conn.scalar(sa.text("SELECT actor_id FROM audit_event WHERE id = 500000"))
        org = conn.scalar(sa.text("SELECT organisation_id FROM audit_event WHERE id = 500001"))
        return {"user": user, "org": org, "log_deep": at("audit_event", "occurred_at", 0.1),
                "inspection_deep": at("inspection", "planned_on", 0.1),
                "notification_deep": at("notification", "created_at", 0.1)}


def explain(app, username: str, path: str) -> None:
    """Print the plans of the SELECTs a page runs, as the user."""
    client = app.test_client()
    client.post("/login", data={"username": username, "password": PASSWORD})
    assert client.get(path).status_code == 200, path  # warm: caches, plans
    captured = []
    with app.app_context():
        engine = db.engine

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().startswith(("SELECT", "WITH")) and not any(
                f"FROM {name}" in statement or name in statement.split("FROM", 1)[-1][:40]
                for name in SKIPPED):
            captured.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", capture)
    client.get(path)
    sa.event.remove(engine, "before_cursor_execute", capture)
    print(f"=== {username} {path}")
    with engine.connect() as conn:
        for statement, parameters in captured:
            print(" ".join(statement.split())[:240])
            plan = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {statement}",
                                        parameters)
            print("\n".join("    " + row[0] for row in plan), "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--drop", action="store_true")
    parser.add_argument("paths", nargs="*", help="USER:PATH pairs (default: PAGES)")
    args = parser.parse_args()
    if args.build:
        _admin(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)', f'CREATE DATABASE "{NAME}"')
    url = SERVER.set(database=NAME).render_as_string(hide_password=False)
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False,
                     RATELIMIT_ENABLED=False)
    if args.build:
        build(app)
    pages = [tuple(p.split(":", 1)) for p in args.paths] or PAGES
    fill = deep_positions(app)
    for who, path in pages:
        explain(app, USERNAMES[who], path.format(**fill))
    if args.drop:
        _admin(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
