"""Print EXPLAIN (ANALYZE) of the SQL a page runs, as the page runs it (docs/performance.md).

Run: .venv/bin/python bench/explain.py USERNAME PATH [DATABASE_URL]
e.g. .venv/bin/python bench/explain.py bench.national '/cases/?q=thuoc+la'
(default database: bench/http.py's million cases). The user's password is bench/http.py's.
Statements on the session, user and notification tables, and all but SELECTs, are left out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # see bench/http.py
sys.path.insert(0, str(HERE.parent))

import sqlalchemy as sa  # noqa: E402

from caseflow import create_app  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from config import TestingConfig  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/caseflow_bench_http_1000000"
SKIPPED = ("server_session", '"user"', "notification")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("username")
    parser.add_argument("path")
    parser.add_argument("url", nargs="?", default=DEFAULT_URL, help="the database")
    args = parser.parse_args()
    username, path, url = args.username, args.path, args.url
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False)
    client = app.test_client()
    client.post("/login", data={"username": username, "password": "bench-http-password-2026"})
    client.get(path)  # warm: caches, plans
    captured = []
    with app.app_context():
        engine = db.engine

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().startswith(("SELECT", "WITH")) and not any(
                f"FROM {name}" in statement for name in SKIPPED):
            captured.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", capture)
    client.get(path)
    sa.event.remove(engine, "before_cursor_execute", capture)
    with engine.connect() as conn:
        for statement, parameters in captured:
            print(" ".join(statement.split())[:300])
            plan = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {statement}",
                                        parameters)
            print("\n".join("    " + row[0] for row in plan), "\n")
    engine.dispose()


if __name__ == "__main__":
    main()
