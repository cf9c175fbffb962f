"""The case list's filter choices, cached in each process.

Provinces, firms, agency units and categories change a few times a year; reading them took four
queries on every list page. Each process keeps them for CHOICES_TTL seconds and forgets them as
soon as one of its own sessions writes an organisation, a province or a category, so an admin's
change shows at once in the process that made it and within CHOICES_TTL in the others.
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from flask_babel import get_locale
from sqlalchemy.orm import Session

from caseflow.accounts import queries as accounts_queries
from caseflow.accounts.models import Organisation, Province
from caseflow.catalogue.models import Category

CHOICES_TTL = 60.0
_cache: dict[str, tuple[float, dict[str, list[tuple[str, str]]]]] = {}


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """Return the choices of the province, firm, agency and category filters (blank first)."""
    key = str(get_locale() or "vi")
    hit = _cache.get(key)
    if hit and time.monotonic() - hit[0] < CHOICES_TTL:
        return hit[1]
    from caseflow.cases.formdata import category_choices

    blank = [("", "—")]
    choices = {
        "province": blank + accounts_queries.province_choices(),
        "firm": blank + [(str(o.id), o.name) for o in accounts_queries.firms()],
        "agency": blank + [(str(o.id), o.name)
                           for o in accounts_queries.agencies(active_only=False)],
        "category": blank + category_choices(),
    }
    _cache[key] = (time.monotonic(), choices)
    return choices


def forget() -> None:
    """Drop the cached choices (the next list page reads them again)."""
    _cache.clear()


@sa.event.listens_for(Session, "after_flush")
def _forget_on_change(session: Session, _context) -> None:
    """A session of this process wrote an organisation, province or category: forget."""
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, (Organisation, Province, Category)) for obj in changed):
        forget()
