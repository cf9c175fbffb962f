"""Role sets and the small tests of jurisdiction that several domains' rules share."""

from __future__ import annotations

from caseflow.accounts.models import Role, User
from caseflow.cases.models import Case
from caseflow.workflow.states import HOLDING_REFERRAL_STATES, CaseStatus

FIRM_ROLES = frozenset({Role.FIRM_CLERK, Role.FIRM_SECURITY})
SUPERVISOR_ROLES = frozenset({Role.PROVINCIAL_SUPERVISOR, Role.NATIONAL_SUPERVISOR})
#: Roles that work with case content at all; admins manage the system, not cases.
CASE_ROLES = FIRM_ROLES | SUPERVISOR_ROLES | {Role.AGENCY_OFFICER}
#: Roles that reach inspections and violations at all.
INSPECTION_ROLES = FIRM_ROLES | SUPERVISOR_ROLES


def _has_jurisdiction(user: User, case: Case) -> bool:
    """Tell whether a firm user owns the case or a supervisor oversees it."""
    if user.role in FIRM_ROLES:
        return case.firm_id == user.organisation_id
    if user.role is Role.PROVINCIAL_SUPERVISOR:
        return case.province_code == user.organisation.province_code
    return user.role is Role.NATIONAL_SUPERVISOR


def _submitted(case: Case) -> bool:
    return case.reference is not None and case.status is not CaseStatus.WITHDRAWN


def _holds_case(user: User, case: Case) -> bool:
    return user.role is Role.AGENCY_OFFICER and any(
        r.agency_id == user.organisation_id and r.status in HOLDING_REFERRAL_STATES
        for r in case.referrals)


def _supervises(user: User, province_code: str | None) -> bool:
    """Tell whether the user is a provincial supervisor of that province."""
    return user.role is Role.PROVINCIAL_SUPERVISOR and province_code is not None \
        and province_code == user.organisation.province_code
