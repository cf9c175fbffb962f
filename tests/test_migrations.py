"""The Alembic migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade

from caseflow import database
from caseflow.cases import search
from caseflow.extensions import db


def _differences() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True, "include_object": database.declared_in_models})
        return compare_metadata(context, db.metadata)


def test_migrations_produce_the_schema_of_the_models(migrated_app):
    assert _differences() == []


def test_migrations_go_down_to_an_empty_database(migrated_app):
    downgrade(revision="base")
    tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()


def test_migrated_postgresql_refuses_to_change_the_audit_log(migrated_app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the append-only triggers are PostgreSQL's")
    with db.engine.connect() as conn:
        triggers = set(conn.scalars(sa.text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass")))
    assert {"audit_event_no_update_delete", "audit_event_no_truncate"} <= triggers


def search_text_statistics() -> int:
    with db.engine.connect() as conn:
        return conn.scalar(sa.text(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = '\"case\"'::regclass AND attname = 'search_text'"))


def test_migrated_postgresql_samples_search_text_widely(migrated_app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's statistics target")
    assert search_text_statistics() == search.STATISTICS
