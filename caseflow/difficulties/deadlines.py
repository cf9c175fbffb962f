"""Answer deadlines in working days.

A report is answered within DIFFICULTY_ANSWER_WORKING_DAYS working days (15 by default) of its
submission, and again within as many of its forwarding to the Ministry. Working days skip
Saturdays, Sundays and the fixed-date public holidays of the Labour Code (1/1, 30/4, 1/5, 1/9,
2/9); the lunar holidays (Tết, Giỗ Tổ Hùng Vương) move every year and are not counted, so a
deadline around them is at most a few days early — on the safe side for the firm.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app

DEFAULT_WORKING_DAYS = 15
FIXED_HOLIDAYS = frozenset({(1, 1), (30, 4), (1, 5), (1, 9), (2, 9)})


def is_working_day(day: date) -> bool:
    """Tell whether the day is a working day (Monday–Friday, not a fixed holiday)."""
    return day.weekday() < 5 and (day.day, day.month) not in FIXED_HOLIDAYS


def add_working_days(start: date, days: int) -> date:
    """Return the day `days` working days after start (start itself not counted)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def answer_due(start: date) -> date:
    """Return the answer deadline of a report submitted or forwarded on start."""
    return add_working_days(start, int(current_app.config.get(
        "DIFFICULTY_ANSWER_WORKING_DAYS", DEFAULT_WORKING_DAYS)))
