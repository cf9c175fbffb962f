"""Evidence of a case the caller has already loaded through the scoped loader."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.cases.models import Case
from caseflow.errors import NotFound
from caseflow.evidence.models import Evidence
from caseflow.extensions import db


def evidence_of(case: Case) -> list[Evidence]:
    """Return the case's evidence, oldest first."""
    return list(db.session.scalars(sa.select(Evidence).where(Evidence.case_id == case.id)
                                   .order_by(Evidence.id)))


def evidence_item(case: Case, evidence_id: int) -> Evidence:
    """Return one evidence file of this (visible) case, or raise NotFound."""
    item = db.session.scalar(sa.select(Evidence).where(Evidence.case_id == case.id,
                                                       Evidence.id == evidence_id))
    if item is None:
        raise NotFound()
    return item


def totals(case: Case) -> tuple[int, int]:
    """Return how many files the case has and their total size in bytes."""
    count, size = db.session.execute(
        sa.select(sa.func.count(Evidence.id), sa.func.coalesce(sa.func.sum(Evidence.size_bytes), 0))
        .where(Evidence.case_id == case.id)).one()
    return int(count), int(size)
