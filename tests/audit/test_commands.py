"""`flask audit verify` passes only when the chain, its head row and the checkpoint agree."""

from __future__ import annotations

import pytest

from caseflow.audit import roles
from tests.audit.test_chain import tamper, write_events


@pytest.fixture
def checkpoint(app, tmp_path, monkeypatch):
    path = tmp_path / "audit-checkpoint.json"
    monkeypatch.setitem(app.config, "AUDIT_CHECKPOINT_FILE", str(path))
    return path


def run(app, command: str):
    return app.test_cli_runner().invoke(args=["audit", command])


def test_verify_is_intact_with_head_row_and_checkpoint(app, checkpoint):
    write_events()
    assert run(app, "checkpoint").exit_code == 0
    result = run(app, "verify")
    assert result.exit_code == 0 and "intact: 12 events" in result.output


def test_verify_fails_when_the_checkpoint_file_is_missing(app, checkpoint):
    write_events()
    result = run(app, "verify")
    assert result.exit_code == 1
    assert "NOT VERIFIED" in result.output and "checkpoint file" in result.output
    assert "missing" in result.output and "intact" not in result.output


def test_verify_fails_when_the_checkpoint_file_is_unreadable(app, checkpoint):
    write_events()
    checkpoint.write_text("{not json")
    result = run(app, "verify")
    assert result.exit_code == 1 and "unreadable" in result.output


def test_verify_fails_when_the_head_row_is_missing(app, checkpoint):
    write_events()
    run(app, "checkpoint")
    tamper("DELETE FROM audit_head")
    result = run(app, "verify")
    assert result.exit_code == 1
    assert "audit_head row is missing" in result.output and "intact" not in result.output


def test_verify_catches_a_deleted_chain_and_head_by_the_checkpoint(app, checkpoint):
    write_events()
    run(app, "checkpoint")
    tamper("DELETE FROM audit_event")
    tamper("DELETE FROM audit_head")
    result = run(app, "verify")
    assert result.exit_code == 1 and "BROKEN at sequence 1" in result.output


def test_a_fresh_install_with_its_first_checkpoint_is_intact(app, checkpoint):
    assert run(app, "checkpoint").exit_code == 0
    result = run(app, "verify")
    assert result.exit_code == 0 and "intact: 0 events" in result.output


def test_a_role_name_is_never_spliced_into_sql_unchecked():
    with pytest.raises(roles.RoleError):
        roles.grant_statements('app"; DROP TABLE audit_event; --')
    statements = roles.grant_statements("caseflow_app")
    assert 'GRANT SELECT, INSERT ON audit_event TO "caseflow_app"' in statements


def test_grant_app_role_is_postgresql_only(app):
    if app.config["BACKEND"] != "sqlite":
        pytest.skip("the SQLite answer")
    result = run(app, "grant-app-role")
    assert result.exit_code != 0
    result = app.test_cli_runner().invoke(args=["audit", "grant-app-role", "caseflow_app"])
    assert result.exit_code == 1 and "PostgreSQL" in result.output
