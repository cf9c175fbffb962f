"""Keyset pagination for every list that grows without bound (cases, the processing log,
inspections, violations, difficulty reports, guidance, notifications).

A list is ordered newest first by a time (or day) column, ids breaking ties. A page is the rows
after (`?after=<position>`) or before (`?before=…`) a position, read one row longer than a page
to know whether another follows: no OFFSET (a deep page costs what the first costs) and no
COUNT of everything (the count stops at COUNT_CAP; the list says "more than" beyond).
See docs/performance.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import request, url_for
from sqlalchemy.orm import InstrumentedAttribute

from caseflow.extensions import db

#: Count exactly up to here; beyond, the list says "more than" (reading more costs more).
COUNT_CAP = 1000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_DAY = date(1970, 1, 1)
TOKEN_RE = re.compile(r"^(\d{1,17})-(\d{1,18})$")
#: Query arguments that are a position, not a filter (`page` is the old OFFSET paging's).
POSITION_ARGS = ("after", "before", "page")

#: A row loader: (query, per_page, counter) -> (up to per_page + 1 rows, the count or None).
#: Given a counter (the capped count as an uncorrelated subquery), it reads it as one more
#: column of the same statement, so a counted page costs one round trip, not two.
Rows = Callable[[sa.Select, int, "sa.ScalarSelect | None"], "tuple[list[Any], int | None]"]


@dataclass(frozen=True)
class Cursor:
    """A position in a list: a row's time (or day) and id (ids break ties)."""

    at: datetime | date
    id: int

    @classmethod
    def parse(cls, token: str | None, *, dated: bool = False) -> Cursor | None:
        """Read a token made by token(); None when absent or not one (the first page)."""
        match = TOKEN_RE.match(token or "")
        if not match:
            return None
        number = int(match[1])
        try:
            at = EPOCH_DAY + timedelta(days=number) if dated \
                else EPOCH + timedelta(microseconds=number)
        except OverflowError:  # past year 9999: no row is there
            return None
        return cls(at, int(match[2]))

    def token(self) -> str:
        """Return the position as it goes in the URL: µs (or days) since 1970, id."""
        if isinstance(self.at, datetime):
            return f"{(self.at - EPOCH) // timedelta(microseconds=1)}-{self.id}"
        return f"{(self.at - EPOCH_DAY).days}-{self.id}"

    def key(self) -> tuple:
        """Return the position as the list's sort key."""
        return (self.at, self.id)


@dataclass(frozen=True)
class Order:
    """A list's order: newest first by a time or day column, then by id."""

    at: InstrumentedAttribute
    id: InstrumentedAttribute
    #: The listed row's attributes holding the position, when they are named otherwise (a
    #: list ordered by a joined table's copy of its own columns).
    row_names: tuple[str, str] | None = None

    @property
    def dated(self) -> bool:
        """Tell whether the column holds days rather than moments."""
        kind = self.at.type
        return isinstance(getattr(kind, "impl_instance", kind), sa.Date)

    def parse(self, token: str | None) -> Cursor | None:
        """Read a position of this list from the URL (None: the newest page)."""
        return Cursor.parse(token, dated=self.dated)

    def cursor_of(self, row: Any) -> Cursor:
        """Return the position of a listed row (an entity or a named row)."""
        at, id_ = self.row_names or (self.at.key, self.id.key)
        return Cursor(getattr(row, at), getattr(row, id_))

    def key(self) -> sa.Tuple:
        """Return the sort key as a row value (`(at, id) < (…, …)` compares both at once)."""
        return sa.tuple_(self.at, self.id)

    def newest_first(self, query: sa.Select, *, older_than: Cursor | None = None) -> sa.Select:
        """Order the rows newest first, starting after a position when one is given."""
        if older_than is not None:
            query = query.where(self.key() < older_than.key())
        return query.order_by(self.at.desc(), self.id.desc())

    def oldest_first(self, query: sa.Select, *, newer_than: Cursor) -> sa.Select:
        """Order the rows newer than a position oldest first (the page before it)."""
        return query.where(self.key() > newer_than.key()).order_by(self.at, self.id)


