"""Evidence and bulk import; seeing a case (visible_cases) is seeing its evidence list and the
display copies of its photos."""

from __future__ import annotations

from caseflow.accounts.models import Role, User
from caseflow.cases.models import Case
from caseflow.permissions._base import FIRM_ROLES, _holds_case
from caseflow.workflow.states import CaseStatus


def can_add_evidence(user: User, case: Case) -> bool:
    """The owning firm's staff attach photos and PDFs until the case is closed or withdrawn."""
    return user.role in FIRM_ROLES and case.firm_id == user.organisation_id \
        and case.status not in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN)


def can_download_original(user: User, case: Case) -> bool:
    """Original evidence files (with their metadata): the owning firm and agencies holding an
    accepted referral; supervisors and everyone else see the cleaned display copies."""
    if user.role in FIRM_ROLES:
        return case.firm_id == user.organisation_id
    return _holds_case(user, case)


def can_import_flags(user: User) -> bool:
    """Bulk import of flagged items from a CSV or Excel file: a firm's security officers."""
    return user.is_authenticated and user.role is Role.FIRM_SECURITY
