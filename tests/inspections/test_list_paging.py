"""The inspection and violation lists paged by keyset on a day and an id: next and previous
pages (several on one day), filters kept in the links, malformed or old positions, the capped
count, and as many queries for many rows as for few."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from caseflow.accounts.models import Organisation, User
from caseflow.extensions import db
from caseflow.inspections.legal import ChecklistItem, Decree
from caseflow.inspections.models import Inspection, InspectionStatus, Violation
from caseflow.main import keyset
from tests.conftest import login
from tests.paging import link, newest_link, page, statements_of, walk

DAY = date(2026, 3, 10)
#: Five rows' days, oldest first: two share a day (the id breaks the tie).
OFFSETS = (0, 1, 1, 2, 3)
INSPECTION = r'href="/inspections/(\d+)"'
VIOLATION = r'href="/inspections/violations/(\d+)"'
LISTS = {"/inspections/": INSPECTION, "/inspections/violations/": VIOLATION}


def inspected(*, by: User, firm: Organisation, on: date,
              status: InspectionStatus = InspectionStatus.RECORDED) -> Violation:
    """Add an inspection of the firm on a day, with one violation committed that day."""
    inspection = Inspection(firm=firm, inspector_org=by.organisation, created_by=by,
                            province_code=by.organisation.province_code, planned_on=on,
                            status=status)
    violation = Violation(inspection=inspection, firm_id=firm.id, act_date=on,
                          item=ChecklistItem.BANNED_LIST_POSTED, decree=Decree.ND15_2020)
    db.session.add_all([inspection, violation])
    db.session.commit()
    return violation


@pytest.fixture
def five(app, people, monkeypatch):
    """Five inspections of people.firm (the third one planned, not recorded), one violation
    each, oldest first; two rows a page."""
    monkeypatch.setitem(app.config, "CASES_PER_PAGE", 2)
    found = [inspected(by=people.supervisor, firm=people.firm, on=DAY + timedelta(days=d),
                       status=InspectionStatus.PLANNED if n == 2 else InspectionStatus.RECORDED)
             for n, d in enumerate(OFFSETS)]
    return {"/inspections/": [v.inspection_id for v in found],
            "/inspections/violations/": [v.id for v in found]}


@pytest.fixture
def national(client, people):
    login(client, people.national)
    return client


@pytest.mark.parametrize("url", LISTS)
def test_next_links_walk_the_whole_list_once_latest_first(national, five, url):
    ids = five[url]
    assert walk(national, url, LISTS[url]) == [[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]


@pytest.mark.parametrize("url", LISTS)
def test_previous_links_walk_back_to_the_latest_page(national, five, url):
    ids = five[url]
    second = link(page(national, url, LISTS[url])[1], "next")
    last = link(page(national, second, LISTS[url])[1], "next")
    assert walk(national, last, LISTS[url], rel="prev") == [
        [ids[0]], [ids[2], ids[1]], [ids[4], ids[3]]]
    assert newest_link(page(national, last, LISTS[url])[1]) == url


@pytest.mark.parametrize("url", LISTS)
def test_the_firm_filter_stays_in_the_links(national, five, people, url):
    other = inspected(by=people.supervisor, firm=people.other_firm, on=DAY + timedelta(days=9))
    first = f"{url}?firm={people.firm.id}"
    html = page(national, first, LISTS[url])[1]
    assert f"firm={people.firm.id}" in link(html, "next")
    listed = [i for ids in walk(national, first, LISTS[url]) for i in ids]
    assert listed == five[url][::-1]
    assert (other.inspection_id if url == "/inspections/" else other.id) not in listed


def test_the_export_links_carry_the_filters_but_not_the_position(national, five, people):
    second = link(page(national, f"/inspections/?firm={people.firm.id}", INSPECTION)[1], "next")
    html = page(national, second, INSPECTION)[1]
    exports = re.findall(r'href="([^"]*/export\.csv[^"]*)"', html)
    assert exports == [f"/inspections/export.csv?firm={people.firm.id}"]


def test_the_status_filter_narrows_every_page(national, five):
    ids = five["/inspections/"]
    assert walk(national, "/inspections/?status=recorded", INSPECTION) == [
        [ids[4], ids[3]], [ids[1], ids[0]]]


@pytest.mark.parametrize("query", ["after=x", "after=12-", "before=-3", "after=1e5-2",
                                   "after=" + "9" * 17 + "-1", "page=2"])
@pytest.mark.parametrize("url", LISTS)
def test_a_malformed_position_or_an_old_page_number_shows_the_latest_page(national, five, url,
                                                                          query):
    assert page(national, f"{url}?{query}", LISTS[url])[0] == five[url][:-3:-1]


@pytest.mark.parametrize(("url", "testid", "noun"), [
    ("/inspections/", "inspection-count", "cuộc kiểm tra"),
    ("/inspections/violations/", "violation-count", "vi phạm")])
def test_the_count_is_exact_up_to_the_cap_then_says_more(national, five, monkeypatch, url,
                                                         testid, noun):
    assert f'data-testid="{testid}">5 {noun}<' in page(national, url, LISTS[url])[1]
    monkeypatch.setattr(keyset, "COUNT_CAP", 3)
    assert f'data-testid="{testid}">Hơn 3 {noun}<' in page(national, url, LISTS[url])[1]


@pytest.mark.parametrize("who", ["national", "supervisor", "security"])
def test_a_list_page_runs_as_many_queries_for_30_rows_as_for_3(client, people, app,
                                                               monkeypatch, who):
    monkeypatch.setitem(app.config, "CASES_PER_PAGE", 2)
    for d in range(3):
        inspected(by=people.supervisor, firm=people.firm, on=DAY + timedelta(days=d))
    login(client, getattr(people, who))
    urls = [u for url in LISTS for u in (url, f"{url}?firm={people.firm.id}",
                                         link(page(client, url, LISTS[url])[1], "next"))]
    few = [statements_of(client, url) for url in urls]
    for d in range(27):
        inspected(by=people.supervisor, firm=people.firm, on=DAY + timedelta(days=10 + d))
    assert [statements_of(client, url) for url in urls] == few
