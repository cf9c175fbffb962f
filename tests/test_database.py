"""The pool's idle check: a connection used a moment ago goes straight to work, one idle for a
while is tested first and replaced if the server has dropped it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from caseflow.extensions import db


@pytest.fixture
def engine(app):
    """The app's PostgreSQL engine (SQLite connections are files: nothing to drop them)."""
    if app.config["BACKEND"] != "postgresql":
        pytest.skip("the idle check is for server databases")
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
