"""Accent-insensitive search of the case list: "thuoc la" finds "thuốc lá", "dong" finds "Đồng".

What is searched: the reference, the tracking number and the description — columns stored in
clear. The parties' names, phones, addresses and ID numbers are encrypted personal data and are
never folded into searchable clear text; they are found by exact blind index (Tra cứu).

One SQL function, `caseflow_search_text(reference, tracking_number, description)`, returns the
three joined, lower-cased and stripped of accents (đ → d). PostgreSQL: an IMMUTABLE SQL function
over `unaccent` (the migration creates the extensions unaccent and pg_trgm), with a GIN trigram
index on it, so `LIKE '%thuoc la%'` reads the index. SQLite: the same function registered in
Python on each connection (caseflow/database.py); a scan, fine at SQLite's scale.
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa

FUNCTION = "caseflow_search_text"
#: Over unaccent when the extension exists; else a translation table of Vietnamese letters.
PG_UNACCENT_BODY = "SELECT lower(public.unaccent('public.unaccent'::regdictionary, " \
    "coalesce($1, '') || ' ' || coalesce($2, '') || ' ' || coalesce($3, '')))"
VIETNAMESE = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
PLAIN = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
PG_TRANSLATE_BODY = "SELECT translate(lower(coalesce($1, '') || ' ' || coalesce($2, '') || ' ' " \
    f"|| coalesce($3, '')), '{VIETNAMESE}', '{PLAIN}')"


def fold(text: str | None) -> str:
    """Lower-case the text and strip its accents (đ → d), as the SQL function does."""
    decomposed = unicodedata.normalize("NFKD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def search_text(reference: str | None, tracking_number: str | None,
                description: str | None) -> str:
    """Return the searchable text of a case (SQLite's caseflow_search_text)."""
    return fold(f"{reference or ''} {tracking_number or ''} {description or ''}")


def function_ddl(has_unaccent: bool) -> str:
    """Return the CREATE FUNCTION of caseflow_search_text for PostgreSQL."""
    body = PG_UNACCENT_BODY if has_unaccent else PG_TRANSLATE_BODY
    return (f"CREATE OR REPLACE FUNCTION {FUNCTION}(text, text, text) RETURNS text "
            f"LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ {body} $$")


def install_postgresql(connection: sa.Connection) -> None:
    """Create the extensions where allowed, then the function (idempotent)."""
    for extension in ("unaccent", "pg_trgm"):
        if connection.scalar(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = :n"),
                             {"n": extension}):
            connection.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS {extension} "
                                       "SCHEMA public"))
    has_unaccent = connection.scalar(sa.text(
        "SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")) is not None
    connection.execute(sa.text(function_ddl(has_unaccent)))


def document() -> sa.ColumnElement[str]:
    """The case's searchable text, as the index holds it."""
    from caseflow.cases.models import Case

    return sa.func.caseflow_search_text(Case.reference, Case.tracking_number, Case.description,
                                        type_=sa.Text)


def matches(query: str) -> sa.ColumnElement[bool]:
    """Cases whose reference, tracking number or description contain the words typed."""
    return document().contains(fold(query.strip()), autoescape=True)


def register_sqlite(dbapi_connection) -> None:
    """Give an SQLite connection the search function (deterministic: usable in indexes)."""
    dbapi_connection.create_function(FUNCTION, 3, search_text, deterministic=True)


INDEX_DDL = ('CREATE INDEX IF NOT EXISTS ix_case_search ON "case" USING gin '
             f"({FUNCTION}(reference, tracking_number, description) gin_trgm_ops)")


def create_function(_table, connection: sa.Connection, **_kw) -> None:
    """Before create_all creates the case table (tests, benches): the function its index uses."""
    if connection.dialect.name == "postgresql":
        install_postgresql(connection)


def create_index(_table, connection: sa.Connection, **_kw) -> None:
    """After create_all creates the case table: the trigram index (when pg_trgm is there)."""
    if connection.dialect.name == "postgresql" and connection.scalar(sa.text(
            "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")):
        connection.execute(sa.text(INDEX_DDL))
