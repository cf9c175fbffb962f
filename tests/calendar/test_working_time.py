"""Working-time arithmetic across weekends, Tết, swapped days and make-up Saturdays."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest

from caseflow.calendar import services
from caseflow.calendar.models import DayKind
from caseflow.calendar.working_time import WorkingCalendar
from tests.clock import vn

H = timedelta(hours=1)


@pytest.fixture
def days(app):
    """The calendar as `flask seed` ships it (2025–2027)."""
    return services.current()


@pytest.mark.parametrize(("start", "hours", "due"), [
    # start (Vietnam time)       hours  due (Vietnam time)
    (vn(2026, 3, 13, 16),        24,    vn(2026, 3, 16, 16)),   # Friday 16:00 → Monday 16:00
    (vn(2026, 3, 13, 22),        4,     vn(2026, 3, 16, 2)),    # late Friday, 4 h: Monday 02:00
    (vn(2026, 3, 14, 10),        24,    vn(2026, 3, 17, 0)),    # Saturday: runs from Monday
    (vn(2026, 3, 12, 0),         48,    vn(2026, 3, 14, 0)),    # ends at Friday 24:00 exactly
    (vn(2026, 3, 10, 9),         168,   vn(2026, 3, 19, 9)),    # 7 working days
    (vn(2026, 2, 13, 16),        24,    vn(2026, 2, 23, 16)),   # Tết Bính Ngọ: 14–22/2 off
    (vn(2025, 1, 24, 16),        24,    vn(2025, 2, 3, 16)),    # Tết Ất Tỵ: 25/1–2/2 off
    (vn(2026, 1, 9, 16),         24,    vn(2026, 1, 10, 16)),   # Saturday 10/1 is worked
    (vn(2025, 12, 31, 16),       24,    vn(2026, 1, 5, 16)),    # 1/1 and swapped 2/1 off
    (vn(2025, 4, 29, 16),        24,    vn(2025, 5, 5, 16)),    # 30/4, 1/5, swapped 2/5 off
    (vn(2026, 4, 24, 16),        24,    vn(2026, 4, 28, 16)),   # Giỗ Tổ on Sunday: Monday off
    (vn(2026, 8, 28, 16),        24,    vn(2026, 9, 3, 16)),    # 31/8 swapped, 1/9, 2/9 off
])  # fmt: skip
def test_working_time_runs_only_on_working_days(days, start, hours, due):
    assert days.add_working_time(start, timedelta(hours=hours)) == due
    assert days.working_time_between(start, due) == timedelta(hours=hours)


def test_a_24_hour_timer_issued_friday_at_16_falls_due_monday_at_16(app):
    due = services.add_working_time(vn(2026, 3, 13, 16), 24)
    assert due == vn(2026, 3, 16, 16) and due.tzinfo is UTC


def test_no_working_time_is_the_start_itself(days):
    saturday = vn(2026, 3, 14, 10)
    assert days.add_working_time(saturday, timedelta(0)) == saturday


def test_working_time_between_is_signed_and_skips_days_off(days):
    friday, monday = vn(2026, 3, 13, 16), vn(2026, 3, 16, 16)
    assert days.working_time_between(friday, monday) == 24 * H
    assert days.working_time_between(monday, friday) == -24 * H
    assert days.working_time_between(vn(2026, 3, 14, 1), vn(2026, 3, 15, 23)) == timedelta(0)


@pytest.mark.parametrize(("start", "n", "due"), [
    (date(2026, 3, 13), 1, date(2026, 3, 16)),     # Friday + 1 → Monday
    (date(2026, 2, 13), 1, date(2026, 2, 23)),     # over Tết Bính Ngọ
    (date(2025, 1, 24), 2, date(2025, 2, 4)),      # over Tết Ất Tỵ
    (date(2025, 4, 25), 1, date(2025, 4, 26)),     # Saturday 26/4/2025 is worked
    (date(2027, 2, 4), 1, date(2027, 2, 10)),      # Tết Đinh Mùi: only the certain days listed
])  # fmt: skip
def test_working_days_skip_weekends_and_holidays(app, start, n, due):
    assert services.add_working_days(start, n) == due


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 2, 17), False),   # Tết
    (date(2026, 1, 10), True),    # make-up Saturday
    (date(2026, 1, 17), False),   # an ordinary Saturday
    (date(2026, 4, 27), False),   # compensatory day for Giỗ Tổ on a Sunday
    (date(2026, 4, 28), True),
])  # fmt: skip
def test_is_working_day(app, day, working):
    assert services.is_working_day(day) is working


def test_an_empty_table_leaves_monday_to_friday():
    days = WorkingCalendar()
    assert days.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 16)


def test_a_listed_weekday_working_day_and_weekend_day_off_are_honoured():
    days = WorkingCalendar({date(2026, 3, 14): DayKind.WORKING_DAY,
                            date(2026, 3, 16): DayKind.DAY_OFF})
    assert days.add_working_days(date(2026, 3, 13), 2) == date(2026, 3, 17)
