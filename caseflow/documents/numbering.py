"""Document numbers: one gapless series per issuing organisation, kind and year."""

from __future__ import annotations

from caseflow.database import bump_counter
from caseflow.documents.models import DocumentCounter, DocumentKind
from caseflow.extensions import db


def next_seq(issuer_id: int, kind: DocumentKind, year: int) -> int:
    """Take the next number of a series inside the current transaction.

    As with case references (cases.services.next_reference), the counter row is bumped with
    one UPDATE … RETURNING: concurrent issuers queue on its row lock, and a rolled-back
    generation gives its number back, so numbers have neither gaps nor duplicates.
    """
    return bump_counter(db.session(), DocumentCounter, issuer_id=issuer_id, kind=kind, year=year)


def format_number(seq: int, year: int, kind: DocumentKind, issuer_code: str = "") -> str:
    """Print a number as Decree 30/2020 (Annex I) writes it: 01/BC-SKHCN — the sequence (two
    digits at least), the type's symbol and the issuer's abbreviation; the year is not part of
    an administrative document's number. Without an issuer code, the former 15/2026/BB-DVC."""
    if not issuer_code:
        return f"{seq}/{year}/{kind.symbol}"
    return f"{seq:02d}/{kind.symbol}-{issuer_code}"

