"""The supervisor's dashboard: SQL aggregates over the cases the user sees.

Every figure starts from permissions.visible_cases(user), narrowed to a province and to the
cases submitted in the period (Scope.cases) — the very conditions the case list applies for
the filters province, submitted_from and submitted_to, so a figure and the list it links to
always agree. Each query GROUPs BY in SQL and returns a few dozen rows at most; names are
looked up afterwards in the small reference tables. At a million cases the page takes five
real queries on PostgreSQL (see bench/dashboard.py and docs/supervision.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import Select

from caseflow.accounts import permissions
from caseflow.accounts.models import User
from caseflow.cases.models import Case, case_category
from caseflow.cases.queries import overdue_referral
from caseflow.extensions import db
from caseflow.referrals.models import Referral
from caseflow.reports.grouping import COUNT, grouped, is_postgresql, median, sqlite_median
from caseflow.reports.queries import Period, _seconds
from caseflow.workflow.states import ReferralStatus

#: Vietnam has kept UTC+7 without daylight saving since 1975: weeks are cut at local midnight.
VN_OFFSET_HOURS = 7


@dataclass(frozen=True)
class Scope:
    """What a dashboard shows: this user's cases, in one province (or all), in a period."""

    user: User
    province_code: str | None
    period: Period

    def visible(self) -> Select:
        """Return the user's visible cases in the province, of any period."""
        query = permissions.visible_cases(self.user)
        return query.where(Case.province_code == self.province_code) \
            if self.province_code else query

    def cases(self) -> Select:
        """Return the visible cases of the province submitted in the period."""
        start, end = self.period.bounds
        return self.visible().where(Case.submitted_at >= start, Case.submitted_at < end)


@dataclass(frozen=True)
class IdRange:
    """The smallest and largest id of the period's cases (None: no case in the period).

    Ids follow creation time, so the period's cases sit in a narrow id range; saying so to
    the joins (case_category.case_id / referral.case_id BETWEEN …) lets PostgreSQL read one
    contiguous slice of those tables' indexes instead of probing or scanning them whole. The
    condition only restates what the join implies, so it is right whatever the ids' order.
    """

    low: int | None
    high: int | None

    def on(self, column) -> sa.ColumnElement[bool]:
        """Restrict a case-id column to the range."""
        return column.between(self.low, self.high) if self.low is not None else sa.false()


def week_start(column) -> sa.ColumnElement:
    """The Monday (Vietnam time) of the week of a UTC timestamp, per dialect."""
    if is_postgresql():
        shifted = column + sa.literal_column(f"INTERVAL '{VN_OFFSET_HOURS} hours'",
                                             type_=sa.Interval)
        return sa.cast(sa.func.date_trunc("week", shifted), sa.Date)
    return sa.func.date(column, f"+{VN_OFFSET_HOURS} hours", "weekday 0", "-6 days")


def case_counts(scope: Scope, *, provinces: bool) -> tuple[dict[str, list[tuple]], IdRange]:
    """Count the period's cases by status, by firm, by week of submission (Monday) and, for
    the national view, by province and status; and read their id range — one pass on
    PostgreSQL."""
    sets = {"status": (Case.status,), "firm": (Case.firm_id,),
            "week": (week_start(Case.submitted_at),), "all": ()}
    if provinces:
        sets["province"] = (Case.province_code, Case.status)
    # id + 0: keeps PostgreSQL from answering min/max by walking the primary key from one end.
    counts = grouped(scope.cases(), sets, (COUNT, sa.func.min(Case.id + 0),
                                           sa.func.max(Case.id + 0)))
    counts = {name: [row[:-2] for row in rows] if name != "all" else rows
              for name, rows in counts.items()}
    counts["week"] = [(date.fromisoformat(str(w)[:10]), n) for w, n in counts["week"]]
    total = counts.pop("all")
    low, high = total[0][1:] if total and total[0][0] else (None, None)
    return counts, IdRange(low, high)


def by_category(scope: Scope, ids: IdRange) -> list[tuple]:
    """Count the period's cases by category (a case counts once in each of its categories)."""
    code = case_category.c.category_code
    return [tuple(r) for r in db.session.execute(
        scope.cases().with_only_columns(code, COUNT)
        .join_from(Case, case_category, case_category.c.case_id == Case.id)
        .where(ids.on(case_category.c.case_id)).group_by(code))]


def _ack_seconds() -> sa.ColumnElement:
    return _seconds(Referral.issued_at, Referral.accepted_at)


def _conclude_seconds() -> sa.ColumnElement:
    return sa.case((Referral.status == ReferralStatus.RESOLVED,
                    _seconds(Referral.issued_at, Referral.closed_at)))


def referral_stats(scope: Scope, ids: IdRange) -> dict:
    """Over the referrals of the period's cases: per agency unit the cases referred to it (any
    round) and its median seconds to acknowledge; in all, the median seconds to acknowledge
    and to conclude a referral, with how many referrals each median covers.

    PostgreSQL: one pass, GROUPING SETS (per agency, and the total) with percentile_cont.
    SQLite: a GROUP BY, and the medians of grouping.sqlite_median (computed in SQL).
    """
    joined = scope.cases().join_from(Case, Referral, Referral.case_id == Case.id) \
        .where(ids.on(Referral.case_id))
    cases = sa.func.count(sa.distinct(Case.id))
    ack, conclude = _ack_seconds(), _conclude_seconds()
    if is_postgresql():
        rows = grouped(joined, {"agency": (Referral.agency_id,), "all": ()}, (
            cases, median(ack), sa.func.count(ack), median(conclude), sa.func.count(conclude)))
        total = rows["all"][0] if rows["all"] else (0, None, 0, None, 0)
        _n, ack_median, ack_count, done_median, done_count = total
        agencies = [(a, n, _float(m)) for a, n, m, *_rest in rows["agency"]]
    else:
        agencies = [(a, n, None) for a, n in db.session.execute(
            joined.with_only_columns(Referral.agency_id, cases).group_by(Referral.agency_id))]
        ack_median, ack_count = sqlite_median(joined, ack)
        done_median, done_count = sqlite_median(joined, conclude)
    return {"agency": agencies, "ack": _float(ack_median), "ack_count": ack_count,
            "conclude": _float(done_median), "conclude_count": done_count}


def _float(value) -> float | None:
    return None if value is None else float(value)


def overdue(scope: Scope, now: datetime) -> tuple[dict[str, int], dict[int, int]]:
    """Count the visible cases (any period) with an overdue referral, per province and per
    agency unit: ({province_code: n}, {agency_id: n}); a case counts once per province."""
    joined = scope.visible().join_from(Case, Referral, Referral.case_id == Case.id) \
        .where(overdue_referral(now))
    rows = grouped(joined, {"province": (Case.province_code,), "agency": (Referral.agency_id,)},
                   (sa.func.count(sa.distinct(Case.id)),))
    return dict(rows["province"]), dict(rows["agency"])
