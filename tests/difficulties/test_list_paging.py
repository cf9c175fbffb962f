"""The difficulty reports and the published guidance paged by keyset: next and previous pages,
the status filter kept in the links, malformed or old positions, the capped count, and as many
queries for many reports as for few."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from caseflow.accounts.models import User
from caseflow.difficulties.models import Addressee, Difficulty, DifficultyStatus
from caseflow.extensions import db
from caseflow.main import keyset
from tests.conftest import login
from tests.paging import link, newest_link, page, statements_of, walk

BASE = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
REPORT = r'href="/difficulties/(\d+)"'
LISTS = ("/difficulties/", "/difficulties/guidance")


def reported(*, by: User, at: datetime, published: bool = True) -> int:
    """Add a report submitted at a moment and, if published, published a day later."""
    difficulty = Difficulty(
        firm_id=by.organisation_id, submitted_by=by, addressee=Addressee.PROVINCE,
        province_code="01", subject=f"Phản ánh {at:%d/%m}", body="Nội dung", submitted_at=at,
        due_on=date(2026, 4, 1),
        status=DifficultyStatus.PUBLISHED if published else DifficultyStatus.SUBMITTED,
        answer="Trả lời" if published else "",
        published_at=at + timedelta(days=1) if published else None)
    db.session.add(difficulty)
    db.session.commit()
    return difficulty.id


@pytest.fixture
def five(app, people, monkeypatch):
    """Five published reports a day apart, oldest first; two a page."""
    monkeypatch.setitem(app.config, "CASES_PER_PAGE", 2)
    return [reported(by=people.security, at=BASE + timedelta(days=d)) for d in range(5)]


@pytest.fixture
def national(client, people):
    login(client, people.national)
    return client


@pytest.mark.parametrize("url", LISTS)
def test_next_links_walk_the_whole_list_once_newest_first(national, five, url):
    assert walk(national, url, REPORT) == [[five[4], five[3]], [five[2], five[1]], [five[0]]]


@pytest.mark.parametrize("url", LISTS)
def test_previous_links_walk_back_to_the_newest_page(national, five, url):
    second = link(page(national, url, REPORT)[1], "next")
    last = link(page(national, second, REPORT)[1], "next")
    assert walk(national, last, REPORT, rel="prev") == [
        [five[0]], [five[2], five[1]], [five[4], five[3]]]
    assert newest_link(page(national, last, REPORT)[1]) == url


def test_the_status_filter_stays_in_the_links_and_narrows_every_page(national, five, people):
    waiting = [reported(by=people.security, at=BASE + timedelta(days=10 + d), published=False)
               for d in range(3)]
    first = "/difficulties/?status=published"
    assert "status=published" in link(page(national, first, REPORT)[1], "next")
    assert [i for ids in walk(national, first, REPORT) for i in ids] == five[::-1]
    assert walk(national, "/difficulties/?status=submitted", REPORT) == [
        [waiting[2], waiting[1]], [waiting[0]]]


def test_guidance_lists_only_the_published_reports_by_publication(national, five, people):
    reported(by=people.security, at=BASE + timedelta(days=20), published=False)
    assert [i for ids in walk(national, "/difficulties/guidance", REPORT) for i in ids] == \
        five[::-1]


@pytest.mark.parametrize("query", ["after=x", "before=12-", "after=1e5-2",
                                   "after=" + "9" * 40 + "-1", "page=2"])
@pytest.mark.parametrize("url", LISTS)
def test_a_malformed_position_or_an_old_page_number_shows_the_newest_page(national, five, url,
                                                                          query):
    assert page(national, f"{url}?{query}", REPORT)[0] == [five[4], five[3]]


def test_the_count_is_exact_up_to_the_cap_then_says_more(national, five, monkeypatch):
    html = page(national, "/difficulties/", REPORT)[1]
    assert 'data-testid="difficulty-count">5 phản ánh<' in html
    monkeypatch.setattr(keyset, "COUNT_CAP", 3)
    html = page(national, "/difficulties/", REPORT)[1]
    assert 'data-testid="difficulty-count">Hơn 3 phản ánh<' in html


@pytest.mark.parametrize("who", ["national", "supervisor", "security"])
def test_a_list_page_runs_as_many_queries_for_30_reports_as_for_3(client, people, app,
                                                                  monkeypatch, who):
    monkeypatch.setitem(app.config, "CASES_PER_PAGE", 2)
    for d in range(3):
        reported(by=people.security, at=BASE + timedelta(days=d))
    login(client, getattr(people, who))
    urls = [u for url in LISTS for u in (url, link(page(client, url, REPORT)[1], "next"))]
    urls.append("/difficulties/?status=published")
    few = [statements_of(client, url) for url in urls]
    for d in range(27):
        reported(by=people.security, at=BASE + timedelta(days=10 + d))
    assert [statements_of(client, url) for url in urls] == few
