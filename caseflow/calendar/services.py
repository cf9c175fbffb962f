"""The business calendar from its table, and the administrator's changes to that table.

Every deadline counted in working days or working hours (the detention period, difficulty
reports) asks this module; services flush, the caller commits.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from caseflow.accounts.models import User
from caseflow.audit import services as audit
from caseflow.calendar.models import CalendarDay, DayKind
from caseflow.calendar.working_time import WorkingCalendar
from caseflow.errors import ValidationFailed
from caseflow.extensions import db


def current() -> WorkingCalendar:
    """Load the calendar as the table now holds it (a few dozen rows a year).

    Without autoflush: the engine asks in the middle of a status change, whose lost race
    must surface at the engine's own flush (as a Conflict), not here.
    """
    with db.session.no_autoflush:
        rows = db.session.execute(sa.select(CalendarDay.day, CalendarDay.kind)).all()
    return WorkingCalendar({day: kind for day, kind in rows})


def is_working_day(day: date) -> bool:
    """Tell whether the day is a working day."""
    return current().is_working_day(day)


def add_working_days(start: date, days: int) -> date:
    """Return the day `days` working days after start (start itself not counted)."""
    return current().add_working_days(start, days)


def add_working_time(start: datetime, hours: float) -> datetime:
    """Return the moment (UTC) `hours` working hours after start."""
    return current().add_working_time(start, timedelta(hours=hours))


def working_time_between(start: datetime, end: datetime) -> timedelta:
    """Return the working time from start to end (negative when end comes first)."""
    return current().working_time_between(start, end)


def days_of_year(year: int) -> list[CalendarDay]:
    """Return the listed days of a year, in date order."""
    return list(db.session.scalars(
        sa.select(CalendarDay).where(CalendarDay.day.between(date(year, 1, 1),
                                                             date(year, 12, 31)))
        .order_by(CalendarDay.day)))


def add_day(*, actor: User, day: date, kind: DayKind, name: str, source: str = "") \
        -> CalendarDay:
    """List a day off or a make-up working day; deadlines already set do not move."""
    kind = DayKind(kind)
    if db.session.scalar(sa.select(CalendarDay.id).where(CalendarDay.day == day)):
        raise ValidationFailed(_("Ngày này đã có trong lịch."),
                               {"day": [_("Ngày này đã có trong lịch.")]})
    if kind is DayKind.WORKING_DAY and day.weekday() < 5:
        message = _("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.")
        raise ValidationFailed(message, {"kind": [message]})
    row = CalendarDay(day=day, kind=kind, name=name.strip(), source=(source or "").strip())
    db.session.add(row)
    db.session.flush()
    audit.record("calendar.add", actor=actor, object_type="calendar_day", object_id=row.id,
                 day=day.isoformat(), kind=kind.value, name=row.name)
    return row


def remove_day(row: CalendarDay, *, actor: User) -> None:
    """Take a day off the list; deadlines already set do not move."""
    audit.record("calendar.remove", actor=actor, object_type="calendar_day", object_id=row.id,
                 day=row.day.isoformat(), kind=row.kind.value, name=row.name)
    db.session.delete(row)
    db.session.flush()
