"""The days that break the Monday–Friday rule, as data an administrator keeps up to date."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db_types import LabelledEnum, enum_type
from caseflow.extensions import db


class DayKind(LabelledEnum):
    """What a listed day is: a day off, or a weekend day worked in exchange for one."""

    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"

    @classmethod
    def labels(cls) -> dict:
        return {cls.DAY_OFF: _l("Ngày nghỉ"), cls.WORKING_DAY: _l("Ngày làm bù")}


class CalendarDay(db.Model):
    """A public holiday, compensatory day off or make-up working day (one row per date).

    Vietnam's government announces each year's schedule (Tết, swapped days, working
    Saturdays); weekends are off and weekdays are working days unless listed here.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date, unique=True)
    kind: Mapped[DayKind] = mapped_column(enum_type(DayKind))
    #: Vietnamese name shown to users, e.g. "Tết Nguyên đán" or "Làm bù cho ngày 2/1".
    name: Mapped[str] = mapped_column(sa.String(120))
    #: The decision or notice that sets the day (e.g. "Thông báo 9441/TB-BNV"), if known.
    source: Mapped[str] = mapped_column(sa.String(200), default="")
