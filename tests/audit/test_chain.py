"""The audit chain: sealed at commit, one linear chain, every tampering named by its row."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import Role
from caseflow.audit import chain
from caseflow.audit import services as audit
from caseflow.audit.models import AuditEvent, AuditHead
from caseflow.extensions import db
from tests.concurrency import race
from tests.factories import make_user

EVENTS = 12


def write_events(n: int = EVENTS, *, actor=None) -> None:
    for i in range(n):
        audit.record("test.event", actor=actor, object_type="case", object_id=i, number=i)
    db.session.commit()


def tamper(sql: str, **params) -> None:
    """Change audit rows behind the application's back (as an intruder with SQL access)."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
        conn.execute(sa.text(sql), params)
    db.session.expire_all()


def verify(checkpoint: Path | None = None) -> chain.VerifyResult:
    return chain.verify(db.session(), checkpoint=checkpoint)


def test_events_are_sealed_at_commit_into_one_chain(app):
    write_events()
    rows = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [r.seq for r in rows] == list(range(1, EVENTS + 1))
    assert rows[0].prev_hash == chain.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    assert verify().ok


def test_a_rolled_back_transaction_leaves_no_event(app):
    audit.record("test.event", actor=None, object_type="case", object_id=1)
    db.session.rollback()
    write_events(1)
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 1


def test_events_carry_who_role_organisation_and_why(app):
    officer = make_user(role=Role.AGENCY_OFFICER)
    audit.record("personal_data.reveal", actor=officer, object_type="case", object_id=7,
                 case_id=None, reason="Xác minh theo yêu cầu")
    db.session.commit()
    row = db.session.scalars(sa.select(AuditEvent)).one()
    assert (row.actor_id, row.actor_role, row.organisation_id, row.reason) == (
        officer.id, "agency_officer", officer.organisation_id, "Xác minh theo yêu cầu")


@pytest.mark.parametrize(("column", "value"), [
    ("payload", '{"number": 99}'), ("action", "test.forged"), ("actor_role", "admin"),
    ("reason", "sửa lý do"), ("ip", "10.0.0.1"), ("object_id", 999), ("hash", "f" * 64),
    ("prev_hash", "e" * 64)])
def test_tampering_any_column_of_a_row_names_that_row(app, column, value):
    write_events()
    tamper(f"UPDATE audit_event SET {column} = :v WHERE seq = 5", v=value)
    result = verify()
    assert result.first_broken == 5


def test_deleting_a_middle_row_is_detected(app):
    write_events()
    tamper("DELETE FROM audit_event WHERE seq = 7")
    assert verify().first_broken == 7


def test_a_forged_row_is_detected(app):
    write_events()
    tamper("INSERT INTO audit_event (seq, occurred_at, actor_role, action, object_type, reason,"
           " ip, payload, prev_hash, hash) SELECT 13, occurred_at, '', 'test.forged', 'case',"
           " '', '', payload, hash, :h FROM audit_event WHERE seq = 12", h="a" * 64)
    assert verify().first_broken == 13


def test_swapping_two_payloads_is_detected(app):
    write_events()
    tamper("UPDATE audit_event SET payload = (SELECT payload FROM audit_event WHERE seq = 4)"
           " WHERE seq = 9")
    assert verify().first_broken == 9


def test_cutting_off_the_tail_is_detected_by_the_head_row(app):
    write_events()
    tamper("DELETE FROM audit_event WHERE seq > 9")
    result = verify()
    assert not result.ok and result.first_broken == 10


def test_cutting_off_the_tail_and_the_head_row_is_caught_by_the_checkpoint(app, tmp_path):
    write_events()
    checkpoint = tmp_path / "checkpoint.json"
    chain.write_checkpoint(db.session(), checkpoint)
    row = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.seq == 9)).one()
    tamper("DELETE FROM audit_event WHERE seq > 9")
    tamper("UPDATE audit_head SET seq = 9, hash = :h", h=row.hash)
    assert verify().ok  # without the checkpoint the shortened chain looks whole
    result = verify(checkpoint)
    assert result.first_broken == 10 and json.loads(checkpoint.read_text())["seq"] == EVENTS


def test_twenty_concurrent_writers_make_one_linear_chain(app):
    writers = 20

    def writer(i: int):
        def go():
            for n in range(3):
                audit.record("test.concurrent", actor=None, object_type="case", object_id=i,
                             n=n)
        return lambda: go
    results = race(app, [writer(i) for i in range(writers)])
    assert not [r for r in results if isinstance(r, Exception)], results
    db.session.expire_all()
    seqs = db.session.scalars(sa.select(AuditEvent.seq).order_by(AuditEvent.seq)).all()
    assert seqs == list(range(1, writers * 3 + 1))
    assert db.session.get(AuditHead, 1).seq == writers * 3
    assert verify().ok


def test_postgresql_refuses_update_delete_and_truncate(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the append-only triggers are PostgreSQL's")
    write_events(2)
    for statement in ("UPDATE audit_event SET reason = 'x'", "DELETE FROM audit_event",
                      "TRUNCATE audit_event CASCADE"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(sa.text(statement))


def test_verify_command_reports_the_broken_row(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "AUDIT_CHECKPOINT_FILE", str(tmp_path / "checkpoint.json"))
    write_events()
    runner = app.test_cli_runner()
    runner.invoke(args=["audit", "checkpoint"])
    assert "intact" in runner.invoke(args=["audit", "verify"]).output
    tamper("UPDATE audit_event SET action = 'x' WHERE seq = 3")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "sequence 3" in result.output
