"""Supervision: the dashboard, the summary reports and the case export."""

from __future__ import annotations

from caseflow.accounts.models import Role, User
from caseflow.permissions._base import SUPERVISOR_ROLES
from caseflow.permissions.cases import can_use_cases


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


def can_open_dashboard(user: User) -> bool:
    """Tell whether the user has a supervisor's dashboard (supervisors)."""
    return can_open_reports(user)


def can_view_dashboard(user: User, province_code: str | None) -> bool:
    """The dashboard of a scope: national supervisors any (None: the nation), provincial their
    own province; the figures still count only cases the user sees (visible_cases)."""
    return can_produce_summary_report(user, province_code)


def can_export_cases(user: User) -> bool:
    """Tell whether the user may export the case list (whoever works with cases)."""
    return can_use_cases(user)
