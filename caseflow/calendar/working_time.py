"""Working-time arithmetic on the Vietnamese business calendar, in Vietnam time (UTC+7).

Time runs only on working days, around the clock: a working day counts its 24 hours, a
weekend day, public holiday or compensatory day off counts none. N working days after a moment
on a working day is the same time of day, N working days later; counted from a day off, time
starts at 00:00 on the next working day. Used for the detention period (7 working days from a
detention decision) and difficulty reports; the referral acknowledgement target is in clock
hours and does not use this calendar (caseflow/workflow/timers.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

from caseflow.calendar.models import DayKind
from caseflow.i18n import VN_TZ

ONE_DAY, ZERO = timedelta(days=1), timedelta(0)
#: No stretch of days off is this long; reaching it means the table is wrong.
MAX_DAYS = 3660


def _next_midnight(moment: datetime) -> datetime:
    """Return 00:00 Vietnam time of the day after the moment's (Vietnam) day."""
    return datetime.combine(moment.date() + ONE_DAY, time.min, tzinfo=VN_TZ)


class WorkingCalendar:
    """Monday to Friday are working days, unless the listed days say otherwise."""

    def __init__(self, listed: Mapping[date, DayKind] | None = None) -> None:
        self.listed = dict(listed or {})

    def is_working_day(self, day: date) -> bool:
        """Tell whether the (Vietnam) day is a working day."""
        kind = self.listed.get(day)
        if kind is not None:
            return kind is DayKind.WORKING_DAY
        return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        """Return the first working day after the given day."""
        for _ in range(MAX_DAYS):
            day += ONE_DAY
            if self.is_working_day(day):
                return day
        raise ValueError("no working day within ten years: check the calendar table")

    def add_working_days(self, start: date, days: int) -> date:
        """Return the day `days` working days after start (start itself not counted)."""
        for _ in range(days):
            start = self.next_working_day(start)
        return start

    def add_working_time(self, start: datetime, delta: timedelta) -> datetime:
        """Return the moment (UTC) when `delta` of working time has run from start."""
        if delta <= ZERO:
            return start
        cursor, remaining = start.astimezone(VN_TZ), delta
        for _ in range(MAX_DAYS):
            day_end = _next_midnight(cursor)
            if self.is_working_day(cursor.date()):
                if remaining <= day_end - cursor:
                    return (cursor + remaining).astimezone(UTC)
                remaining -= day_end - cursor
            cursor = day_end
        raise ValueError("no working time within ten years: check the calendar table")

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Return the working time from start to end (negative when end comes first)."""
        if end < start:
            return -self.working_time_between(end, start)
        cursor, end, total = start.astimezone(VN_TZ), end.astimezone(VN_TZ), ZERO
        while cursor < end:
            day_end = min(_next_midnight(cursor), end)
            if self.is_working_day(cursor.date()):
                total += day_end - cursor
            cursor = day_end
        return total
