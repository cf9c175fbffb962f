"""The periodic timer run (`flask --app wsgi timers run`): warn, then escalate, once each.

For every running timer of an open referral (caseflow/workflow/timers.py):

- 75 % of its time used (clock time for acknowledgement, working time for detention): the
  officers of the agency unit are warned;
- breached: the provincial supervisors of the case's province who may see the case are told
  (national supervisors instead when there are none, e.g. for a restricted category);
- breached by as much again (overdue by the timer's whole time): national supervisors.

A TimerNotice row per (referral, timer, level), inserted before anything is sent, makes each
notice go out once, also when two runs overlap; every notice is audited. Services flush, the
command commits.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from caseflow import permissions
from caseflow.accounts.models import Role, User
from caseflow.audit import services as audit
from caseflow.calendar import services as calendar
from caseflow.database import upsert_insert
from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.i18n import format_datetime_vn
from caseflow.notifications import services as notifications
from caseflow.referrals.models import Referral
from caseflow.workflow import timers
from caseflow.workflow.models import Timer, TimerLevel, TimerNotice
from caseflow.workflow.states import ReferralStatus
from caseflow.workflow.timers import TimerState

#: The statuses in which each timer runs (detention runs on while the firm is asked for more).
RUNS_WHILE = {Timer.ACK: (ReferralStatus.ISSUED,),
              Timer.REVIEW: (ReferralStatus.ACCEPTED, ReferralStatus.INFO_REQUESTED)}
TIMER_WORDS = {Timer.ACK: _l("thời hạn tiếp nhận (chỉ tiêu phối hợp nội bộ)"),
               Timer.REVIEW: _l("thời hạn tạm giữ tang vật")}
TEXTS = {
    TimerLevel.WARNING: _l("Hồ sơ %(ref)s: đã qua 75%% %(timer)s của %(agency)s, hạn lúc "
                           "%(due)s."),
    TimerLevel.BREACH: _l("Hồ sơ %(ref)s: %(agency)s đã quá %(timer)s (hạn lúc %(due)s)."),
    TimerLevel.NATIONAL: _l("Hồ sơ %(ref)s: %(agency)s đã quá %(timer)s gấp đôi (hạn lúc "
                            "%(due)s)."),
}

Sent = Counter[tuple[Timer, TimerLevel]]


def run(now: datetime | None = None) -> Sent:
    """Send every warning and escalation reached by `now` and not sent before."""
    now = now or utcnow()
    days, sent = calendar.current(), Counter()
    done = _sent_before()
    for timer, statuses in RUNS_WHILE.items():
        for referral in _running(timer, statuses):
            for state in timers.states_of(referral, now, days):
                for level in state.levels:
                    if (referral.id, timer, level) not in done \
                            and _send(referral, state, level, now):
                        sent[(timer, level)] += 1
    return sent


def _running(timer: Timer, statuses: tuple[ReferralStatus, ...]) -> list[Referral]:
    """Return the referrals in which the timer runs and has not reached its last level."""
    finished = sa.exists().where(TimerNotice.referral_id == Referral.id,
                                 TimerNotice.timer == timer,
                                 TimerNotice.level == TimerLevel.NATIONAL)
    return list(db.session.scalars(
        sa.select(Referral).where(Referral.status.in_(statuses), ~finished)
        .options(joinedload(Referral.case), joinedload(Referral.agency))
        .order_by(Referral.id)))


def _sent_before() -> set[tuple[int, Timer, TimerLevel]]:
    """Return the notices already sent for referrals still open."""
    rows = db.session.execute(
        sa.select(TimerNotice.referral_id, TimerNotice.timer, TimerNotice.level)
        .join(Referral, Referral.id == TimerNotice.referral_id)
        .where(Referral.status.in_([s for group in RUNS_WHILE.values() for s in group])))
    return {(referral_id, timer, level) for referral_id, timer, level in rows}


def _send(referral: Referral, state: TimerState, level: TimerLevel, now: datetime) -> bool:
    """Claim the notice, then notify and audit; False when another run claimed it first."""
    users = recipients(referral, level)
    if not _claim(referral, state, level, now, len(users)):
        return False
    case = referral.case
    text = notifications.in_vietnamese(lambda: TEXTS[level] % {
        "ref": case.reference, "agency": referral.agency.name,
        "timer": TIMER_WORDS[state.timer], "due": format_datetime_vn(state.due_at)})
    count = notifications.notify(users, text, f"/cases/{case.id}#referrals")
    audit.record(f"referral.timer_{level.value}", actor=None, object_type="referral",
                 object_id=referral.id, case_id=case.id, timer=state.timer.value,
                 due_at=state.due_at.isoformat(), recipients=count)
    return True


def _claim(referral: Referral, state: TimerState, level: TimerLevel, now: datetime,
           count: int) -> bool:
    """Insert the notice's row unless it exists (ON CONFLICT DO NOTHING); tell if it did."""
    table = TimerNotice.__table__
    insert = upsert_insert(db.session.get_bind().dialect.name, table).values(
        referral_id=referral.id, timer=state.timer, level=level, due_at=state.due_at,
        sent_at=now, recipients=count).on_conflict_do_nothing().returning(table.c.id)
    return db.session.execute(insert).scalar() is not None


def recipients(referral: Referral, level: TimerLevel) -> list[User]:
    """Return who hears of a level: the unit's officers, the province, or the Ministry."""
    if level is TimerLevel.WARNING:
        return notifications.users_of(referral.agency_id, [Role.AGENCY_OFFICER])
    if level is TimerLevel.BREACH:
        province = [user for user in notifications.provincial_supervisors(
            referral.case.province_code) if permissions.can_see_case(user, referral.case)]
        if province:
            return province
    return notifications.national_supervisors()
