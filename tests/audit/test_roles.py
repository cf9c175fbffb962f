"""The role split on PostgreSQL: the app's role appends audit events but cannot change them."""

from __future__ import annotations

import secrets

import pytest
import sqlalchemy as sa

from caseflow import create_app
from caseflow.accounts.models import Role
from caseflow.audit import chain, roles
from caseflow.audit import services as audit
from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from config import TestingConfig
from tests.conftest import PG_URL
from tests.factories import make_user

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(not PG_URL, reason="needs CASEFLOW_TEST_DATABASE_URL"),
    pytest.mark.parametrize("backend_app", ["postgresql"], indirect=True),
]

REFUSED = [
    "UPDATE audit_event SET reason = 'sửa'",
    "DELETE FROM audit_event",
    "TRUNCATE audit_event",
    "ALTER TABLE audit_event DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_event_no_update_delete ON audit_event",
    "DELETE FROM audit_head",
    "TRUNCATE audit_head",
]


@pytest.fixture
def app_role(app):
    """A login role of this test's own (roles are cluster-wide), granted as the app's role."""
    name = f"caseflow_test_app_{secrets.token_hex(6)}"
    with db.engine.begin() as conn:
        conn.execute(sa.text(f'CREATE ROLE "{name}" LOGIN'))
        roles.grant_app_role(conn, name)
    try:
        yield name
    finally:
        with db.engine.begin() as conn:  # its grants live in this database only
            conn.execute(sa.text(f'DROP OWNED BY "{name}"'))
            conn.execute(sa.text(f'DROP ROLE "{name}"'))


@pytest.fixture
def app_as_role(app, app_role):
    """The application connected as the app role."""
    url = db.engine.url.set(username=app_role, password=None)
    role_app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url.render_as_string(False))
    with role_app.app_context():
        yield role_app
        db.session.remove()
        db.engine.dispose()


def test_the_app_role_appends_events_but_cannot_change_them(app_as_role):
    assert db.session.scalar(sa.text("SELECT current_user")).startswith("caseflow_test_app_")
    clerk = make_user(role=Role.FIRM_CLERK)  # ordinary tables: full use
    for n in range(3):
        audit.record("test.event", actor=clerk, object_type="case", object_id=n)
        db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 3
    assert chain.verify(db.session()).ok
    db.session.remove()
    for statement in REFUSED:
        with pytest.raises(sa.exc.ProgrammingError) as refused, db.engine.begin() as conn:
            conn.execute(sa.text(statement))
        assert "permission denied" in str(refused.value) or "must be owner" in str(
            refused.value), statement


def test_the_owner_itself_is_refused_as_the_app_role(app):
    owner = db.session.scalar(sa.text("SELECT current_user"))
    with pytest.raises(roles.RoleError, match="owns the audit table"), \
            db.engine.begin() as conn:
        roles.grant_app_role(conn, owner)
