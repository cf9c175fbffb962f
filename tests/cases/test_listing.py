"""The case list paged by keyset: next and previous pages, ties, the capped count, queries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from caseflow.cases.listing import Cursor
from caseflow.main import keyset
from caseflow.workflow.states import CaseStatus
from tests.cases import test_views
from tests.cases.test_views import case_in, created, listed
from tests.conftest import login
from tests.paging import statements_of, statements_run

BASE = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)

cast = test_views.cast  # the same people as the view tests


@pytest.fixture
def five(app, cast, monkeypatch):
    """Five flagged cases a day apart, oldest first; two cases a page."""
    monkeypatch.setitem(app.config, "CASES_PER_PAGE", 2)
    return [created(case_in(cast, CaseStatus.FLAGGED), BASE + timedelta(days=d)).id
            for d in range(5)]


def link(html: str, rel: str) -> str | None:
    """Return the query string of the next or previous page link (None when disabled)."""
    match = re.search(rf'rel="{rel}" href="([^"#]+)"', html)
    return unescape(match.group(1))[len("/cases/"):] if match else None


def page(client, query: str = "") -> tuple[list[int], str]:
    return listed(client, query), client.get(f"/cases/{query}").get_data(as_text=True)


def walk(client) -> list[list[int]]:
    """Follow the next links from the newest page; return each page's case ids."""
    pages, query = [], ""
    while query is not None and len(pages) < 10:
        ids, html = page(client, query)
        pages.append(ids)
        query = link(html, "next")
    return pages


def test_next_links_walk_the_whole_list_once_newest_first(client, cast, five):
    login(client, cast.security)
    assert walk(client) == [[five[4], five[3]], [five[2], five[1]], [five[0]]]


def test_previous_link_comes_back_to_the_same_page(client, cast, five):
    login(client, cast.security)
    first_ids, first = page(client)
    second_ids, second = page(client, link(first, "next"))
    _third_ids, third = page(client, link(second, "next"))
    assert page(client, link(third, "prev"))[0] == second_ids
    assert page(client, link(second, "prev"))[0] == first_ids


def test_the_newest_page_has_no_previous_page(client, cast, five):
    login(client, cast.security)
    assert link(client.get("/cases/").get_data(as_text=True), "prev") is None


def test_cases_created_at_the_same_moment_are_neither_skipped_nor_repeated(client, cast, app,
                                                                           monkeypatch):
    monkeypatch.setitem(app.config, "CASES_PER_PAGE", 2)
    ids = [created(case_in(cast, CaseStatus.FLAGGED), BASE).id for _ in range(5)]
    login(client, cast.security)
    assert [case_id for ids in walk(client) for case_id in ids] == sorted(ids, reverse=True)


@pytest.mark.parametrize("token", ["x", "12-", "-3", "1e5-2", "9" * 40 + "-1"])
def test_a_malformed_position_shows_the_newest_page(client, cast, five, token):
    login(client, cast.security)
    assert listed(client, f"?after={token}") == [five[4], five[3]]


def test_a_position_survives_its_round_trip_through_the_url():
    cursor = Cursor(datetime(2026, 3, 10, 3, 0, 0, 123456, tzinfo=UTC), 42)
    assert Cursor.parse(cursor.token()) == cursor


def test_the_count_stops_at_the_cap_and_says_more(client, cast, five, monkeypatch):
    monkeypatch.setattr(keyset, "COUNT_CAP", 3)
    login(client, cast.security)
    html = client.get("/cases/").get_data(as_text=True)
    assert 'data-testid="case-count">Hơn 3 hồ sơ<' in html


def test_the_count_is_exact_up_to_the_cap(client, cast, five):
    login(client, cast.security)
    assert 'data-testid="case-count">5 hồ sơ<' in client.get("/cases/").get_data(as_text=True)


@pytest.mark.parametrize("who", ["security", "officer", "supervisor", "national"])
def test_a_list_page_runs_as_many_queries_for_30_cases_as_for_3(client, cast, who):
    for _ in range(3):
        case_in(cast, CaseStatus.REFERRED, categories=("C8", "C1"))
    login(client, getattr(cast, who))
    client.get("/cases/")  # fills the per-process caches (filter choices)
    urls = ("/cases/", "/cases/?q=EB", "/cases/?status=referred&category=C8")
    few = [statements_of(client, url) for url in urls]
    for _ in range(27):
        case_in(cast, CaseStatus.REFERRED, categories=("C8", "C1"))
    assert [statements_of(client, url) for url in urls] == few


def test_a_search_over_several_pages_says_more_than_a_page_without_counting(client, cast,
                                                                            five):
    login(client, cast.security)
    html = client.get("/cases/?q=EB").get_data(as_text=True)
    assert 'data-testid="case-count">Hơn 2 hồ sơ<' in html
    searched = [sql for sql in statements_run(client, "/cases/?q=EB") if "search_text" in sql]
    assert len(searched) == 1 and "count(" not in searched[0].lower()


def test_the_count_rides_on_the_page_query(client, cast, five):
    login(client, cast.security)
    listed_ = [sql for sql in statements_run(client, "/cases/") if 'FROM "case"' in sql]
    assert len(listed_) == 1 and "count(" in listed_[0].lower()


def test_an_empty_page_still_counts_the_cases_before_it(client, cast, five):
    login(client, cast.security)
    html = client.get("/cases/?after=1-0").get_data(as_text=True)
    assert "Không có hồ sơ nào phù hợp." in html
    assert 'data-testid="case-count">5 hồ sơ<' in html


def test_a_search_on_one_page_says_how_many_it_found(client, cast, five):
    case_in(cast, CaseStatus.FLAGGED, description="Thuốc lá điện tử")
    login(client, cast.security)
    html = client.get("/cases/?q=thuoc la").get_data(as_text=True)
    assert 'data-testid="case-count">1 hồ sơ<' in html
