"""Work a worker runs on a clock (Huey's scheduler; one worker only runs it, see deployment.md).

Scheduling one more function is one line at the end: `schedule("package.module:function",
minutes=N)`. The function runs in an app context; its session is committed after it returns.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable
from datetime import datetime

from huey import crontab
from huey.api import TaskWrapper

from caseflow.extensions import db
from caseflow.tasks.queue import huey, task_app

log = logging.getLogger(__name__)


def every(minutes: int) -> Callable[[datetime], bool]:
    """Return a schedule firing every `minutes` minutes (1–60; a divisor of 60 keeps the gaps
    even: 7 fires at :00, :07 … :56, then :00 again)."""
    if not 1 <= minutes <= 60:
        raise ValueError("a periodic task runs every 1 to 60 minutes")
    return crontab(minute="0" if minutes == 60 else f"*/{minutes}")


#: Every scheduled target and its period in minutes (tests check that each one resolves).
SCHEDULED: dict[str, int] = {}


def resolve(target: str) -> Callable[[], object]:
    """Return the function a `module:function` target names."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def run_target(target: str) -> object:
    """Call `module:function` in an app context and commit; roll back if it fails."""
    function = resolve(target)
    with task_app().app_context():
        try:
            result = function()
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        finally:
            db.session.remove()
    log.info("periodic %s: %s", target, result)
    return result


def schedule(target: str, *, minutes: int) -> TaskWrapper:
    """Register `module:function` to run every `minutes` minutes, never two runs at once."""
    name = target.replace(":", ".")
    SCHEDULED[target] = minutes

    @huey.lock_task(name)
    def periodic() -> object:
        return run_target(target)

    return huey.periodic_task(every(minutes), name=f"periodic.{name}")(periodic)


#: Referral timers: warnings and escalations, each sent once (caseflow/workflow/escalation.py).
timers = schedule("caseflow.workflow.escalation:run",
                  minutes=int(os.environ.get("TIMERS_EVERY_MINUTES", "5")))

#: E-mail outbox: due notices sent over SMTP with retries (caseflow/notifications/sender.py).
emails = schedule("caseflow.notifications.sender:deliver_pending_emails",
                  minutes=int(os.environ.get("EMAILS_EVERY_MINUTES", "1")))
