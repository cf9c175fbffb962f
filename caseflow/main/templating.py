"""Jinja filters and globals: Vietnamese formats and the access rules as tests."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

from flask import Flask
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from caseflow import i18n, permissions
from caseflow.accounts.models import User
from caseflow.db_types import LabelledEnum, utcnow
from caseflow.main.keyset import list_url
from caseflow.main.navbar import navbar
from caseflow.workflow import engine, lifecycles, timers
from caseflow.workflow.describe import entry_label
from caseflow.workflow.states import CaseStatus


def init_templating(app: Flask) -> None:
    """Register filters and globals."""
    from caseflow.catalogue.services import today
    from caseflow.documents.queries import case_panel
    from caseflow.evidence.queries import evidence_of

    app.jinja_env.filters.update(
        vn_datetime=i18n.format_datetime_vn,
        vn_date=i18n.format_date_vn,
        money=i18n.format_money,
        vn_decimal=i18n.format_decimal,
        country=i18n.country_name,
        joined=i18n.joined,
    )
    app.jinja_env.globals.update(user_rules())
    app.jinja_env.globals.update(
        transitions_for=lambda obj: engine.available(obj, current_user),
        transition_url=lifecycles.url_for_transition,
        case_documents=lambda case: case_panel(current_user, case),
        case_evidence=evidence_of,
        referral_timers=lambda referral: timers.states_of(referral, utcnow()),
        working_time_words=timers.working_time_words,
        navbar=navbar,
        status_badge=status_badge,
        status_badges=status_badges,
        today_vn=today,
        get_locale=get_locale,
        now_utc=utcnow,
        list_url=list_url,
        describe_entry=entry_label,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


#: Bootstrap colour of each case and referral status's badge.
STATUS_COLOURS = {
    "draft": "secondary", "flagged": "warning", "referred": "info", "investigating": "primary",
    "concluded": "success", "closed": "dark", "withdrawn": "light", "issued": "info",
    "accepted": "primary", "info_requested": "warning", "declined": "danger",
    "transferred": "secondary", "resolved": "success",
}


def status_badge(status: LabelledEnum) -> Markup:
    """Return a case's or referral's status as a coloured badge."""
    return _badge(status, str(get_locale()))


def status_badges() -> dict[LabelledEnum, Markup]:
    """Return every case status's badge in the reader's language (a list looks each row's up)."""
    return _badges_in(str(get_locale()))


@functools.cache
def _badges_in(locale: str) -> dict[LabelledEnum, Markup]:
    return {status: _badge(status, locale) for status in CaseStatus}


@functools.cache
def _badge(status: LabelledEnum, _locale: str) -> Markup:
    """Draw a badge once per status and language (a list page shows one per row)."""
    colour = STATUS_COLOURS.get(status.value, "secondary")
    return Markup('<span class="badge status-badge text-bg-{}" data-status="{}">{}</span>'
                  ).format(colour, status.value, status.label)


def user_rules() -> dict[str, Callable[..., bool]]:
    """Return every public can_* rule that takes the user first, with the current user bound.

    A template asks `can_edit_case(case)` and gets permissions.can_edit_case(current_user, case):
    the button and the POST guard stay one function, and a new rule needs no entry here.
    """
    rules = {name: getattr(permissions, name) for name in permissions.__all__
             if name.startswith("can_")}
    return {name: _bound(rule) for name, rule in rules.items() if _takes_user_first(rule)}


def _takes_user_first(rule: Callable[..., bool]) -> bool:
    first = next(iter(inspect.signature(rule, eval_str=True).parameters.values()), None)
    return first is not None and first.annotation is User


def _bound(rule: Callable[..., bool]) -> Callable[..., bool]:
    @functools.wraps(rule)
    def bound(*args, **kwargs) -> bool:
        return rule(current_user, *args, **kwargs)
    return bound

