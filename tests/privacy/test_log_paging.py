"""The processing log paged by keyset: next and previous pages, filters kept in the links,
malformed or old positions, the capped count, and as many queries for many events as for few."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from caseflow.accounts.models import Role, User
from caseflow.audit import services as audit
from caseflow.extensions import db
from caseflow.main import keyset
from caseflow.privacy import views
from tests.conftest import login
from tests.factories import make_user
from tests.paging import link, newest_link, page, statements_of, walk

BASE = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
SEQ = r"<tr><td>(\d+)</td>"


def logged(*, actor: User, at: datetime) -> int:
    """Log one view of personal data at a given moment; return its sequence number."""
    event = audit.record("personal_data.view", actor=actor, object_type="case", object_id=None)
    event.occurred_at = at
    db.session.commit()
    return event.seq


@pytest.fixture
def log(app, monkeypatch):
    """Five views a day apart (oldest first), alternately by two clerks; two events a page."""
    monkeypatch.setattr(views, "LOG_PER_PAGE", 2)
    clerks = [make_user(role=Role.FIRM_CLERK) for _ in range(2)]
    reader = make_user(role=Role.NATIONAL_SUPERVISOR)
    seqs = [logged(actor=clerks[d % 2], at=BASE + timedelta(days=d)) for d in range(5)]
    return SimpleNamespace(reader=reader, clerks=clerks, seqs=seqs)


@pytest.fixture
def reader(client, log):
    login(client, log.reader)
    return client


def test_next_links_walk_the_whole_log_once_newest_first(reader, log):
    s = log.seqs
    assert walk(reader, "/privacy/log", SEQ) == [[s[4], s[3]], [s[2], s[1]], [s[0]]]


def test_previous_links_walk_back_to_the_newest_page(reader, log):
    s = log.seqs
    last = link(page(reader, link(page(reader, "/privacy/log", SEQ)[1], "next"), SEQ)[1], "next")
    assert walk(reader, last, SEQ, rel="prev") == [[s[0]], [s[2], s[1]], [s[4], s[3]]]


def test_the_newest_page_has_neither_a_previous_nor_a_newest_link(reader, log):
    html = page(reader, "/privacy/log", SEQ)[1]
    assert link(html, "prev") is None and newest_link(html) is None
    assert newest_link(page(reader, link(html, "next"), SEQ)[1]) == "/privacy/log"


def test_a_filter_stays_in_the_links_and_narrows_every_page(reader, log):
    clerk = log.clerks[0]
    first = f"/privacy/log?user={clerk.id}"
    assert f"user={clerk.id}" in link(page(reader, first, SEQ)[1], "next")
    s = log.seqs
    assert walk(reader, first, SEQ) == [[s[4], s[2]], [s[0]]]


@pytest.mark.parametrize("query", ["after=x", "after=12-", "before=-3", "after=1e5-2",
                                   "after=" + "9" * 40 + "-1", "page=3", "page=x"])
def test_a_malformed_position_or_an_old_page_number_shows_the_newest_page(reader, log, query):
    assert page(reader, f"/privacy/log?{query}", SEQ)[0] == [log.seqs[4], log.seqs[3]]


def test_the_count_is_exact_up_to_the_cap(reader, log):
    assert 'data-testid="log-count">5 sự kiện<' in page(reader, "/privacy/log", SEQ)[1]


def test_the_count_stops_at_the_cap_and_says_more(reader, log, monkeypatch):
    monkeypatch.setattr(keyset, "COUNT_CAP", 3)
    assert 'data-testid="log-count">Hơn 3 sự kiện<' in page(reader, "/privacy/log", SEQ)[1]


def test_a_log_page_runs_as_many_queries_for_30_events_as_for_5(reader, log):
    clerk = log.clerks[0]
    second = link(page(reader, "/privacy/log", SEQ)[1], "next")
    urls = ("/privacy/log", f"/privacy/log?user={clerk.id}", second)
    few = [statements_of(reader, url) for url in urls]
    for d in range(25):
        logged(actor=clerk, at=BASE + timedelta(days=10 + d))
    assert [statements_of(reader, url) for url in urls] == few
