"""The business calendar that referral timers count in."""

from __future__ import annotations

from caseflow.accounts.models import User
from caseflow.permissions.accounts import can_manage_system


def can_manage_calendar(user: User) -> bool:
    """Keep the public holidays and make-up working days of the business calendar: admins."""
    return can_manage_system(user)
