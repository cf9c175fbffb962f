"""Cases and referrals: who sees which case, who edits it, who presses which transition."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Select
from sqlalchemy.orm import aliased

from caseflow.accounts.models import Role, User
from caseflow.cases.models import Case, case_category
from caseflow.catalogue.models import Category
from caseflow.extensions import db
from caseflow.permissions._base import CASE_ROLES, FIRM_ROLES
from caseflow.referrals.models import Referral
from caseflow.workflow.states import CaseStatus, ReferralStatus
from caseflow.workflow.transitions import Transition


def _has_restricted_category(id_range: tuple[int, int] | None = None) -> sa.ColumnElement[bool]:
    """The case carries a restricted category (C5, C6).

    A correlated EXISTS rather than `id NOT IN (all restricted case ids)`: PostgreSQL runs it as
    an anti-join on case_category's primary key for the cases at hand instead of reading every
    restricted case first; with an id range it hashes the few restricted cases in that range
    (bench/dashboard.py: a million cases).
    """
    condition = sa.exists().where(case_category.c.case_id == Case.id,
                                  Category.code == case_category.c.category_code,
                                  Category.restricted.is_(True))
    if id_range:
        condition = condition.where(case_category.c.case_id.between(*id_range))
    # Correlate to the case only: a query that joins case_category or category itself must
    # not turn this into a test of the joined row (a C1 + C5 case would pass as C1).
    return condition.correlate(Case)


def case_visibility(user: User, id_range: tuple[int, int] | None = None
                    ) -> sa.ColumnElement[bool]:
    """Return the WHERE clause that limits cases to those this user may see.

    id_range (low, high), for reports over a period, also limits the cases to those ids and
    lets the rule's subqueries read only that slice.
    """
    clause = _visibility(user, id_range)
    return sa.and_(Case.id.between(*id_range), clause) if id_range else clause


def _visibility(user: User, id_range: tuple[int, int] | None) -> sa.ColumnElement[bool]:
    org = user.organisation
    match user.role:
        case Role.FIRM_CLERK | Role.FIRM_SECURITY:
            return Case.firm_id == org.id
        case Role.AGENCY_OFFICER:
            return Case.id.in_(sa.select(Referral.case_id).where(Referral.agency_id == org.id))
        case Role.PROVINCIAL_SUPERVISOR:
            return sa.and_(Case.reference.is_not(None), Case.province_code == org.province_code,
                           ~_has_restricted_category(id_range))
        case Role.NATIONAL_SUPERVISOR:
            return Case.reference.is_not(None)
    return sa.false()


def visibility_key(user: User) -> tuple:
    """Name everything case_visibility reads of the user: users with the same key see the
    same cases, so figures computed for one may be shown to the other (reports/kept.py).

    A rule of _visibility that starts reading something else about the user must add it
    here (tests/accounts/test_visibility_key.py compares the rules' SQL).
    """
    org = user.organisation
    match user.role:
        case Role.FIRM_CLERK | Role.FIRM_SECURITY | Role.AGENCY_OFFICER:
            return (user.role.value, org.id)
        case Role.PROVINCIAL_SUPERVISOR:
            return (user.role.value, org.province_code)
        case Role.NATIONAL_SUPERVISOR:
            return (user.role.value,)
    return ("nobody",)


def visible_cases(user: User, id_range: tuple[int, int] | None = None) -> Select:
    """Return the cases this user may see (within id_range if given), as a query to refine."""
    return sa.select(Case).where(case_visibility(user, id_range))


def referred_cases(user: User, agency_id: int) -> tuple[Select, type[Referral]]:
    """Return the user's visible cases referred to one unit, each once, joined to the unit's
    latest referral of it, and that referral (its case_created_at and case_id order the
    unit's list by ix_referral_agency_case_created).

    For an officer's own unit the join is the visibility rule itself (case_visibility: the
    case is referred to the unit), so nothing is added; for anyone else the rule is.
    """
    listed, later = aliased(Referral, name="listed_referral"), aliased(Referral)
    query = sa.select(Case).join(listed, listed.case_id == Case.id).where(
        listed.agency_id == agency_id,
        # The same case has the same created_at: the test reads one range of the index.
        ~sa.exists().where(later.agency_id == agency_id,
                           later.case_created_at == listed.case_created_at,
                           later.case_id == listed.case_id, later.id > listed.id))
    own = user.role is Role.AGENCY_OFFICER and user.organisation_id == agency_id
    return (query if own else query.where(case_visibility(user))), listed


def visible_referrals(user: User) -> Select:
    """Return the referrals this user may see: those of visible cases."""
    return sa.select(Referral).join(Referral.case).where(case_visibility(user))


def can_see_case(user: User, case: Case) -> bool:
    """Tell whether the user sees this case (visible_cases for one case): who a timer's
    escalation may name it to."""
    return db.session.scalar(visible_cases(user).where(Case.id == case.id)
                             .with_only_columns(Case.id)) is not None


def can_use_cases(user: User) -> bool:
    """Tell whether the user works with cases at all (admins do not)."""
    return user.is_authenticated and user.role in CASE_ROLES


def can_flag(user: User) -> bool:
    """Tell whether the user may start a new case."""
    return user.is_authenticated and user.role in FIRM_ROLES


def can_add_note(user: User, case: Case) -> bool:
    """Tell whether the user may add a note to a visible case."""
    return can_use_cases(user) and case.reference is not None


def can_edit_case(user: User, case: Case) -> bool:
    """Tell whether the user may edit the case's data: the owning firm, while a draft."""
    return user.role in FIRM_ROLES and case.firm_id == user.organisation_id \
        and case.status is CaseStatus.DRAFT


def acts_for(user: User, obj: Case | Referral, transition: Transition) -> bool:
    """Tell whether the user may press this transition on this (visible) object."""
    if user.role not in transition.roles:
        return False
    if isinstance(obj, Referral):
        if user.role is Role.AGENCY_OFFICER:
            return obj.agency_id == user.organisation_id
        return user.role in FIRM_ROLES and obj.case.firm_id == user.organisation_id
    if user.role in FIRM_ROLES:
        return obj.firm_id == user.organisation_id
    if user.role is Role.PROVINCIAL_SUPERVISOR:
        return obj.province_code == user.organisation.province_code
    return user.role is Role.NATIONAL_SUPERVISOR


def can_record_detention(user: User, referral: Referral) -> bool:
    """Record a detention decision: an officer of the unit holding the referral, once."""
    return user.role is Role.AGENCY_OFFICER and referral.agency_id == user.organisation_id \
        and referral.status in (ReferralStatus.ACCEPTED, ReferralStatus.INFO_REQUESTED) \
        and referral.detention_decided_at is None
