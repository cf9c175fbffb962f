"""The pool's idle check: a connection used a moment ago goes straight to work, one idle for a
while is tested first and replaced if the server has dropped it. The end of a transaction that
only read: COMMIT (psycopg keeps its prepared statements); anything written is rolled back."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from caseflow import database
from caseflow.accounts.models import Organisation, OrgKind, Role
from caseflow.audit import services as audit
from caseflow.extensions import db
from tests.conftest import login
from tests.factories import make_user


@pytest.fixture
def engine(app):
    """The app's PostgreSQL engine."""
    if app.config["BACKEND"] != "postgresql":
        pytest.skip("server connections (PostgreSQL): idle check, prepared statements")
    db.session.remove()
    return db.engine


@pytest.fixture
def pings(engine, monkeypatch) -> list[object]:
    """Record every ping the pool sends."""
    sent: list[object] = []
    real = engine.dialect.do_ping

    def counted(dbapi_connection):
        sent.append(dbapi_connection)
        return real(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return sent


def backend_pid(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(sa.text("SELECT pg_backend_pid()"))


def drop_pooled_connection(engine) -> int:
    """Have the server end the one pooled connection (as a restart would); return its pid."""
    engine.dispose()
    pid = backend_pid(engine)
    other = sa.create_engine(engine.url, poolclass=sa.pool.NullPool)
    with other.connect() as conn:
        conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    other.dispose()
    return pid


def test_connection_used_a_moment_ago_is_not_pinged(engine, pings):
    backend_pid(engine)

    backend_pid(engine)

    assert pings == []


def test_idle_connection_is_pinged_before_use(app, engine, pings, monkeypatch):
    backend_pid(engine)
    monkeypatch.setitem(app.config, "DATABASE_PING_AFTER_IDLE", 0)

    backend_pid(engine)

    assert len(pings) == 1


def test_idle_connection_dropped_by_the_server_is_replaced(app, engine, pings, monkeypatch):
    dropped = drop_pooled_connection(engine)
    monkeypatch.setitem(app.config, "DATABASE_PING_AFTER_IDLE", 0)

    assert backend_pid(engine) != dropped
    assert pings


def test_busy_connection_dropped_by_the_server_fails_its_statement(engine):
    drop_pooled_connection(engine)

    # Not idle long enough to be tested: the statement meets the dropped connection.
    with pytest.raises(sa.exc.OperationalError):
        backend_pid(engine)
    assert backend_pid(engine)  # and the pool has recycled it for the next request


# --- ending a transaction that only read -----------------------------------------------------

def organisations_named(name: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(Organisation.name == name))


def end_as_a_request_does() -> None:
    database.commit_if_read_only(db.session())
    db.session.rollback()


def prepared_statements() -> int:
    return db.session.scalar(sa.text("SELECT count(*) FROM pg_prepared_statements"))


def test_reads_repeated_over_transactions_get_prepared(engine):
    engine.dispose()  # one connection from here on
    for _ in range(6):
        db.session.execute(sa.select(Organisation.id).where(Organisation.name == "x")).all()
        end_as_a_request_does()

    assert prepared_statements() >= 1


def test_reads_ended_by_rollback_are_never_prepared(engine):
    engine.dispose()
    for _ in range(6):
        db.session.execute(sa.select(Organisation.id).where(Organisation.name == "x")).all()
        db.session.rollback()

    assert prepared_statements() == 0


def test_a_statement_that_wrote_is_rolled_back(engine):
    db.session.execute(sa.insert(Organisation).values(name="Viết rồi", kind=OrgKind.POLICE,
                                                       province_code="01"))

    end_as_a_request_does()

    assert organisations_named("Viết rồi") == 0


def test_rows_copied_past_sqlalchemy_are_rolled_back(engine):
    database.copy_rows(db.session(), Organisation.__table__,
                       [{"name": "Chép", "kind": OrgKind.POLICE, "province_code": "01"}])

    end_as_a_request_does()

    assert organisations_named("Chép") == 0


def test_unflushed_objects_and_queued_audit_events_are_dropped(engine):
    db.session.execute(sa.select(Organisation.id)).all()
    db.session.add(Organisation(name="Chưa ghi", kind=OrgKind.POLICE, province_code="01"))
    audit.record("test.read_only_end", actor=None, object_type="test", object_id=None)

    end_as_a_request_does()

    assert organisations_named("Chưa ghi") == 0
    assert db.session.scalar(sa.text(
        "SELECT count(*) FROM audit_event WHERE action = 'test.read_only_end'")) == 0


def test_a_list_page_read_again_and_again_runs_prepared_statements(engine, client):
    supervisor = make_user(role=Role.NATIONAL_SUPERVISOR)
    db.session.commit()
    login(client, supervisor)
    db.session.remove()
    engine.dispose()
    for _ in range(15):
        assert client.get("/cases/").status_code == 200

    assert prepared_on_pooled_connections(engine) >= 1


def prepared_on_pooled_connections(engine) -> int:
    """Count the statements prepared on every connection the pool holds (checked out at once,
    so each is a different one)."""
    connections = [engine.connect() for _ in range(engine.pool.checkedin())]
    try:
        return sum(conn.scalar(sa.text("SELECT count(*) FROM pg_prepared_statements"))
                   for conn in connections)
    finally:
        for conn in connections:
            conn.close()


def test_every_statement_is_planned_for_its_values(engine):
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SHOW plan_cache_mode")) == "force_custom_plan"
