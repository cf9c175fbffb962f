"""Scoped loaders and the filtered case list."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from caseflow import permissions
from caseflow.accounts.models import Role, User
from caseflow.cases import search
from caseflow.cases.listing import ORDER
from caseflow.cases.models import Case, case_category
from caseflow.db_types import utcnow
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.i18n import local_input_to_utc
from caseflow.main.keyset import Order
from caseflow.referrals.models import Referral
from caseflow.workflow.states import ReferralStatus


def case_for(user: User, case_id: int) -> Case:
    """Load a case the user may see, or raise NotFound (never a hint that it exists)."""
    case = db.session.scalar(permissions.visible_cases(user).where(Case.id == case_id).options(
        selectinload(Case.categories), selectinload(Case.referrals).joinedload(Referral.agency),
        joinedload(Case.firm), joinedload(Case.province)))
    if case is None:
        raise NotFound()
    return case


def _day_start(day: date) -> datetime:
    return local_input_to_utc(datetime.combine(day, time.min))


def listed_cases(user: User, filters: dict[str, Any]) -> tuple[sa.Select, Order]:
    """Return the user's cases narrowed by the list's filters, and the order to page them by.

    One unit's cases (an agency officer's, or the `agency` filter) are read from the unit's
    referrals in the list's order (permissions.referred_cases): walking every case newest first
    until 26 are referred to the unit took 0.7–1.1 s at 1 M (10 s cold) for a unit with few or old
    referrals (docs/performance.md). Every other list walks the cases' own indexes.
    """
    unit = int(filters["agency"]) if filters.get("agency") else (
        user.organisation_id if user.role is Role.AGENCY_OFFICER else None)
    if unit is None:
        return case_filter(user, filters), ORDER
    query, listed = permissions.referred_cases(user, unit)
    order = Order(listed.case_created_at, listed.case_id, row_names=("created_at", "id"))
    return _narrowed(query, filters, unit_joined=True), order


def case_filter(user: User, filters: dict[str, Any]) -> sa.Select:
    """Return the user's visible cases narrowed by the list's filters (no order, no loading)."""
    return _narrowed(permissions.visible_cases(user), filters)


def _narrowed(query: sa.Select, filters: dict[str, Any], *,
              unit_joined: bool = False) -> sa.Select:
    """Narrow a query of cases by the list's filters (unit_joined: the query is already one
    unit's, permissions.referred_cases)."""
    if filters.get("status"):
        query = query.where(Case.status == filters["status"])
    if filters.get("province"):
        query = query.where(Case.province_code == filters["province"])
    if filters.get("firm"):
        query = query.where(Case.firm_id == int(filters["firm"]))
    if filters.get("agency") and not unit_joined:
        query = query.where(Case.id.in_(sa.select(Referral.case_id)
                                        .where(Referral.agency_id == int(filters["agency"]))))
    if filters.get("category"):
        query = query.where(Case.id.in_(sa.select(case_category.c.case_id).where(
            case_category.c.category_code == filters["category"])))
    if filters.get("date_from"):
        query = query.where(Case.created_at >= _day_start(filters["date_from"]))
    if filters.get("date_to"):
        query = query.where(Case.created_at < _day_start(filters["date_to"] + timedelta(days=1)))
    if filters.get("tracking_number"):
        query = query.where(Case.tracking_number == filters["tracking_number"])
    if filters.get("q"):
        query = query.where(search.matches(filters["q"]))
    return _supervision_filters(query, filters)


def overdue_referral(now: datetime) -> sa.ColumnElement[bool]:
    """A referral still unacknowledged after its deadline (the dashboard counts the same)."""
    return sa.and_(Referral.status == ReferralStatus.ISSUED, Referral.due_at < now)


def _supervision_filters(query: sa.Select, filters: dict[str, Any]) -> sa.Select:
    """The dashboard's filters: submission period (Vietnam days) and overdue referrals."""
    if filters.get("submitted_from"):
        query = query.where(Case.submitted_at >= _day_start(filters["submitted_from"]))
    if filters.get("submitted_to"):
        query = query.where(Case.submitted_at
                            < _day_start(filters["submitted_to"] + timedelta(days=1)))
    if filters.get("overdue"):
        late = overdue_referral(utcnow())
        if filters.get("agency"):  # overdue at that agency, not at any agency
            late = sa.and_(late, Referral.agency_id == int(filters["agency"]))
        query = query.where(Case.id.in_(sa.select(Referral.case_id).where(late)))
    return query


def timeline_of(case: Case) -> list:
    """Return the case's timeline with actors, oldest first."""
    from caseflow.workflow.models import TimelineEntry

    return list(db.session.scalars(
        sa.select(TimelineEntry).where(TimelineEntry.case_id == case.id)
        .options(joinedload(TimelineEntry.actor), joinedload(TimelineEntry.referral)
                 .joinedload(Referral.agency))
        .order_by(TimelineEntry.created_at, TimelineEntry.id)))


def same_parcel(user: User, case: Case, *, limit: int = 5) -> list[Case]:
    """Return other cases the user may see that carry the same tracking number (a parcel
    flagged twice, or a typo), newest first."""
    if not case.tracking_number:
        return []
    return list(db.session.scalars(
        permissions.visible_cases(user)
        .where(Case.tracking_number == case.tracking_number, Case.id != case.id)
        .order_by(Case.created_at.desc(), Case.id.desc()).limit(limit)))
