"""Every access rule of caseflow, in one place.

Lists, loaders, buttons and POST guards all ask these functions, so what a user sees and what
a user may do cannot drift apart. Anything not allowed here is denied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import Select

from caseflow.accounts.models import Role, User
from caseflow.cases.models import Case, case_category
from caseflow.catalogue.models import Category
from caseflow.referrals.models import Referral
from caseflow.workflow.states import HOLDING_REFERRAL_STATES

if TYPE_CHECKING:
    from caseflow.workflow.transitions import Transition

FIRM_ROLES = frozenset({Role.FIRM_CLERK, Role.FIRM_SECURITY})
SUPERVISOR_ROLES = frozenset({Role.PROVINCIAL_SUPERVISOR, Role.NATIONAL_SUPERVISOR})
#: Roles that work with case content at all; admins manage the system, not cases.
CASE_ROLES = FIRM_ROLES | SUPERVISOR_ROLES | {Role.AGENCY_OFFICER}


def _restricted_case_ids() -> Select:
    return (sa.select(case_category.c.case_id)
            .join(Category, Category.code == case_category.c.category_code)
            .where(Category.restricted.is_(True)))


def case_visibility(user: User) -> sa.ColumnElement[bool]:
    """Return the WHERE clause that limits cases to those this user may see."""
    org = user.organisation
    match user.role:
        case Role.FIRM_CLERK | Role.FIRM_SECURITY:
            return Case.firm_id == org.id
        case Role.AGENCY_OFFICER:
            return Case.id.in_(sa.select(Referral.case_id).where(Referral.agency_id == org.id))
        case Role.PROVINCIAL_SUPERVISOR:
            return sa.and_(Case.reference.is_not(None), Case.province_code == org.province_code,
                           Case.id.not_in(_restricted_case_ids()))
        case Role.NATIONAL_SUPERVISOR:
            return Case.reference.is_not(None)
    return sa.false()


def visible_cases(user: User) -> Select:
    """Return the cases this user may see, as a query to refine."""
    return sa.select(Case).where(case_visibility(user))


def visible_referrals(user: User) -> Select:
    """Return the referrals this user may see: those of visible cases."""
    return sa.select(Referral).join(Referral.case).where(case_visibility(user))


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
    from caseflow.workflow.states import CaseStatus

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


def may_see_personal_data(user: User, case: Case) -> bool:
    """Tell whether sender and recipient data show unmasked: owning firm and holding agencies."""
    if user.role in FIRM_ROLES:
        return case.firm_id == user.organisation_id
    if user.role is Role.AGENCY_OFFICER:
        return any(r.agency_id == user.organisation_id and r.status in HOLDING_REFERRAL_STATES
                   for r in case.referrals)
    return False


def can_manage_system(user: User) -> bool:
    """Tell whether the user administers organisations, users and the catalogue."""
    return user.is_authenticated and user.role is Role.ADMIN
