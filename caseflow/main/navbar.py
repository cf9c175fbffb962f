"""The top navigation bar, drawn once per user, language and page, then reused.

The bar is a third of a list page's drawing: a dozen access rules, menus and their links. What
it shows depends only on the things named in `_key` (the language, the page, the user's role,
name and organisation); the two parts that change between requests of the same user, the form
token and the unread count, are drawn into marks and put in on each request. Each process keeps
at most CACHE_MAX bars. A rule of the bar that starts reading something else about the user
must add it to the key (tests/main/test_navbar.py compares cached bars with fresh ones).
"""

from __future__ import annotations

from flask import render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from caseflow.notifications.queries import UNREAD_CAP, unread_count

CACHE_MAX = 1024
TOKEN_MARK = "\x00csrf-token\x00"
UNREAD_MARK = "<!--\x00unread\x00-->"
_cache: dict[tuple, str] = {}


def _key() -> tuple:
    """Name everything the bar's drawing reads."""
    user = current_user
    head = (str(get_locale()), request.endpoint, request.blueprint)
    if not user.is_authenticated:
        return head
    org = user.organisation
    return (*head, user.id, user.role, user.full_name, org.id, org.kind, org.name,
            org.short_name)


def navbar() -> Markup:
    """Return the bar for this request: the user's drawing, this session's token and count."""
    key = _key()
    html = _cache.get(key)
    if html is None:
        html = render_template("_navbar.html", nav_token=TOKEN_MARK, nav_unread=UNREAD_MARK)
        if len(_cache) >= CACHE_MAX:
            del _cache[next(iter(_cache))]
        _cache[key] = html
    html = html.replace(TOKEN_MARK, generate_csrf())
    if UNREAD_MARK in html:
        count = current_user.unread_notifications  # read with the session (accounts/sessions)
        if count is None:
            count = unread_count(current_user)
        html = html.replace(UNREAD_MARK, _unread_badge(count))
    return Markup(html)


def _unread_badge(count: int) -> str:
    if not count:
        return ""
    shown = f"{UNREAD_CAP - 1}+" if count >= UNREAD_CAP else str(count)
    return (f' <span class="badge text-bg-warning">{shown}<span class="visually-hidden"> '
            f'{Markup.escape(_("chưa đọc"))}</span></span>')


def forget() -> None:
    """Drop every kept bar."""
    _cache.clear()
