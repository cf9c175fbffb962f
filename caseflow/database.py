"""Engine settings that make SQLite behave like a server database for our purposes."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from caseflow.extensions import db


def is_sqlite(app: Flask) -> bool:
    """Tell whether the app runs on SQLite."""
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def configure_engine_options(app: Flask) -> None:
    """Wait for locks instead of failing at once when writers race on SQLite."""
    if is_sqlite(app):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
        options.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
        options.pop("pool_pre_ping", None)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def install_sqlite_pragmas(app: Flask) -> None:
    """Turn on foreign keys and WAL for every SQLite connection."""
    if not is_sqlite(app):
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


def upsert_insert(dialect_name: str, table):
    """Return the dialect's INSERT (the one that knows ON CONFLICT) for a table or model."""
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def insert_ignoring_conflict(session: Session, model, **values) -> None:
    """INSERT a row unless one with the same key exists (ON CONFLICT DO NOTHING)."""
    insert = upsert_insert(session.get_bind().dialect.name, model)
    session.execute(insert.values(**values).on_conflict_do_nothing())


def bump_counter(session: Session, model, *, by: int = 1, **key) -> int:
    """Take the next value (or the last of `by` values) of a counter row in this transaction.

    One UPDATE … RETURNING bumps it: concurrent callers queue on the row lock, and a rolled-back
    transaction gives its value back, so the values have neither gaps nor duplicates.
    """
    insert_ignoring_conflict(session, model, **key, last_value=0)
    where = [getattr(model, name) == value for name, value in key.items()]
    return session.execute(sa.update(model).where(*where)
                           .values(last_value=model.last_value + by)
                           .returning(model.last_value)).scalar_one()
