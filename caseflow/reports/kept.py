"""The dashboard's figures, kept in each process for a minute.

At a million cases a national dashboard runs four aggregate queries and draws some 500 links
(about 75 ms for a month, several times that for a year: docs/performance.md). Supervisors open
it again and again (back from a figure's list, from one province to the next), and what it
shows depends only on the cases the user sees (permissions.visibility_key), the province, the
period and the language. Each process keeps the figures drawn (reports/_board.html; not the
page: its form, token and navigation bar belong to the request) for FIGURES_TTL seconds, and
forgets them all as soon as one of its own sessions writes a case, a referral, a name or a
category the figures show.

The page prints the time its figures were computed and links to computing them again; the
exports and the printed report always compute their own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from caseflow import permissions
from caseflow.accounts.models import Organisation, Province
from caseflow.cases.models import Case
from caseflow.catalogue.models import Category
from caseflow.database import forget_on_write
from caseflow.db_types import utcnow
from caseflow.referrals.models import Referral
from caseflow.reports.dashboard import Scope
from caseflow.reports.dashboard_context import Dashboard

FIGURES_TTL = 60.0
#: Dashboards kept per process (a national one is ~100 kB drawn); past this the oldest goes.
FIGURES_MAX = 64
#: What the figures read: a write of one of these in this process forgets every dashboard.
READ_MODELS = (Case, Referral, Organisation, Province, Category)


@dataclass(frozen=True)
class Figures:
    """One dashboard's tables and charts drawn, and when they were computed."""

    computed_at: datetime
    board: Markup
    kept_since: float


_cache: dict[tuple, Figures] = {}


def figures(scope: Scope, *, fresh: bool = False) -> Figures:
    """Return the scope's figures: kept ones under FIGURES_TTL seconds old unless fresh."""
    key = _key(scope)
    kept = _cache.get(key)
    if kept and not fresh and time.monotonic() - kept.kept_since < FIGURES_TTL:
        return kept
    now = utcnow()
    board = render_template("reports/_board.html", board=Dashboard(scope, now).context(),
                            scope=scope)
    computed = Figures(now, Markup(board), time.monotonic())
    _cache.pop(key, None)  # re-inserted last: the dict's order is the age order
    if len(_cache) >= FIGURES_MAX:
        _cache.pop(next(iter(_cache), None), None)
    _cache[key] = computed
    return computed


def _key(scope: Scope) -> tuple:
    """Name everything the figures depend on."""
    return (permissions.visibility_key(scope.user), scope.province_code,
            scope.period.bounds, str(get_locale() or "vi"))


def forget() -> None:
    """Drop every kept dashboard (the next one is computed again)."""
    _cache.clear()


forget_on_write(READ_MODELS, forget)
