"""The referral timers: acknowledgement and detention (DESIGN.md "Timers", issue 10).

The acknowledgement target is an internal coordination target of this system, not a statutory
deadline: 24 clock hours after issue (4 for critical categories), counted around the clock,
nights, weekends and holidays included. The engine asks `ack_due` when it issues a referral.

The detention timer exists only once the agency records an actual detention decision
(quyết định tạm giữ tang vật: number and date): at most 7 working days from the day of
detention (Law on Handling Administrative Violations, Art. 125(8), as amended by Law
67/2020/QH14), on the business calendar (caseflow/calendar). Accepting a referral starts no
detention timer, and nothing pauses it: waiting on the firm does not stop the legal period.
`start_detention` sets its deadline; `states_of` reads both deadlines for the case page and
the escalation run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _

from caseflow.calendar import services as calendar
from caseflow.calendar.working_time import ZERO, WorkingCalendar
from caseflow.referrals.models import Referral
from caseflow.workflow.models import Timer, TimerLevel
from caseflow.workflow.states import ReferralStatus

#: Detention (tạm giữ): at most 7 working days from the day of detention (LXLVPHC Art. 125(8)).
REVIEW_TIME = timedelta(days=7)
#: The states in which a detention timer keeps running (never paused).
REVIEW_RUNS = frozenset({ReferralStatus.ACCEPTED, ReferralStatus.INFO_REQUESTED})
#: Share of a timer's time after which the agency unit is warned.
WARN_AT = 0.75


def ack_due(issued_at: datetime, hours: int) -> datetime:
    """Return the acknowledgement target of a referral issued at that moment (clock hours)."""
    return issued_at + timedelta(hours=hours)


def detention_due(decided_at: datetime) -> datetime:
    """Return the end of the 7 working days of a detention decided at that moment."""
    return calendar.current().add_working_time(decided_at, REVIEW_TIME)


def start_detention(referral: Referral, decided_at: datetime) -> None:
    """Start the detention timer of a recorded detention decision."""
    referral.review_due_at = detention_due(decided_at)


@dataclass(frozen=True)
class TimerState:
    """Where one timer of a referral stands at a moment."""

    timer: Timer
    due_at: datetime
    #: The time the timer allows in all (clock time for ACK, working time for REVIEW).
    total: timedelta
    #: Time left before the deadline (zero once it has passed).
    remaining: timedelta
    #: Time since the deadline (zero before it).
    overdue: timedelta
    breached: bool

    @property
    def levels(self) -> list[TimerLevel]:
        """Return the levels reached, in order."""
        reached = [self.remaining <= self.total * (1 - WARN_AT), self.breached,
                   self.breached and self.overdue >= self.total]
        return [level for level, hit in zip(TimerLevel, reached, strict=True) if hit]

    @property
    def level(self) -> TimerLevel | None:
        """Return the highest level reached, if any."""
        return (self.levels or [None])[-1]


def _state(timer: Timer, due_at: datetime, total: timedelta, left: timedelta,
           now: datetime) -> TimerState:
    return TimerState(timer, due_at, total, remaining=max(left, ZERO),
                      overdue=max(-left, ZERO), breached=now >= due_at)


def states_of(referral: Referral, now: datetime,
              days: WorkingCalendar | None = None) -> list[TimerState]:
    """Return the running timers of a referral: acknowledgement while it is issued (clock
    time), detention while a recorded detention runs (working time)."""
    if referral.status is ReferralStatus.ISSUED:
        return [_state(Timer.ACK, referral.due_at, referral.due_at - referral.issued_at,
                       referral.due_at - now, now)]
    if referral.status in REVIEW_RUNS and referral.review_due_at:
        days = days or calendar.current()
        left = days.working_time_between(now, referral.review_due_at)
        return [_state(Timer.REVIEW, referral.review_due_at, REVIEW_TIME, left, now)]
    return []


def working_time_words(amount: timedelta) -> str:
    """Write a duration as days and hours, e.g. "3 ngày 4 giờ"."""
    hours = int(amount.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    if days and hours:
        return _("%(d)s ngày %(h)s giờ", d=days, h=hours)
    return _("%(d)s ngày", d=days) if days else _("%(h)s giờ", h=hours)
