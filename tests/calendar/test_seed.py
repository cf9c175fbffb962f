"""The shipped holiday file: well formed, cited, loaded once, administrators' rows kept."""

from __future__ import annotations

from collections import Counter
from datetime import date

import sqlalchemy as sa

from caseflow.calendar.models import CalendarDay, DayKind
from caseflow.calendar.seed import holiday_rows, load_holidays
from caseflow.extensions import db

ROWS = holiday_rows()
DAYS = [date.fromisoformat(row["day"]) for row in ROWS]


def test_each_date_is_listed_once_and_make_up_days_are_weekend_days():
    assert not [d for d, n in Counter(DAYS).items() if n > 1]
    assert all(date.fromisoformat(r["day"]).weekday() >= 5 for r in ROWS
               if r["kind"] == DayKind.WORKING_DAY.value)


def test_the_fixed_holidays_of_the_labour_code_are_there_every_year():
    for year in (2025, 2026, 2027):
        for month, day in ((1, 1), (4, 30), (5, 1), (9, 2)):
            assert date(year, month, day) in DAYS, (year, month, day)


def test_every_row_names_its_source():
    assert all(row["name"] and row["source"] for row in ROWS)


def test_seeding_again_adds_nothing_and_keeps_an_administrators_rows(app):
    count = db.session.scalar(sa.select(sa.func.count()).select_from(CalendarDay))
    assert count == len(ROWS)
    row = db.session.scalar(sa.select(CalendarDay).where(CalendarDay.day == date(2026, 9, 1)))
    row.name = "Quốc khánh (sửa)"
    load_holidays()
    db.session.flush()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarDay)) == count
    assert row.name == "Quốc khánh (sửa)"
