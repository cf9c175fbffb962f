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

    A set may be empty (the grand total). On PostgreSQL one query with GROUPING SETS, whose
    GROUPING() bitmask tells which set a row belongs to; elsewhere one query per set.
    """
    if not is_postgresql():
        return {name: _rows(query.with_only_columns(*cols, *aggregates).group_by(*cols))
                for name, cols in sets.items()}
    columns = _unique([c for cols in sets.values() for c in cols])
    keys = [_key(c) for c in columns]
    flag = sa.func.grouping(*columns) if columns else sa.literal(0)
    rows = _rows(query.with_only_columns(*columns, *aggregates, flag).group_by(
        sa.func.grouping_sets(*(sa.tuple_(*cols) for cols in sets.values()))))
    result: dict[str, list[tuple]] = {name: [] for name in sets}
    by_flag = {_flag(keys, [_key(c) for c in cols]): name for name, cols in sets.items()}
    width = len(columns)
    for row in rows:
        name = by_flag[row[-1]]
        picked = [row[keys.index(_key(c))] for c in sets[name]]
        result[name].append((*picked, *row[width:-1]))
    return result


def _key(column) -> str:
    return str(column.compile(dialect=db.session.get_bind().dialect))


def _unique(columns: list) -> list:
    seen, unique = set(), []
    for column in columns:
        if _key(column) not in seen:
            seen.add(_key(column))
            unique.append(column)
    return unique


def _flag(keys: list[str], in_set: list[str]) -> int:
    """GROUPING(a, b, c): one bit per column, the first the highest, set when NOT grouped."""
    return sum(1 << (len(keys) - 1 - i) for i, key in enumerate(keys) if key not in in_set)


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
