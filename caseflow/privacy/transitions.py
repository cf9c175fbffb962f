"""The lifecycle of a personal-data breach as a table, read top to bottom (workflow/lifecycles).

A breach is recorded open; the controller's people mark it notified once the notice went to the
Ministry of Public Security (with the late reason when past 72 hours, breaches.py).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.accounts.models import Role
from caseflow.privacy.models import BreachStatus as B
from caseflow.workflow.transitions import T, Transition

CONTROLLER = {Role.NATIONAL_SUPERVISOR, Role.ADMIN}

BREACH_TRANSITIONS: tuple[Transition, ...] = (
    #  name        from      to           roles
    T("notified",  {B.OPEN}, B.NOTIFIED,  CONTROLLER,
      _l("Ghi nhận đã gửi thông báo"), form="breaches.notified"),
)
