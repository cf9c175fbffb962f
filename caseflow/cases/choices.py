"""The case list's filter choices, cached in each process, and their options pre-rendered.

Provinces, firms, agency units and categories change a few times a year; reading them took four
queries on every list page, and rendering their ~160 <option>s through WTForms about half of
the page's time. Each process keeps the choices and their rendered options for CHOICES_TTL
seconds and forgets them as soon as one of its own sessions writes an organisation, a province
or a category, so an admin's change shows at once in the process that made it and within
CHOICES_TTL in the others.
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from flask_babel import get_locale
from markupsafe import Markup, escape
from sqlalchemy.orm import Session
from wtforms.widgets import html_params

from caseflow.accounts import queries as accounts_queries
from caseflow.accounts.models import Organisation, Province
from caseflow.catalogue.models import Category

CHOICES_TTL = 60.0
Choices = dict[str, list[tuple[str, str]]]
_cache: dict[str, tuple[float, Choices, dict[str, str]]] = {}


def filter_choices() -> Choices:
    """Return the choices of the province, firm, agency and category filters (blank first)."""
    return _entry()[1]


def _entry() -> tuple[float, Choices, dict[str, str]]:
    key = str(get_locale() or "vi")
    hit = _cache.get(key)
    if hit and time.monotonic() - hit[0] < CHOICES_TTL:
        return hit
    from caseflow.cases.formdata import category_choices

    blank = [("", "—")]
    choices = {
        "province": blank + accounts_queries.province_choices(),
        "firm": blank + [(str(o.id), o.name) for o in accounts_queries.firms()],
        "agency": blank + [(str(o.id), o.name)
                           for o in accounts_queries.agencies(active_only=False)],
        "category": blank + category_choices(),
    }
    options = {name: "".join(f'<option value="{escape(value)}">{escape(label)}</option>'
                             for value, label in pairs) for name, pairs in choices.items()}
    _cache[key] = (time.monotonic(), choices, options)
    return _cache[key]


class CachedSelect:
    """A select widget drawing its options from the cache, the chosen one marked selected."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        options = _entry()[2][self.name]
        if field.data not in (None, ""):
            plain = f'<option value="{escape(field.data)}">'
            options = options.replace(plain, f"{plain[:-1]} selected>", 1)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")


def forget() -> None:
    """Drop the cached choices (the next list page reads them again)."""
    _cache.clear()


@sa.event.listens_for(Session, "after_flush")
def _forget_on_change(session: Session, _context) -> None:
    """A session of this process wrote an organisation, province or category: forget."""
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, (Organisation, Province, Category)) for obj in changed):
        forget()
