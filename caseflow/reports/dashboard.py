"""The supervisor's dashboard: SQL aggregates over the cases the user sees.

Every figure starts from permissions.visible_cases(user), narrowed to a province and to the
cases submitted in the period (Scope.cases) — the very conditions the case list applies for
the filters province, submitted_from and submitted_to, so a figure and the list it links to
always agree. Each query GROUPs BY in SQL and returns a few dozen rows at most; names are
looked up afterwards in the small reference tables. At a million cases the page takes five
real queries on PostgreSQL (see bench/dashboard.py and docs/supervision.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import Select

from caseflow import permissions
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
class IdRange:
    """The smallest and largest id of the cases submitted in a period (None: none).

    Ids follow creation time, so a period's cases sit in a narrow id range; saying so to the
    joins (case_category.case_id / referral.case_id BETWEEN …) and to the visibility rule's
    subquery lets PostgreSQL read one contiguous slice of those indexes instead of probing or
    scanning them whole. The range only restates what the period implies, so the figures are
    the same whatever the ids' order.
    """

    low: int | None
    high: int | None

    def on(self, column) -> sa.ColumnElement[bool]:
        """Restrict a case-id column to the range."""
        return column.between(self.low, self.high) if self.low is not None else sa.false()

    @property
    def bounds(self) -> tuple[int, int]:
        """The range as a pair (an empty one when the period has no case)."""
        return (self.low, self.high) if self.low is not None else (1, 0)


def period_id_range(period: Period) -> IdRange:
    """Read the id range of every case submitted in the period (a planner hint: two numbers
    never shown, wider than or equal to what any user sees), from the period index alone."""
    start, end = period.bounds
    # id + 0: keeps PostgreSQL from answering min/max by walking the primary key from one end.
    low, high = db.session.execute(sa.select(sa.func.min(Case.id + 0), sa.func.max(Case.id + 0))
                                   .where(Case.reference.is_not(None), Case.submitted_at >= start,
                                          Case.submitted_at < end)).one()
    return IdRange(low, high)


@dataclass(frozen=True)
class Scope:
    """What a dashboard shows: this user's cases, in one province (or all), in a period."""

    user: User
    province_code: str | None
    period: Period

    def visible(self, ids: IdRange | None = None) -> Select:
        """Return the user's visible cases in the province (of any period unless ids)."""
        query = permissions.visible_cases(self.user, ids.bounds if ids else None)
        return query.where(Case.province_code == self.province_code) \
            if self.province_code else query

    def cases(self, ids: IdRange | None = None) -> Select:
        """Return the visible cases of the province submitted in the period."""
        start, end = self.period.bounds
        return self.visible(ids).where(Case.submitted_at >= start, Case.submitted_at < end)

    def latest_submission(self, before: datetime) -> datetime | None:
        """Return when the latest visible case of the province was submitted before a time.

        ORDER BY … DESC LIMIT 1 rather than max(): PostgreSQL walks the province's submission
        index back from `before` and stops at the first case the user sees, where max() had it
        hash every restricted case of the country first (a provincial supervisor: 171 ms at
        1 M, on every dashboard opened without dates).
        """
        query = self.visible().where(Case.submitted_at < before)
        return db.session.scalar(query.with_only_columns(Case.submitted_at)
                                 .order_by(Case.submitted_at.desc()).limit(1))


def day_of(column) -> sa.ColumnElement:
    """The day (Vietnam time) of a UTC timestamp, per dialect."""
    if is_postgresql():
        shifted = column + sa.literal_column(f"INTERVAL '{VN_OFFSET_HOURS} hours'",
                                             type_=sa.Interval)
        return sa.cast(shifted, sa.Date)
    return sa.func.date(column, f"+{VN_OFFSET_HOURS} hours")


def case_counts(scope: Scope, ids: IdRange, *, provinces: bool) -> dict[str, list[tuple]]:
    """Count the period's cases by status, by firm, by week of submission (Monday) and, for
    the national view, by province and status — one pass on PostgreSQL.

    The national view's statuses are the sums of its province × status rows rather than a
    grouping of their own, and the weeks the sums of the days (a month has some 30): one hash
    table less over every case of the period, and a cast to date instead of date_trunc.
    """
    by_status = {"province": (Case.province_code, Case.status)} if provinces \
        else {"status": (Case.status,)}
    counts = grouped(scope.cases(ids), {**by_status, "firm": (Case.firm_id,),
                                        "day": (day_of(Case.submitted_at),)})
    if provinces:
        counts["status"] = _totals((status, n) for _province, status, n in counts["province"])
    counts["week"] = _totals((_monday(day), n) for day, n in counts.pop("day"))
    return counts


def _monday(day) -> date:
    day = date.fromisoformat(str(day)[:10])
    return day - timedelta(days=day.weekday())


def _totals(pairs: Iterable[tuple]) -> list[tuple]:
    """Sum (key, n) pairs per key."""
    totals: dict = {}
    for key, n in pairs:
        totals[key] = totals.get(key, 0) + n
    return list(totals.items())


def _case_ids(scope: Scope, ids: IdRange) -> Select:
    """The ids of the period's visible cases, for `case_id IN (…)` on a table joined to cases.

    A semi-join rather than a join on Case: the visibility rule stays whole inside its own
    SELECT (joining case_category beside it would correlate the rule's restricted-category
    test with the joined row instead of with every category of the case), and PostgreSQL
    settles the rule — for a provincial supervisor a hashed anti-join on the restricted cases
    of the id range — once for the period's cases before reading the joined rows.
    """
    return scope.cases(ids).with_only_columns(Case.id)


