"""Personal data: who sees it unmasked, who reveals it, who keeps the processing log."""

from __future__ import annotations

from caseflow.accounts.models import Role, User
from caseflow.cases.models import Case
from caseflow.permissions._base import FIRM_ROLES, SUPERVISOR_ROLES
from caseflow.privacy.models import Breach
from caseflow.workflow.states import HOLDING_REFERRAL_STATES
from caseflow.workflow.transitions import Transition


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


def can_handle_breaches(user: User) -> bool:
    """Tell whether the user records and notifies personal-data breaches for the controller."""
    return can_read_processing_log(user)


def acts_on_breach(user: User, breach: Breach, transition: Transition) -> bool:
    """Tell whether the user may press a breach row: the controller's breach handlers."""
    return user.role in transition.roles and can_handle_breaches(user)
