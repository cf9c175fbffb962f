"""The case list paged by keyset (caseflow/main/keyset.py): newest first, the position
(created_at, id) in the URL.

No OFFSET (page 4,000 costs what page 1 costs: 26 entries of an index whose order is the
list's) and no COUNT of the whole visible set: the count stops at COUNT_CAP and the page says
"more than 1,000" beyond it. See docs/performance.md.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only, selectinload

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.main import keyset
from caseflow.main.keyset import Cursor, Order, Page

__all__ = ["ORDER", "CasePage", "Cursor", "page_of"]

#: The columns the list shows (the encrypted parties stay unread).
LISTED = (Case.id, Case.reference, Case.status, Case.tracking_number, Case.firm_id,
          Case.province_code, Case.created_at, Case.version)
ORDER = Order(Case.created_at, Case.id)
CasePage = Page


def page_of(query: sa.Select, *, after: Cursor | None, before: Cursor | None,
            per_page: int, counted: bool = True) -> Page:
    """Return the page of the (filtered, visible) cases that starts after or ends before a
    cursor (the newest page when neither is given).

    Uncounted (a text search: counting its matches reads the whole trigram bitmap, ~60 ms for a
    common word at a million cases, while the page stops at 26), the count is the page's own
    when it is the only page, else "more than a page".
    """
    return keyset.page_of(query, ORDER, after=after, before=before, per_page=per_page,
                          counted=counted, rows=_rows)


def _rows(query: sa.Select, per_page: int) -> list[Case]:
    """One more row than a page: whether another page follows is known without counting."""
    return list(db.session.scalars(query.limit(per_page + 1).options(
        load_only(*LISTED), joinedload(Case.firm), joinedload(Case.province),
        selectinload(Case.categories))))