def by_category(scope: Scope, ids: IdRange) -> list[tuple]:
    """Count the period's cases by category (a case counts once in each of its categories).

    PostgreSQL: grouped with the grand total as a second grouping set (its row, code NULL,
    is dropped), so that the codes are hashed (MixedAggregate) rather than the period's
    category rows sorted by code first — the planner underrates how many rows the id range
    and the period leave and would otherwise sort them.
    """
    code = case_category.c.category_code
    grouping = sa.func.grouping_sets(sa.tuple_(code), sa.tuple_()) if is_postgresql() else code
    return [tuple(r) for r in db.session.execute(
        sa.select(code, COUNT).where(ids.on(case_category.c.case_id),
                                     case_category.c.case_id.in_(_case_ids(scope, ids)))
        .group_by(grouping)) if r[0] is not None]


def _ack_seconds() -> sa.ColumnElement:
    return _seconds(Referral.issued_at, Referral.accepted_at)


def _conclude_seconds() -> sa.ColumnElement:
    return sa.case((Referral.status == ReferralStatus.RESOLVED,
                    _seconds(Referral.issued_at, Referral.closed_at)))


def referral_stats(scope: Scope, ids: IdRange) -> dict:
    """Over the referrals of the period's cases: the cases referred to each agency unit (any
    round: a case referred twice to the same unit counts once), and the median seconds to
    acknowledge and to conclude a referral with how many referrals each median covers.

    PostgreSQL: one statement; the period's referrals are read once (a MATERIALIZED CTE) and
    twice aggregated, per agency and for percentile_cont. SQLite: a GROUP BY, and the medians
    of grouping.sqlite_median (computed in SQL).
    """
    joined = sa.select(Referral).where(ids.on(Referral.case_id),
                                       Referral.case_id.in_(_case_ids(scope, ids)))
    ack, conclude = _ack_seconds(), _conclude_seconds()
    if is_postgresql():
        return _referral_stats_pg(joined, ack, conclude)
    agencies = [tuple(r) for r in db.session.execute(
        joined.with_only_columns(Referral.agency_id, _case_count(Referral.case_id))
        .group_by(Referral.agency_id))]
    ack_median, ack_count = sqlite_median(joined, ack)
    done_median, done_count = sqlite_median(joined, conclude)
    return {"agency": agencies, "ack": _float(ack_median), "ack_count": ack_count,
            "conclude": _float(done_median), "conclude_count": done_count}


def _case_count(case_id) -> sa.ColumnElement[int]:
    """How many cases: count(DISTINCT case_id)."""
    return sa.func.count(sa.distinct(case_id))


def _referral_stats_pg(joined: Select, ack, conclude) -> dict:
    rows = joined.with_only_columns(Referral.agency_id.label("agency_id"),
                                    Referral.case_id.label("case_id"), ack.label("ack"),
                                    conclude.label("conclude")).cte("period_referral") \
        .prefix_with("MATERIALIZED")
    nothing = sa.null().label("x")
    by_agency = sa.select(rows.c.agency_id, _case_count(rows.c.case_id),
                          nothing, nothing, nothing, nothing).group_by(rows.c.agency_id)
    total = sa.select(nothing, sa.literal(0), median(rows.c.ack), sa.func.count(rows.c.ack),
                      median(rows.c.conclude), sa.func.count(rows.c.conclude))
    result = db.session.execute(sa.union_all(by_agency, total)).all()
    agencies = [(r[0], r[1]) for r in result if r[0] is not None]
    _a, _n, ack_median, ack_count, done_median, done_count = next(
        r for r in result if r[0] is None)
    return {"agency": agencies, "ack": _float(ack_median), "ack_count": ack_count,
            "conclude": _float(done_median), "conclude_count": done_count}


def _float(value) -> float | None:
    return None if value is None else float(value)


def overdue(scope: Scope, now: datetime) -> tuple[dict[str, int], dict[int, int]]:
    """Count the visible cases (any period) with an overdue referral, per province and per
    agency unit: ({province_code: n}, {agency_id: n}); a case counts once per province.

    The overdue referrals (ix_referral_issued_due, index-only) each probe ix_case_visible for
    their case (10,000 at 1 M: the statement's cost). Within a province, PostgreSQL would
    rather hash-join every case of the province (220,000 for Hà Nội) than probe; the cases are
    then also asked for as `id = ANY(ARRAY(the overdue referrals' case ids))`, which it can
    only answer by probing. The CTE, read twice then, is materialised (read once); read once,
    for the nation, PostgreSQL inlines it into a plain join.
    """
    late = sa.select(Referral.case_id, Referral.agency_id).where(overdue_referral(now)) \
        .cte("late")
    joined = scope.visible().join_from(Case, late, late.c.case_id == Case.id)
    if is_postgresql() and scope.province_code:
        late_ids = sa.func.array(sa.select(late.c.case_id).scalar_subquery())
        joined = joined.where(Case.id == sa.any_(late_ids))
    rows = grouped(joined, {"province": (Case.province_code,), "agency": (late.c.agency_id,)},
                   (_case_count(Case.id),))
    return dict(rows["province"]), dict(rows["agency"])
