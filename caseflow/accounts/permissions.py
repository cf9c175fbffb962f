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


def can_reveal(user: User, case: Case) -> bool:
    """Tell whether a supervisor may unmask this case's personal data, stating a reason."""
    return user.role in SUPERVISOR_ROLES and not may_see_personal_data(user, case)


def can_read_processing_log(user: User) -> bool:
    """Tell whether the user reads the personal-data processing log (Decree 13 Art. 38(2))."""
    return user.is_authenticated and user.role in (Role.NATIONAL_SUPERVISOR, Role.ADMIN)


def can_manage_system(user: User) -> bool:
    """Tell whether the user administers organisations, users and the catalogue."""
    return user.is_authenticated and user.role is Role.ADMIN


# --- Documents (PDF) ------------------------------------------------------------------------
# Each rule is asked about a case or referral already loaded through the scoped loaders
# (visible_cases), so it only adds what the document needs on top of seeing the case.

#: Roles that may refer a case, and so produce its referral slips.
REFERRER_ROLES = frozenset({Role.FIRM_SECURITY}) | SUPERVISOR_ROLES


def _has_jurisdiction(user: User, case: Case) -> bool:
    """Tell whether a firm user owns the case or a supervisor oversees it."""
    if user.role in FIRM_ROLES:
        return case.firm_id == user.organisation_id
    if user.role is Role.PROVINCIAL_SUPERVISOR:
        return case.province_code == user.organisation.province_code
    return user.role is Role.NATIONAL_SUPERVISOR


def _submitted(case: Case) -> bool:
    from caseflow.workflow.states import CaseStatus

    return case.reference is not None and case.status is not CaseStatus.WITHDRAWN


def can_produce_bien_ban(user: User, case: Case) -> bool:
    """The record of stopping the item: the owning firm's staff, once the case is submitted."""
    return user.role in FIRM_ROLES and _has_jurisdiction(user, case) and _submitted(case)


def can_produce_referral_slip(user: User, referral: Referral) -> bool:
    """A referral's slip: whoever may refer the case (the firm's security, its supervisors)."""
    return user.role in REFERRER_ROLES and _has_jurisdiction(user, referral.case)


def _holds_case(user: User, case: Case) -> bool:
    return user.role is Role.AGENCY_OFFICER and any(
        r.agency_id == user.organisation_id and r.status in HOLDING_REFERRAL_STATES
        for r in case.referrals)


def can_produce_case_file(user: User, case: Case) -> bool:
    """The full case file: its supervisors, the owning firm's security, and agencies holding an
    accepted referral (they see the personal data in full anyway)."""
    if not _submitted(case):
        return False
    if user.role in SUPERVISOR_ROLES or user.role is Role.FIRM_SECURITY:
        return _has_jurisdiction(user, case)
    return _holds_case(user, case)


def can_produce_summary_report(user: User, province_code: str | None) -> bool:
    """The summary report: national supervisors for any scope, provincial ones for their own."""
    if not user.is_authenticated:
        return False
    if user.role is Role.NATIONAL_SUPERVISOR:
        return True
    return user.role is Role.PROVINCIAL_SUPERVISOR and province_code is not None \
        and province_code == user.organisation.province_code


def can_open_reports(user: User) -> bool:
    """Tell whether the user reaches the summary reports page at all (supervisors)."""
    return user.is_authenticated and user.role in SUPERVISOR_ROLES


def can_read_document(user: User, document) -> bool:
    """Tell whether the user may download a generated document (of a visible case)."""
    from caseflow.documents.models import DocumentKind as K

    if document.kind is K.SUMMARY_REPORT:  # it holds what its issuer could see, no more
        return document.issuer_id == user.organisation_id and \
            can_produce_summary_report(user, document.scope_province_code)
    case = document.case
    if document.personal_data and not may_see_personal_data(user, case):
        return False
    if document.kind is K.BIEN_BAN:
        return can_produce_bien_ban(user, case) or _referred_to(user, case)
    if document.kind is K.REFERRAL_SLIP:
        return can_produce_referral_slip(user, document.referral) or (
            user.role is Role.AGENCY_OFFICER
            and document.referral.agency_id == user.organisation_id)
    return can_produce_case_file(user, case)


def _referred_to(user: User, case: Case) -> bool:
    return user.role is Role.AGENCY_OFFICER and any(
        r.agency_id == user.organisation_id for r in case.referrals)
