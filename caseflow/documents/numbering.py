"""Document numbers: one gapless series per issuing organisation, kind and year."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.documents.models import DocumentCounter, DocumentKind
from caseflow.extensions import db


def next_seq(issuer_id: int, kind: DocumentKind, year: int) -> int:
    """Take the next number of a series inside the current transaction.

    As with case references (cases.services.next_reference), the counter row is bumped with
    one UPDATE … RETURNING: concurrent issuers queue on its row lock, and a rolled-back
    generation gives its number back, so numbers have neither gaps nor duplicates.
    """
    insert = _dialect_insert()(DocumentCounter).values(
        issuer_id=issuer_id, kind=kind, year=year, last_value=0)
    db.session.execute(insert.on_conflict_do_nothing())
    return db.session.execute(
        sa.update(DocumentCounter)
        .where(DocumentCounter.issuer_id == issuer_id, DocumentCounter.kind == kind,
               DocumentCounter.year == year)
        .values(last_value=DocumentCounter.last_value + 1)
        .returning(DocumentCounter.last_value)).scalar_one()


def format_number(seq: int, year: int, kind: DocumentKind) -> str:
    """Print a number as Vietnamese offices do: 15/2026/BB-DVC."""
    return f"{seq}/{year}/{kind.symbol}"


def _dialect_insert():
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
