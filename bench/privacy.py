"""Benchmark the audit chain and key rotation.

Run: .venv/bin/python bench/privacy.py   (a temporary SQLite database, or the database named by
DATABASE_URL — use a database of its own, its tables are dropped and recreated)

- audit_append_per_s: events sealed into the HMAC chain (1,000 per transaction);
- audit_verify_s: `audit verify` over 100,000 events;
- rotation_per_s: cases re-encrypted (7 fields each) by `keys rotate`.
The last line of output is one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path, where bench/http.py would shadow the
# standard library's `http` package (werkzeug imports it).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from caseflow import create_app  # noqa: E402
from caseflow.accounts.models import Role  # noqa: E402
from caseflow.audit import chain  # noqa: E402
from caseflow.audit import services as audit  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from caseflow.privacy import keys, services  # noqa: E402
from caseflow.seed.reference import load_reference_data  # noqa: E402
from caseflow.workflow.states import CaseStatus  # noqa: E402
from config import DevelopmentConfig  # noqa: E402

EVENTS, CASES = 100_000, 2_000


def build_app(tmp: Path):
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.db'}"
    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url,
                     KEY_FILE=str(tmp / "keys.json"), GENERATE_KEY_FILE=True)
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_reference_data()
        db.session.commit()
    return app


def append_events() -> float:
    started = time.perf_counter()
    for batch in range(EVENTS // 1000):
        for i in range(1000):
            audit.record("bench.event", actor=None, object_type="case", object_id=batch * 1000 + i)
        db.session.commit()
    return EVENTS / (time.perf_counter() - started)


def make_cases() -> None:
    from tests.factories import make_case, make_user

    clerk = make_user(role=Role.FIRM_CLERK)
    for _ in range(CASES):
        make_case(firm_user=clerk, status=CaseStatus.DRAFT)
    db.session.commit()


def rotate(app, tmp: Path) -> float:
    path = tmp / "keys.json"
    keys.add_data_key(path)
    app.extensions["caseflow_keys"] = keys.load_key_file(path)
    started = time.perf_counter()
    changed = services.rotate_keys(batch=500)
    elapsed = time.perf_counter() - started
    assert changed == CASES, changed
    return CASES / elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        app = build_app(tmp)
        with app.app_context():
            append_per_s = append_events()
            started = time.perf_counter()
            result = chain.verify(db.session())
            verify_s = time.perf_counter() - started
            assert result.ok and result.checked == EVENTS, result
            make_cases()
            rotation_per_s = rotate(app, tmp)
            figures = {"database": db.engine.dialect.name, "audit_events": EVENTS,
                       "audit_append_per_s": round(append_per_s),
                       "audit_verify_s": round(verify_s, 2),
                       "audit_verify_per_s": round(EVENTS / verify_s),
                       "rotation_cases": CASES, "rotation_per_s": round(rotation_per_s)}
            db.session.remove()
            db.drop_all()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
