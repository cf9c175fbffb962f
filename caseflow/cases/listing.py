"""The case list paged by keyset (caseflow/main/keyset.py): newest first, the position
(created_at, id) in the URL.

No OFFSET (page 4,000 costs what page 1 costs: 26 entries of an index whose order is the
list's) and no COUNT of the whole visible set: the count stops at COUNT_CAP and the page says
"more than 1,000" beyond it. See docs/performance.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from caseflow.accounts.models import Organisation, Province
from caseflow.cases import choices
from caseflow.cases.models import Case, case_category, case_label
from caseflow.extensions import db
from caseflow.main import keyset
from caseflow.main.keyset import Cursor, Order, Page
from caseflow.workflow.states import CaseStatus

__all__ = ["ORDER", "Cursor", "ListedCase", "requested_page"]

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


ORDER = Order(Case.created_at, Case.id)


def requested_page(query: sa.Select, *, per_page: int, counted: bool = True,
                   order: Order = ORDER) -> Page:
    """Return the page of the (filtered, visible) cases that the request's ?after= or ?before=
    asks for (the newest page when neither is given).

    Uncounted (a text search: counting its matches reads the whole trigram bitmap, ~60 ms for a
    common word at a million cases, while the page stops at 26), the count is the page's own
    when it is the only page, else "more than a page".
    """
    return keyset.requested_page(query, order, per_page=per_page, counted=counted, rows=_rows)


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
    width, names = len(LISTED), choices.category_names()
    count = rows[0][width + 1] if rows and counter is not None else None
    return [ListedCase(*row[:width], categories=_badges(row[width], names))
            for row in rows], count


#: A case's category codes in one string, read with its row (no second query per page).
_CODES = (sa.select(sa.func.aggregate_strings(case_category.c.category_code, ","))
          .where(case_category.c.case_id == Case.id).scalar_subquery())


def _badges(codes: str | None,
            names: dict[str, tuple[int, str]]) -> tuple[ListedCategory, ...]:
    """Return a case's categories in catalogue order, named in the reader's language."""
    if not codes:
        return ()
    known = sorted(codes.split(","), key=lambda code: (names.get(code, (999,))[0], code))
    return tuple(ListedCategory(code, names.get(code, (0, code))[1]) for code in known)
