"""Engine settings: SQLite made to behave like a server database for our purposes, the pool's
check of a server connection that has sat idle, and the end of a transaction that only read."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from caseflow.extensions import db


def is_sqlite(app: Flask) -> bool:
    """Tell whether the app runs on SQLite."""
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


#: PostgreSQL plans every statement for its values, prepared or not (see below).
CUSTOM_PLANS = "-c plan_cache_mode=force_custom_plan"


def configure_engine_options(app: Flask) -> None:
    """SQLite: wait for locks instead of failing at once when writers race. PostgreSQL: plan
    every statement for its values.

    psycopg prepares a statement a connection has run five times (commit_if_read_only keeps
    them), and PostgreSQL may then switch it to a generic plan, made without the values. The
    best plan of a list's search depends on how common the phrase is: walking the newest cases
    (1 ms at 1 M for a common phrase) or reading every match through the trigram index (right
    for a rare one, 200 ms for a common one). So every execution is planned for its values;
    preparing still saves the parsing.
    """
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    if is_sqlite(app):
        options.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
    else:
        connect_args = dict(options.get("connect_args", {}))
        connect_args["options"] = f"{connect_args.get('options', '')} {CUSTOM_PLANS}".strip()
        options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


#: Where a pooled connection's record keeps when it was last returned to the pool.
IDLE_SINCE = "caseflow_idle_since"


def install_idle_ping(app: Flask) -> None:
    """Test a pooled server connection before use only when it has sat idle for a while.

    SQLAlchemy's pool_pre_ping tests every checkout: one more round trip on every request, a
    fifth of a list page's five. A connection returned a moment ago is alive; one idle longer
    than DATABASE_PING_AFTER_IDLE seconds may have been closed by a restarted server or a
    firewall, so it is tested, and on failure replaced before the request sees it (the pool
    retries a checkout whose listener raises DisconnectionError). A server lost while busy
    fails the statements in flight, pre-ping or not; SQLAlchemy then recycles the whole pool.
    """
    if is_sqlite(app):
        return
    config = app.config
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection, record) -> None:
        record.info[IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
        since = record.info.get(IDLE_SINCE)
        if since is None or time.monotonic() - since < config["DATABASE_PING_AFTER_IDLE"]:
            return  # new, or used a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise sa.exc.DisconnectionError(f"idle connection lost: {exc}") from exc


#: Set in a connection's info once its open transaction has sent anything but a SELECT.
WROTE = "caseflow_wrote"


def install_write_tracking(app: Flask) -> None:
    """Note, per server connection, whether its open transaction has sent anything but SELECTs.

    Every statement SQLAlchemy sends passes here; one sent past it (COPY: copy_rows) marks the
    connection itself. What is not a plain SELECT counts as a write, SAVEPOINT, SET and a
    WITH (it may modify data) included: a doubt only costs the commit_if_read_only shortcut.
    """
    if is_sqlite(app):
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "begin")
    def _nothing_written_yet(conn) -> None:
        conn.info.pop(WROTE, None)

    @event.listens_for(engine, "before_cursor_execute")
    def _note_writes(conn, _cursor, statement: str, *_args) -> None:
        if statement.lstrip()[:7].upper() != "SELECT ":
            conn.info[WROTE] = True


def commit_if_read_only(session: Session) -> None:
    """End the session's open transaction with COMMIT if it has only read (PostgreSQL).

    For a transaction that wrote nothing COMMIT and ROLLBACK leave the database the same, but
    psycopg forgets every prepared statement on ROLLBACK: with one ROLLBACK per request, no
    statement ever reached the five executions that prepare it, and PostgreSQL parsed and
    planned every statement of every page again (a list page: 0.5 ms of its 2 ms of database
    CPU). The COMMIT goes to the driver's connection directly: the session's own rollback then
    finds no transaction on the server and sends nothing, and still discards what the ORM
    holds unflushed (never flushed here) and the audit events queued for a commit.
    """
    if not session.in_transaction():
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql" and not connection.info.get(WROTE):
        connection.connection.driver_connection.commit()


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


#: Indexes made by DDL events and migrations, not declared on the models (a GIN index with an
#: operator class, which SQLite lacks): autogenerate must neither add nor drop them.
UNDECLARED_INDEXES = frozenset({"ix_case_search"})


def forget_on_write(models: tuple[type, ...], forget: Callable[[], None]) -> None:
    """Call `forget` after every flush of this process that writes one of `models` (a cache
    kept in the process of what they show: cases/choices.py, reports/kept.py)."""

    @event.listens_for(Session, "after_flush")
    def _forget_on_write(session: Session, _context) -> None:
        changed = (*session.new, *session.dirty, *session.deleted)
        if any(isinstance(obj, models) for obj in changed):
            forget()


def declared_in_models(_obj, name: str | None, type_: str, _reflected: bool, _compare_to) -> bool:
    """Alembic include_object: compare every object but the undeclared indexes."""
    return not (type_ == "index" and name in UNDECLARED_INDEXES)


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


def insert_rows(session: Session, table: sa.Table, rows: list[dict]) -> None:
    """Insert many rows at once, giving each row its new `id`.

    PostgreSQL: the ids come first from the table's sequence in one query, then the rows go
    by COPY (copy_rows). SQLite has no sequences: one executemany INSERT returns the ids, in
    the order of the rows.
    """
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        ids = reserve_ids(session, table.name, len(rows))
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id
        copy_rows(session, table, rows)
        return
    result = session.execute(sa.insert(table).returning(table.c.id,
                                                        sort_by_parameter_order=True), rows)
    for row, new_id in zip(rows, result.scalars(), strict=True):
        row["id"] = new_id


def copy_rows(session: Session, table: sa.Table, rows: list[dict]) -> None:
    """Insert many rows that hold the same columns, by COPY on PostgreSQL (else executemany).

    COPY skips the per-row statement PostgreSQL runs for an executemany (500 cases: about
    35 ms instead of 90); constraints, indexes and triggers apply as for INSERT. Each value
    goes through its column type's bind processing first, as an INSERT would send it.
    """
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(sa.insert(table), rows)
        return
    _fill_python_defaults(table, rows)
    keys = list(rows[0])
    columns = [table.c[name] for name in keys]
    dialect = session.get_bind().dialect
    processors = list(zip(keys, [_copy_processor(column, dialect) for column in columns],
                          strict=True))
    names = ", ".join(dialect.identifier_preparer.quote(column.name) for column in columns)
    statement = f"COPY {dialect.identifier_preparer.format_table(table)} ({names}) FROM STDIN"
    connection = session.connection()
    connection.info[WROTE] = True  # COPY passes SQLAlchemy's events by
    cursor = connection.connection.driver_connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[key] if process is None or row[key] is None
                                else process(row[key]) for key, process in processors])
    except dialect.loaded_dbapi.Error as exc:
        # As SQLAlchemy would raise it: a unique violation is an IntegrityError, which the
        # callers that retry a racing twin catch.
        raise sa.exc.DBAPIError.instance(statement, None, exc,
                                         dialect.loaded_dbapi.Error) from exc


def _fill_python_defaults(table: sa.Table, rows: list[dict]) -> None:
    """Give rows the Python-side column defaults an INSERT would add (COPY knows none)."""
    missing = [c for c in table.columns if c.name not in rows[0] and c.default is not None
               and not c.primary_key]
    for column in missing:
        default = column.default
        for row in rows:
            row[column.name] = default.arg if default.is_scalar else default.arg(_RowContext(row))


class _RowContext:
    """What a context-sensitive default reads of an INSERT (its row), for COPY."""

    def __init__(self, row: dict) -> None:
        self.row = row

    def get_current_parameters(self, isolate_multiinsert_groups: bool = True) -> dict:
        return self.row


def _copy_processor(column: sa.Column, dialect) -> Callable[[Any], Any] | None:
    """Return how to turn a column's Python value into what COPY writes (None: as it is)."""
    if isinstance(column.type, sa.JSON):
        from psycopg.types.json import Json  # the driver dumps JSON itself for INSERTs too
        return Json
    return column.type.bind_processor(dialect)


def reserve_ids(session: Session, table: str, count: int) -> list[int]:
    """Take `count` ids from a table's sequence in one query (PostgreSQL)."""
    with session.no_autoflush:
        sequence = _sequence_of(session, table)
        return list(session.scalars(sa.text(
            f"SELECT nextval('{sequence}'::regclass) FROM generate_series(1, :n)"),
            {"n": count}))


_SEQUENCES: dict[str, str] = {}


def _sequence_of(session: Session, table: str) -> str:
    """Return the name of the sequence behind a table's id (asked once per process)."""
    if table not in _SEQUENCES:
        name = session.scalar(sa.text("SELECT pg_get_serial_sequence(:t, 'id')"),
                              {"t": f'"{table}"'})
        _SEQUENCES[table] = name.replace("'", "''")
    return _SEQUENCES[table]
