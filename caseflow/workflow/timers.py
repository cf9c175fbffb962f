"""The referral timers: acknowledgement and detention review (DESIGN.md "Timers").

Both run in working time on the business calendar (caseflow/calendar). The engine asks
`ack_due` when it issues a referral and calls `on_move` beside every referral status change:
acceptance starts the review timer, a request for information pauses it, the firm's answer
resumes it with the deadline moved on by the working time spent waiting. Nothing else writes
the deadlines; `states_of` reads them for the case page and the escalation run.
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

#: Detention review: 7 working days after acceptance (Law on Handling Administrative
#: Violations 2012, Art. 125(8): items are held at most 7 working days).
REVIEW_TIME = timedelta(days=7)
#: The states in which a referral has a review timer (paused while waiting for information).
REVIEW_RUNS = frozenset({ReferralStatus.ACCEPTED, ReferralStatus.INFO_REQUESTED})
#: Share of a timer's working time after which the agency unit is warned.
WARN_AT = 0.75


def ack_due(issued_at: datetime, hours: int) -> datetime:
    """Return the acknowledgement deadline of a referral issued at that moment."""
    return calendar.add_working_time(issued_at, hours)


def on_move(referral: Referral, source: ReferralStatus, target: ReferralStatus,
            now: datetime) -> None:
    """Start, pause or resume the review timer as the referral's status changes (a referral
    accepted before the timers existed has none to pause)."""
    if source is ReferralStatus.ISSUED and target is ReferralStatus.ACCEPTED:
        referral.review_due_at = calendar.current().add_working_time(now, REVIEW_TIME)
    elif referral.review_due_at is None:
        return
    elif target is ReferralStatus.INFO_REQUESTED:
        referral.review_paused_at = now
    elif source is ReferralStatus.INFO_REQUESTED and referral.review_paused_at is not None:
        days = calendar.current()
        waited = days.working_time_between(referral.review_paused_at, now)
        referral.review_due_at = days.add_working_time(referral.review_due_at, waited)
        referral.review_paused_at = None


@dataclass(frozen=True)
class TimerState:
    """Where one timer of a referral stands at a moment."""

    timer: Timer
    due_at: datetime
    #: The working time the timer allows in all.
    total: timedelta
    #: Working time left before the deadline (zero once it has passed).
    remaining: timedelta
    #: Working time since the deadline (zero before it).
    overdue: timedelta
    breached: bool
    paused: bool = False

    @property
    def levels(self) -> list[TimerLevel]:
        """Return the levels reached, in order; none while the timer is paused."""
        if self.paused:
            return []
        reached = [self.remaining <= self.total * (1 - WARN_AT), self.breached,
                   self.breached and self.overdue >= self.total]
        return [level for level, hit in zip(TimerLevel, reached, strict=True) if hit]

    @property
    def level(self) -> TimerLevel | None:
        """Return the highest level reached, if any."""
        return (self.levels or [None])[-1]


def _state(timer: Timer, due_at: datetime, total: timedelta, now: datetime,
           days: WorkingCalendar, paused_at: datetime | None = None) -> TimerState:
    """Measure a timer at `now` (at the pause, when paused)."""
    at = paused_at or now
    left = days.working_time_between(at, due_at)
    return TimerState(timer, due_at, total, remaining=max(left, ZERO),
                      overdue=max(-left, ZERO), breached=at >= due_at,
                      paused=paused_at is not None)


def states_of(referral: Referral, now: datetime,
              days: WorkingCalendar | None = None) -> list[TimerState]:
    """Return the running timers of a referral: acknowledgement while it is issued, review
    while it is accepted or waiting for information."""
    days = days or calendar.current()
    if referral.status is ReferralStatus.ISSUED:
        total = days.working_time_between(referral.issued_at, referral.due_at)
        return [_state(Timer.ACK, referral.due_at, total, now, days)]
    if referral.status in REVIEW_RUNS and referral.review_due_at:
        return [_state(Timer.REVIEW, referral.review_due_at, REVIEW_TIME, now, days,
                       referral.review_paused_at)]
    return []


def working_time_words(amount: timedelta) -> str:
    """Write a working time as days and hours, e.g. "3 ngày 4 giờ"."""
    hours = int(amount.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    if days and hours:
        return _("%(d)s ngày %(h)s giờ", d=days, h=hours)
    return _("%(d)s ngày", d=days) if days else _("%(h)s giờ", h=hours)
