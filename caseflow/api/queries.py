"""What the API reads, always through the access rules (permissions.visible_*)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.cases.models import Case
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.referrals.models import Referral
from caseflow.workflow.models import TimelineEntry
from caseflow.workflow.states import ReferralStatus

WITH_REFERRALS = selectinload(Case.referrals).joinedload(Referral.agency)


def case_by_reference(user: User, reference: str) -> Case:
    """Load a visible case by its reference, or raise NotFound."""
    case = db.session.scalar(permissions.visible_cases(user)
                             .where(Case.reference == reference.upper())
                             .options(WITH_REFERRALS))
    if case is None:
        raise NotFound()
    return case


def changed_cases(user: User, *, since: datetime, after_id: int, limit: int) -> list[Case]:
    """Return visible cases changed at or after `since` (the case row or its timeline)."""
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    touched = sa.select(TimelineEntry.case_id).where(TimelineEntry.created_at >= since)
    query = (permissions.visible_cases(user)
             .where(Case.id > after_id, Case.reference.is_not(None),
                    sa.or_(Case.updated_at >= since, Case.id.in_(touched)))
             .order_by(Case.id).limit(limit).options(WITH_REFERRALS))
    return list(db.session.scalars(query))


def referrals_to(user: User, *, status: ReferralStatus | None, limit: int) -> list[Referral]:
    """Return the referrals addressed to the user's organisation, newest first."""
    query = (permissions.visible_referrals(user)
             .where(Referral.agency_id == user.organisation_id)
             .options(joinedload(Referral.agency), joinedload(Referral.case))
             .order_by(Referral.issued_at.desc(), Referral.id.desc()).limit(limit))
    if status is not None:
        query = query.where(Referral.status == status)
    return list(db.session.scalars(query))


def referral(user: User, referral_id: str) -> Referral:
    """Load a visible referral by id (given as text in the path), or raise NotFound."""
    if not (referral_id.isascii() and referral_id.isdigit()) or len(referral_id) > 12:
        raise NotFound()
    found = db.session.scalar(permissions.visible_referrals(user)
                              .where(Referral.id == int(referral_id)))
    if found is None:
        raise NotFound()
    return found
