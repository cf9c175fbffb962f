"""Aggregates over the cases a user may see: SQL GROUP BY, never Python loops over every case.

Every function takes `case_ids`, a SELECT of case ids built by scope_case_ids() from
permissions.visible_cases(), and a Period; the summary report and the dashboards share them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import Select

from caseflow import permissions
from caseflow.accounts.models import Organisation, User
from caseflow.cases.models import Case, Outcome, case_category
from caseflow.catalogue.models import Category
from caseflow.extensions import db
from caseflow.i18n import local_input_to_utc
from caseflow.referrals.models import Referral
from caseflow.workflow.states import ReferralStatus

ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    """A reporting period in Vietnam time: [start, end)."""

    start: date
    end: date
    label: str
    key: str

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Return a calendar month."""
        end = date(year + month // 12, month % 12 + 1, 1)
        return cls(date(year, month, 1), end, _("tháng %(m)s năm %(y)s", m=month, y=year),
                   f"{year}-{month:02d}")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Return a calendar quarter."""
        first = 3 * (quarter - 1) + 1
        end = date(year + (first + 3) // 13, (first + 2) % 12 + 1, 1)
        return cls(date(year, first, 1), end,
                   _("quý %(q)s năm %(y)s", q=ROMAN[quarter - 1], y=year), f"{year}-Q{quarter}")

    @classmethod
    def between(cls, first: date, last: date) -> Period:
        """Return the days from first to last, both included (the dashboard's period)."""
        return cls(first, last + timedelta(days=1),
                   _("từ %(a)s đến %(b)s", a=first.strftime("%d/%m/%Y"),
                     b=last.strftime("%d/%m/%Y")), f"{first:%Y%m%d}-{last:%Y%m%d}")

    @property
    def last(self) -> date:
        """Return the period's last day."""
        return self.end - timedelta(days=1)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """Return the period as aware UTC instants."""
        return (local_input_to_utc(datetime.combine(self.start, time.min)),
                local_input_to_utc(datetime.combine(self.end, time.min)))


def scope_case_ids(user: User, province_code: str | None) -> Select:
    """Return the ids of the cases the user sees, narrowed to one province when given."""
    query = permissions.visible_cases(user).with_only_columns(Case.id)
    return query.where(Case.province_code == province_code) if province_code else query


def _in(column, period: Period) -> sa.ColumnElement[bool]:
    start, end = period.bounds
    return sa.and_(column >= start, column < end)


def _cases(case_ids: Select, period: Period) -> sa.ColumnElement[bool]:
    return sa.and_(Case.id.in_(case_ids), _in(Case.submitted_at, period))


def counts_by_status(case_ids: Select, period: Period) -> list[tuple[Any, int]]:
    """Count the period's cases by their current status."""
    return db.session.execute(
        sa.select(Case.status, sa.func.count()).where(_cases(case_ids, period))
        .group_by(Case.status).order_by(sa.func.count().desc())).all()


def counts_by_category(case_ids: Select, period: Period) -> list[tuple[str, str, int]]:
    """Count the period's cases by suspected category (a case may count in several)."""
    return db.session.execute(
        sa.select(Category.code, Category.name_vi, sa.func.count())
        .join(case_category, case_category.c.category_code == Category.code)
        .join(Case, Case.id == case_category.c.case_id).where(_cases(case_ids, period))
        .group_by(Category.code, Category.name_vi, Category.sort_order)
        .order_by(sa.func.count().desc(), Category.sort_order)).all()


def counts_by_firm(case_ids: Select, period: Period) -> list[tuple[str, int]]:
    """Count the period's cases by the postal firm that flagged them."""
    return db.session.execute(
        sa.select(Organisation.name, sa.func.count()).join(Case, Case.firm_id == Organisation.id)
        .where(_cases(case_ids, period)).group_by(Organisation.id, Organisation.name)
        .order_by(sa.func.count().desc(), Organisation.name)).all()


def _count_if(condition) -> sa.ColumnElement[int]:
    return sa.func.sum(sa.case((condition, 1), else_=0))


def _late(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(Referral.accepted_at > Referral.due_at,
                  sa.and_(Referral.status == ReferralStatus.ISSUED, Referral.due_at < now))


def referrals_by_agency(case_ids: Select, period: Period, now: datetime) -> list[sa.Row]:
    """Count the period's referrals per agency unit: issued, accepted, declined, resolved, late."""
    return db.session.execute(
        sa.select(Organisation.name.label("agency"), sa.func.count().label("issued"),
                  _count_if(Referral.accepted_at.is_not(None)).label("accepted"),
                  _count_if(Referral.status == ReferralStatus.DECLINED).label("declined"),
                  _count_if(Referral.status == ReferralStatus.TRANSFERRED).label("transferred"),
                  _count_if(Referral.status == ReferralStatus.RESOLVED).label("resolved"),
                  _count_if(_late(now)).label("late"))
        .join(Organisation, Organisation.id == Referral.agency_id)
        .where(Referral.case_id.in_(case_ids), _in(Referral.issued_at, period))
        .group_by(Organisation.id, Organisation.name)
        .order_by(sa.func.count().desc(), Organisation.name)).all()


def _seconds(start, end) -> sa.ColumnElement[float]:
    """Seconds between two timestamps, on SQLite and PostgreSQL alike."""
    if db.session.get_bind().dialect.name == "postgresql":
        # date_part gives double precision; EXTRACT gives numeric since PostgreSQL 14, which
        # sorts (medians) several times slower.
        return sa.func.date_part("epoch", end - start)
    return (sa.func.julianday(end) - sa.func.julianday(start)) * 86400.0


def timings(case_ids: Select, period: Period) -> dict[str, Any]:
    """Return time-to-acknowledge and time-to-conclude of the period's referrals."""
    ack = _seconds(Referral.issued_at, Referral.accepted_at)
    done = _seconds(Referral.issued_at, Referral.closed_at)
    row = db.session.execute(
        sa.select(sa.func.count(Referral.accepted_at).label("acknowledged"),
                  sa.func.avg(ack).label("ack_avg"), sa.func.max(ack).label("ack_max"),
                  _count_if(Referral.accepted_at <= Referral.due_at).label("ack_on_time"),
                  _count_if(Referral.status == ReferralStatus.RESOLVED).label("resolved"),
                  sa.func.avg(sa.case((Referral.status == ReferralStatus.RESOLVED, done)))
                  .label("resolve_avg"))
        .where(Referral.case_id.in_(case_ids), _in(Referral.issued_at, period))).one()
    return dict(row._mapping)


def late_referrals(case_ids: Select, period: Period, now: datetime,
                   limit: int = 200) -> list[sa.Row]:
    """List the period's referrals acknowledged late or still unacknowledged past the deadline."""
    return db.session.execute(
        sa.select(Case.reference, Organisation.name.label("agency"), Referral.issued_at,
                  Referral.due_at, Referral.accepted_at)
        .join(Case, Case.id == Referral.case_id)
        .join(Organisation, Organisation.id == Referral.agency_id)
        .where(Referral.case_id.in_(case_ids), _in(Referral.issued_at, period), _late(now))
        .order_by(Referral.due_at, Referral.id).limit(limit)).all()


def violations(case_ids: Select, period: Period, limit: int = 500) -> list[sa.Row]:
    """List the referrals concluded in the period as confirmed violations."""
    return db.session.execute(
        sa.select(Case.id.label("case_id"), Case.reference, Organisation.name.label("agency"),
                  Referral.closed_at, Referral.sanction_decision_number,
                  Referral.criminal_case_reference, Referral.fine_amount)
        .join(Case, Case.id == Referral.case_id)
        .join(Organisation, Organisation.id == Referral.agency_id)
        .where(Referral.case_id.in_(case_ids), Referral.outcome == Outcome.VIOLATION,
               _in(Referral.closed_at, period))
        .order_by(Referral.closed_at, Referral.id).limit(limit)).all()


def category_codes(case_ids: list[int]) -> dict[int, str]:
    """Return each listed case's category codes, comma-separated (for a bounded list)."""
    rows = db.session.execute(
        sa.select(case_category.c.case_id, case_category.c.category_code)
        .where(case_category.c.case_id.in_(case_ids))
        .order_by(case_category.c.case_id, case_category.c.category_code)).all()
    codes: dict[int, list[str]] = {}
    for case_id, code in rows:
        codes.setdefault(case_id, []).append(code)
    return {case_id: ", ".join(values) for case_id, values in codes.items()}
