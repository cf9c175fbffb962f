"""The notification list paged by keyset: next and previous pages, only the reader's own lines,
malformed or old positions, and as many queries for many notifications as for few."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from caseflow.accounts.models import User
from caseflow.extensions import db
from caseflow.notifications import views
from caseflow.notifications.models import Notification
from tests.conftest import login
from tests.paging import link, newest_link, page, statements_of, walk

BASE = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
LINE = r'action="/notifications/(\d+)/open"'


def notify(user: User, *, at: datetime) -> int:
    """Add one notification for the user at a moment; return its id."""
    line = Notification(user_id=user.id, text=f"Thông báo {at:%d/%m %H:%M}", url="/cases/",
                        created_at=at)
    db.session.add(line)
    db.session.commit()
    return line.id


@pytest.fixture
def five(world, monkeypatch):
    """Five notifications of the police officer, a day apart (two at the same moment), oldest
    first, and one of a colleague's; two a page."""
    monkeypatch.setattr(views, "PER_PAGE", 2)
    moments = [BASE, BASE + timedelta(days=1), BASE + timedelta(days=1),
               BASE + timedelta(days=2), BASE + timedelta(days=3)]
    ids = [notify(world.police, at=at) for at in moments]
    notify(world.police2, at=BASE + timedelta(days=2))
    return ids


@pytest.fixture
def reader(client, world):
    login(client, world.police)
    return client


def test_next_links_walk_the_readers_own_lines_once_newest_first(reader, five):
    assert walk(reader, "/notifications/", LINE) == [
        [five[4], five[3]], [five[2], five[1]], [five[0]]]


def test_previous_links_walk_back_to_the_newest_page(reader, five):
    second = link(page(reader, "/notifications/", LINE)[1], "next")
    last = link(page(reader, second, LINE)[1], "next")
    assert walk(reader, last, LINE, rel="prev") == [
        [five[0]], [five[2], five[1]], [five[4], five[3]]]
    assert newest_link(page(reader, last, LINE)[1]) == "/notifications/"


@pytest.mark.parametrize("query", ["after=x", "before=12-", "after=1e5-2",
                                   "after=" + "9" * 40 + "-1", "page=2"])
def test_a_malformed_position_or_an_old_page_number_shows_the_newest_page(reader, five, query):
    assert page(reader, f"/notifications/?{query}", LINE)[0] == [five[4], five[3]]


def test_the_list_offers_to_mark_all_read_only_when_it_has_lines(reader, world):
    assert "/notifications/read-all" not in page(reader, "/notifications/", LINE)[1]
    notify(world.police, at=BASE)
    assert "/notifications/read-all" in page(reader, "/notifications/", LINE)[1]


def test_a_list_page_runs_as_many_queries_for_30_lines_as_for_3(reader, world, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    for d in range(3):
        notify(world.police, at=BASE + timedelta(days=d))
    urls = ("/notifications/", link(page(reader, "/notifications/", LINE)[1], "next"))
    few = [statements_of(reader, url) for url in urls]
    for d in range(27):
        notify(world.police, at=BASE + timedelta(days=10 + d))
    assert [statements_of(reader, url) for url in urls] == few
