"""Several GROUP BYs in one pass, and medians, on PostgreSQL and SQLite alike.

PostgreSQL runs GROUPING SETS (one scan of the rows for every grouping) and percentile_cont;
SQLite has neither, so it runs one GROUP BY per set and a median computed in SQL. Results are
the same on both; the dashboard's figures at a million cases rest on the single pass
(bench/dashboard.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy import Select

from caseflow.extensions import db

COUNT = sa.func.count()


def is_postgresql() -> bool:
    """Tell whether the session talks to PostgreSQL."""
    return db.session.get_bind().dialect.name == "postgresql"


def grouped(query: Select, sets: dict[str, Sequence], aggregates: Sequence = (COUNT,)
            ) -> dict[str, list[tuple]]:
    """Aggregate the query's rows per set of grouping columns: {name: [(*keys, *values)]}.

    A set may be empty (the grand total); a column shared by sets is the same object. On
    PostgreSQL one query with GROUPING SETS, whose GROUPING() bitmask tells which set a row
    belongs to; elsewhere one query per set.
    """
    if not is_postgresql():
        return {name: _rows(query.with_only_columns(*cols, *aggregates).group_by(*cols))
                for name, cols in sets.items()}
    columns = list({id(c): c for cols in sets.values() for c in cols}.values())
    position = {id(c): i for i, c in enumerate(columns)}  # the same column object, one slot
    flag = sa.func.grouping(*columns) if columns else sa.literal(0)
    rows = _rows(query.with_only_columns(*columns, *aggregates, flag).group_by(
        sa.func.grouping_sets(*(sa.tuple_(*cols) for cols in sets.values()))))
    result: dict[str, list[tuple]] = {name: [] for name in sets}
    by_flag = {_flag(len(columns), [position[id(c)] for c in cols]): name
               for name, cols in sets.items()}
    for row in rows:
        name = by_flag[row[-1]]
        picked = [row[position[id(c)]] for c in sets[name]]
        result[name].append((*picked, *row[len(columns):-1]))
    return result


def _flag(width: int, grouped_positions: list[int]) -> int:
    """GROUPING(a, b, c): one bit per column, the first the highest, set when NOT grouped."""
    return sum(1 << (width - 1 - i) for i in range(width) if i not in grouped_positions)


def _rows(query: Select) -> list[tuple]:
    return [tuple(r) for r in db.session.execute(query).all()]


def median(expr: sa.ColumnElement) -> sa.ColumnElement:
    """The median of expr as an aggregate (PostgreSQL's percentile_cont)."""
    return sa.func.percentile_cont(0.5).within_group(expr)


def sqlite_median(query: Select, expr: sa.ColumnElement) -> tuple[float | None, int]:
    """The median of expr over the query's rows (NULLs ignored) and their number, on SQLite.

    SQLite has no percentile function; the fallback is still computed in SQL — COUNT the
    values, then read the one or two middle ones with ORDER BY … LIMIT 2 OFFSET (n-1)/2 — so
    no list of rows reaches Python.
    """
    count = db.session.scalar(query.with_only_columns(sa.func.count(expr))) or 0
    if not count:
        return None, 0
    middle = list(db.session.scalars(query.with_only_columns(expr).where(expr.is_not(None))
                                     .order_by(expr).limit(2 - count % 2)
                                     .offset((count - 1) // 2)))
    return sum(middle) / len(middle), count
