"""The case list's filter choices, cached in each process, and the filter form pre-drawn.

Provinces, firms, agency units and categories change a few times a year; reading them took four
queries on every list page, and rendering their ~160 <option>s through WTForms about half of
the page's time. Each process keeps the choices and their rendered options for CHOICES_TTL
seconds and forgets them as soon as one of its own sessions writes an organisation, a province
or a category, so an admin's change shows at once in the process that made it and within
CHOICES_TTL in the others.

The filter form itself depends only on the query string, the language and these choices (the
same for every user: what a user may see is applied to the cases, not to the choices), so the
form read from a query string and drawn is kept beside them (`filter_panel`): the list's
default page and a filter used again cost a dictionary look-up instead of validating and
drawing twelve fields.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup, escape
from wtforms.widgets import html_params

from caseflow.accounts import queries as accounts_queries
from caseflow.accounts.models import Organisation, Province
from caseflow.catalogue.models import Category
from caseflow.database import forget_on_write
from caseflow.extensions import db

CHOICES_TTL = 60.0
#: Filter forms kept per language; past this the oldest is dropped.
PANELS_MAX = 256
Choices = dict[str, list[tuple[str, str]]]
Panel = tuple[dict[str, Any], Markup]


@dataclass
class _Entry:
    """One language's choices, their drawn options, and the filter forms drawn with them."""

    at: float
    choices: Choices
    options: dict[str, str]
    #: Every category, retired ones too (cases keep them): code -> (catalogue order, name).
    categories: dict[str, tuple[int, str]]
    panels: dict[tuple, Panel] = field(default_factory=dict)


_cache: dict[str, _Entry] = {}


def filter_choices() -> Choices:
    """Return the choices of the province, firm, agency and category filters (blank first)."""
    return _entry().choices


def category_names() -> dict[str, tuple[int, str]]:
    """Return every category's place in the catalogue and name, by code."""
    return _entry().categories


def filter_panel(args) -> Panel:
    """Return the filters read from the query string (empty when any is wrong) and the filter
    form drawn with them, its errors shown."""
    from caseflow.cases.formdata import prepare_filters
    from caseflow.cases.forms import FILTER_NAMES, CaseFilterForm

    panels = _entry().panels
    key = tuple(sorted((k, v) for k, v in args.items(multi=True) if k in FILTER_NAMES))
    if key not in panels:
        form = prepare_filters(CaseFilterForm(args))
        filters = form.data if form.validate() else {}
        if len(panels) >= PANELS_MAX:
            del panels[next(iter(panels))]
        panels[key] = (filters, Markup(render_template("cases/_filters.html", form=form)))
    filters, html = panels[key]
    return dict(filters), html


def _entry() -> _Entry:
    key = str(get_locale() or "vi")
    hit = _cache.get(key)
    if hit and time.monotonic() - hit.at < CHOICES_TTL:
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
    categories = {c.code: (c.sort_order, c.name) for c in db.session.scalars(sa.select(Category))}
    _cache[key] = _Entry(time.monotonic(), choices, options, categories)
    return _cache[key]


class CachedSelect:
    """A select widget drawing its options from the cache, the chosen one marked selected."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        options = _entry().options[self.name]
        if field.data not in (None, ""):
            plain = f'<option value="{escape(field.data)}">'
            options = options.replace(plain, f"{plain[:-1]} selected>", 1)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")


def forget() -> None:
    """Drop the cached choices (the next list page reads them again)."""
    _cache.clear()


forget_on_write((Organisation, Province, Category), forget)
