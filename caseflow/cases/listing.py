"""The case list paged by keyset: newest first, the position (created_at, id) in the URL.

No OFFSET (page 4,000 costs what page 1 costs: 26 entries of an index whose order is the
list's) and no COUNT of the whole visible set: the count stops at COUNT_CAP and the page says
"more than 1,000" beyond it. See docs/performance.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from caseflow.accounts.models import Organisation, Province
from caseflow.cases import choices
from caseflow.cases.models import Case, case_category, case_label
from caseflow.extensions import db
from caseflow.workflow.states import CaseStatus

#: Count exactly up to here; beyond, the list says "more than" (reading more costs more).
COUNT_CAP = 1000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TOKEN_RE = re.compile(r"^(\d{1,17})-(\d{1,18})$")
#: The columns the list shows, read as plain rows: building ORM objects (and their firm,
#: province and categories) was a quarter of the page's time. The parties stay unread.
LISTED = (Case.id, Case.reference, Case.status, Case.tracking_number, Case.created_at,
          sa.func.coalesce(sa.func.nullif(Organisation.short_name, ""), Organisation.name),
          Province.name)


@dataclass(frozen=True, slots=True)
class ListedCategory:
    """A category badge of a listed case."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ListedCase:
    """One row of the case list."""

    id: int
    reference: str | None
    status: CaseStatus
    tracking_number: str
    created_at: datetime
    firm_name: str
    province_name: str
    categories: tuple[ListedCategory, ...] = ()

    @property
    def label(self) -> str:
        """Return the reference, or a draft label before submission."""
        return case_label(self.reference, self.id)


@dataclass(frozen=True)
class Cursor:
    """A position in the list: a case's creation time and id (ids break ties)."""

    created_at: datetime
    id: int

    @classmethod
    def of(cls, case: ListedCase) -> Cursor:
        """Return the position of a listed case."""
        return cls(case.created_at, case.id)

    @classmethod
    def parse(cls, token: str | None) -> Cursor | None:
        """Read a token made by token(); None when absent or not one (the first page)."""
        match = TOKEN_RE.match(token or "")
        if not match:
            return None
        return cls(EPOCH + timedelta(microseconds=int(match[1])), int(match[2]))

    def token(self) -> str:
        """Return the position as it goes in the URL: microseconds since 1970, id."""
        return f"{(self.created_at - EPOCH) // timedelta(microseconds=1)}-{self.id}"

    def key(self) -> tuple:
        """Return the position as the list's sort key."""
        return (self.created_at, self.id)


@dataclass(frozen=True)
class CasePage:
    """One page of the list, where the neighbouring pages start, and how many cases match."""

    items: list[ListedCase]
    after: Cursor | None  # the next (older) page: the cases after this one
    before: Cursor | None  # the previous (newer) page: the cases before this one
    count: int  # exact up to COUNT_CAP
    more: bool  # more than COUNT_CAP match


def sort_key() -> sa.Tuple:
    return sa.tuple_(Case.created_at, Case.id)


def page_of(query: sa.Select, *, after: Cursor | None, before: Cursor | None,
            per_page: int, counted: bool = True) -> CasePage:
    """Return the page of the (filtered, visible) cases that starts after or ends before a
    cursor (the newest page when neither is given).

    Uncounted (a text search: counting its matches reads the whole trigram bitmap, ~60 ms for a
    common word at a million cases, while the page stops at 26), the count is the page's own
    when it is the only page, else "more than a page".
    """
    query = query.order_by(None)
    counter = capped_count(query) if counted else None
    items, has_newer, has_older, count = _window(query, after, before, per_page, counter)
    if counter is not None and count is None:  # an empty page carried no count: ask alone
        count = db.session.scalar(sa.select(counter))
    older = Cursor.of(items[-1]) if items and has_older else None
    newer_start = Cursor.of(items[0]) if items and has_newer else None
    if count is not None:
        return CasePage(items, older, newer_start, count=min(count, COUNT_CAP),
                        more=count > COUNT_CAP)
    several = has_newer or has_older
    return CasePage(items, older, newer_start, count=per_page if several else len(items),
                    more=several)


def _window(query: sa.Select, after: Cursor | None, before: Cursor | None, per_page: int,
            counter: sa.ScalarSelect | None) -> tuple[list[ListedCase], bool, bool, int | None]:
    """Return the page's cases, newest first, whether newer and older ones exist, and the
    count when asked for and a row carried it."""
    if before is not None and after is None:
        rows, count = _rows(query.where(sort_key() > before.key())
                            .order_by(Case.created_at, Case.id), per_page, counter)
        return rows[:per_page][::-1], len(rows) > per_page, True, count
    if after is not None:
        query = query.where(sort_key() < after.key())
    rows, count = _rows(query.order_by(Case.created_at.desc(), Case.id.desc()), per_page,
                        counter)
    return rows[:per_page], after is not None, len(rows) > per_page, count


def _rows(query: sa.Select, per_page: int,
          counter: sa.ScalarSelect | None) -> tuple[list[ListedCase], int | None]:
    """One more row than a page: whether another page follows is known without counting.

    The count, when asked for, rides on every row (evaluated once: an uncorrelated subquery),
    which saves the page a round trip to the database.
    """
    extra = (_CODES,) if counter is None else (_CODES, counter)
    rows = db.session.execute(
        query.with_only_columns(*LISTED, *extra, maintain_column_froms=True)
        .join_from(Case, Organisation, Organisation.id == Case.firm_id)
        .join_from(Case, Province, Province.code == Case.province_code)
        .limit(per_page + 1)).all()
    width = len(LISTED)
    count = rows[0][width + 1] if rows and counter is not None else None
    return [ListedCase(*row[:width], categories=_badges(row[width])) for row in rows], count


#: A case's category codes in one string, read with its row (no second query per page).
_CODES = (sa.select(sa.func.aggregate_strings(case_category.c.category_code, ","))
          .where(case_category.c.case_id == Case.id).scalar_subquery())


def _badges(codes: str | None) -> tuple[ListedCategory, ...]:
    """Return a case's categories in catalogue order, named in the reader's language."""
    if not codes:
        return ()
    names = choices.category_names()
    known = sorted(codes.split(","), key=lambda code: (names.get(code, (999,))[0], code))
    return tuple(ListedCategory(code, names.get(code, (0, code))[1]) for code in known)


def capped_count(query: sa.Select) -> sa.ScalarSelect:
    """Return the count of the matching cases, stopping at COUNT_CAP + 1, as a subquery."""
    capped = query.with_only_columns(Case.id).order_by(None).limit(COUNT_CAP + 1).subquery()
    return sa.select(sa.func.count()).select_from(capped).scalar_subquery()
