"""The kept navigation bar: the same as a fresh drawing, with this request's token and count."""

from __future__ import annotations

import re

import pytest

from caseflow.extensions import db
from caseflow.main import navbar
from caseflow.notifications.services import notify
from tests.cases import test_views
from tests.conftest import login

cast = test_views.cast  # the same people as the case view tests
NAV_RE = re.compile(r"<nav class=\"navbar.*?</nav>", re.S)
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGES = ("/", "/cases/", "/notifications/", "/account/security")


@pytest.fixture(autouse=True)
def _fresh_bars():
    navbar.forget()
    yield
    navbar.forget()


def bar(client, path: str) -> str:
    response = client.get(path, follow_redirects=True)
    assert response.status_code in (200, 404)  # an error page carries the bar too
    return NAV_RE.search(response.get_data(as_text=True)).group(0)


def unsigned(html: str) -> str:
    """The bar with its form tokens blanked: each is signed with the second it was issued."""
    return TOKEN_RE.sub('name="csrf_token" value=""', html)


@pytest.mark.parametrize("person", ["clerk", "security", "officer", "supervisor", "national",
                                    "admin"])
def test_a_kept_bar_equals_a_freshly_drawn_one(client, cast, person):
    login(client, getattr(cast, person))
    for path in PAGES:
        bar(client, path)
        kept = unsigned(bar(client, path))
        navbar.forget()
        assert unsigned(bar(client, path)) == kept


def test_the_bar_carries_the_sessions_token_and_it_logs_out(client, cast):
    login(client, cast.clerk)
    page = bar(client, "/cases/")
    assert navbar.TOKEN_MARK not in page
    token = TOKEN_RE.search(page).group(1)
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert "/login" in client.get("/cases/").headers["Location"]


def test_the_unread_count_is_current_on_a_kept_bar(client, cast):
    login(client, cast.clerk)
    assert "chưa đọc" not in bar(client, "/cases/")
    notify([cast.clerk], "Có hồ sơ mới", "/cases/")
    db.session.commit()
    assert re.search(r'badge text-bg-warning">1<span class="visually-hidden"> chưa đọc',
                     bar(client, "/cases/"))


def test_the_active_entry_follows_the_page(client, cast):
    login(client, cast.national)
    assert 'aria-current="page">Hồ sơ vụ việc' in bar(client, "/cases/")
    assert 'aria-current="page">Hồ sơ vụ việc' not in bar(client, "/notifications/")


def test_a_renamed_organisation_and_user_show_at_once(client, cast):
    login(client, cast.clerk)
    bar(client, "/cases/")
    cast.firm.short_name = "BC Mới"
    cast.clerk.full_name = "Nguyễn Văn Mới"
    db.session.commit()
    page = bar(client, "/cases/")
    assert "BC Mới" in page and "Nguyễn Văn Mới" in page


def test_the_bar_speaks_the_chosen_language(client, cast):
    login(client, cast.clerk)
    assert "Hồ sơ vụ việc" in bar(client, "/cases/")
    client.post("/language/en", data={"csrf_token": TOKEN_RE.search(bar(client, "/cases/"))
                                  .group(1)})
    assert "Case files" in bar(client, "/cases/")


def test_a_hundred_unread_notifications_show_as_99_plus(client, cast):
    login(client, cast.clerk)
    for _ in range(99):
        notify([cast.clerk], "Có hồ sơ mới", "/cases/")
    db.session.commit()
    assert 'text-bg-warning">99<' in bar(client, "/cases/")
    notify([cast.clerk], "Có hồ sơ mới", "/cases/")
    db.session.commit()
    assert 'text-bg-warning">99+<' in bar(client, "/cases/")
