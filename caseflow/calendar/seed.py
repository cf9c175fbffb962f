"""Load the public holidays shipped in data/holidays.csv (part of `flask seed`)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from caseflow.calendar.models import CalendarDay, DayKind
from caseflow.extensions import db

HOLIDAYS = Path(__file__).parent / "data" / "holidays.csv"


def holiday_rows() -> list[dict[str, str]]:
    """Read the shipped file, skipping its comment lines."""
    with HOLIDAYS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def load_holidays() -> int:
    """Insert the shipped days not in the table yet; an administrator's rows are kept."""
    have = set(db.session.scalars(sa.select(CalendarDay.day)))
    rows = holiday_rows()
    for row in rows:
        day = date.fromisoformat(row["day"])
        if day not in have:
            db.session.add(CalendarDay(day=day, kind=DayKind(row["kind"]), name=row["name"],
                                       source=row["source"]))
    return len(rows)
