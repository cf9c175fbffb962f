"""Accent-insensitive search of the case list: "thuoc la" finds "thuốc lá", "dong" finds "Đồng".

What is searched: the reference, the tracking number and the description — columns stored in
clear. The parties' names, phones, addresses and ID numbers are encrypted personal data and are
never folded into searchable clear text; they are found by exact blind index (Tra cứu).

The three are kept folded (lower-cased, accents stripped, đ → d) in the case's own column
`search_text`, written by Python whenever a case is inserted or one of them changes (the
column's default and the update hook in cases/models.py, COPY included: database.copy_rows).
A query folds the words typed the same way, so both backends agree by construction. On
PostgreSQL a GIN trigram index (pg_trgm) answers `search_text LIKE '%thuoc la%'` for rare
fragments, and a common phrase reads the list's own index newest first, testing a stored
column instead of folding three columns per row (0.4 ms instead of 2.9 ms at a million cases:
docs/performance.md). SQLite: a scan, fine at SQLite's scale.
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa

INDEX_DDL = 'CREATE INDEX IF NOT EXISTS ix_case_search ON "case" USING gin ' \
    "(search_text gin_trgm_ops)"
#: How many values ANALYZE samples for search_text's histogram, which is what PostgreSQL
#: matches a `LIKE '%…%'` against to guess how common a phrase is. At the default 100, one
#: ANALYZE in six (bench, 1 M cases) took a phrase found in 2.5 % of the cases for a rare one,
#: and the list then read all 25,000 matches through the trigram index and sorted them (200 ms)
#: instead of walking the newest cases until 26 matched (1 ms); at 1,000 the guess held in every
#: ANALYZE tried. Migration 0015.
STATISTICS = 1000
STATISTICS_DDL = f'ALTER TABLE "case" ALTER COLUMN search_text SET STATISTICS {STATISTICS}'


def fold(text: str | None) -> str:
    """Lower-case the text and strip its accents (đ → d)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def search_text(reference: str | None, tracking_number: str | None,
                description: str | None) -> str:
    """Return the searchable text of a case, as its search_text column holds it."""
    return fold(f"{reference or ''} {tracking_number or ''} {description or ''}")


def matches(query: str) -> sa.ColumnElement[bool]:
    """Cases whose reference, tracking number or description contain the words typed."""
    from caseflow.cases.models import Case

    return Case.search_text.contains(fold(query.strip()), autoescape=True)


def install_postgresql(connection: sa.Connection) -> bool:
    """Create pg_trgm where the server offers it; tell whether it is there."""
    if connection.scalar(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = "
                                 "'pg_trgm'")):
        connection.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    return connection.scalar(sa.text(
        "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")) is not None


def create_index(_table, connection: sa.Connection, **_kw) -> None:
    """After create_all creates the case table (tests, benches): the trigram index and the
    column's statistics target.

    Not declared on the model: SQLite has no GIN, and Alembic cannot compare the operator class
    (database.UNDECLARED_INDEXES); migrations 0012 and 0015 make them.
    """
    if connection.dialect.name == "postgresql" and install_postgresql(connection):
        connection.execute(sa.text(INDEX_DDL))
        connection.execute(sa.text(STATISTICS_DDL))