@dataclass(frozen=True)
class Page:
    """One page of a list, where the neighbouring pages start, and how many rows match."""

    items: list[Any]
    after: Cursor | None  # the next (older) page: the rows after this one
    before: Cursor | None  # the previous (newer) page: the rows before this one
    count: int  # exact up to COUNT_CAP
    more: bool  # more than COUNT_CAP match


def entities(query: sa.Select, per_page: int,
             counter: sa.ScalarSelect | None) -> tuple[list[Any], int | None]:
    """Load one row more than a page of a query of one entity (the default row loader): whether
    another page follows is known without counting."""
    if counter is None:
        return list(db.session.scalars(query.limit(per_page + 1))), None
    found = db.session.execute(query.add_columns(counter).limit(per_page + 1)).all()
    return [row[0] for row in found], found[0][-1] if found else None


def page_of(query: sa.Select, order: Order, *, after: Cursor | None, before: Cursor | None,
            per_page: int, counted: bool = True, rows: Rows = entities) -> Page:
    """Return the page of the (filtered, visible) rows that starts after or ends before a
    position (the newest page when neither is given).

    Uncounted (a list that shows no count, or whose count costs too much, like a text search),
    the count is the page's own when it is the only page, else "more than a page".
    `rows(query, per_page, counter)` loads up to per_page + 1 rows (its eager loads are the
    list's own) and the count with them.
    """
    query = query.order_by(None)
    counter = capped_count(query, order) if counted else None
    items, has_newer, has_older, count = _window(query, order, after, before, per_page, rows,
                                                 counter)
    if counter is not None and count is None:  # an empty page carried no count: ask alone
        count = db.session.scalar(sa.select(counter))
    older = order.cursor_of(items[-1]) if items and has_older else None
    newer_start = order.cursor_of(items[0]) if items and has_newer else None
    if count is not None:
        return Page(items, older, newer_start, count=min(count, COUNT_CAP),
                    more=count > COUNT_CAP)
    several = has_newer or has_older
    return Page(items, older, newer_start, count=per_page if several else len(items),
                more=several)


def requested_page(query: sa.Select, order: Order, *, per_page: int, **options: Any) -> Page:
    """Return the page that the request's ?after= or ?before= asks for."""
    return page_of(query, order, after=order.parse(request.args.get("after")),
                   before=order.parse(request.args.get("before")), per_page=per_page,
                   **options)


def _window(query: sa.Select, order: Order, after: Cursor | None, before: Cursor | None,
            per_page: int, rows: Rows,
            counter: sa.ScalarSelect | None) -> tuple[list[Any], bool, bool, int | None]:
    """Return the page's rows, newest first, whether newer and older ones exist, and the count
    when asked for and a row carried it."""
    if before is not None and after is None:
        found, count = rows(order.oldest_first(query, newer_than=before), per_page, counter)
        return found[:per_page][::-1], len(found) > per_page, True, count
    found, count = rows(order.newest_first(query, older_than=after), per_page, counter)
    return found[:per_page], after is not None, len(found) > per_page, count


def capped_count(query: sa.Select, order: Order) -> sa.ScalarSelect:
    """Return the count of the matching rows, stopping at COUNT_CAP + 1, as a subquery."""
    capped = query.with_only_columns(order.id).order_by(None).limit(COUNT_CAP + 1).subquery()
    return sa.select(sa.func.count()).select_from(capped).scalar_subquery()


def list_url(**position: str) -> str:
    """Return the current list's URL with its filters and another position (or none)."""
    args = {k: v for k, v in request.args.items() if k not in POSITION_ARGS}
    return url_for(request.endpoint, **(request.view_args or {}), **args, **position)


def in_batches(query: sa.Select, order: Order, *, size: int, total: int | None = None):
    """Yield a (named-row) query's rows newest first, `size` at a time, each batch read after
    the last row of the one before (no OFFSET: the last batch costs what the first costs).

    Given the number of rows counted beforehand, the last batch asks for just the rows left:
    a batch the LIMIT cannot fill would walk the index to its end looking for more.
    """
    query, last, left = query.order_by(None), None, total
    while left is None or left > 0:
        limit = size if left is None else min(size, left)
        batch = db.session.execute(order.newest_first(query, older_than=last)
                                   .limit(limit)).all()
        if batch:
            yield batch
        if len(batch) < limit:
            return
        last = order.cursor_of(batch[-1])
        left = None if left is None else left - len(batch)
