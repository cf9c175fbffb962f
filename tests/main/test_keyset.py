"""The shared keyset paging: positions in the URL, windows either way (ties broken by id), the
capped count, batches for exports and the links' URLs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import Role
from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.inspections.models import Inspection
from caseflow.main import keyset
from caseflow.main.keyset import Cursor, Order, in_batches, list_url, page_of
from caseflow.notifications.models import Notification
from tests.factories import make_user
from tests.paging import recorded_statements

BASE = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
ORDER = Order(Notification.created_at, Notification.id)
#: Seven rows' moments in hours after BASE, oldest first: three share one (ids break the tie).
HOURS = (0, 1, 2, 2, 2, 3, 4)


@pytest.fixture
def seven(app) -> list[int]:
    """Seven notifications of one user, oldest first; their ids."""
    user = make_user(role=Role.FIRM_CLERK)
    lines = [Notification(user_id=user.id, text=str(h), created_at=BASE + timedelta(hours=h))
             for h in HOURS]
    db.session.add_all(lines)
    db.session.commit()
    return [line.id for line in lines]


def query() -> sa.Select:
    return ORDER.newest_first(sa.select(Notification))


def ids(page: keyset.Page) -> list[int]:
    return [line.id for line in page.items]


def walk(*, per_page: int, rel: str = "after", start: Cursor | None = None) -> list[list[int]]:
    """Follow the positions from a page (the newest without one); return each page's ids."""
    pages, position = [], start
    while True:
        current = page_of(query(), ORDER, per_page=per_page, after=position if rel == "after"
                          else None, before=position if rel == "before" else None)
        pages.append(ids(current))
        position = getattr(current, rel)
        if position is None or len(pages) > 10:
            return pages


@pytest.mark.parametrize("at", [datetime(2026, 3, 10, 3, 0, 0, 123456, tzinfo=UTC),
                                datetime(1970, 1, 1, tzinfo=UTC), date(2026, 3, 10)])
def test_a_position_survives_its_round_trip_through_the_url(at):
    cursor = Cursor(at, 42)
    assert Cursor.parse(cursor.token(), dated=not isinstance(at, datetime)) == cursor


@pytest.mark.parametrize("token", [None, "", "x", "12-", "-3", "1e5-2", "1-2-3", " 1-2",
                                   "9" * 18 + "-1", "1-" + "9" * 19])
def test_a_malformed_position_reads_as_none(token):
    assert Cursor.parse(token) is None and Cursor.parse(token, dated=True) is None


def test_a_day_past_the_calendar_reads_as_none():
    assert Cursor.parse("9" * 17 + "-1", dated=True) is None


def test_an_order_knows_a_day_column_from_a_moment_column():
    assert Order(Inspection.planned_on, Inspection.id).dated
    assert not Order(AuditEvent.occurred_at, AuditEvent.id).dated  # a UTC type decorator
    assert Order(Inspection.planned_on, Inspection.id).parse("20522-7") == \
        Cursor(date(2026, 3, 10), 7)


def test_older_pages_hold_every_row_once_newest_first_ties_by_id(seven):
    s = seven
    assert walk(per_page=3) == [[s[6], s[5], s[4]], [s[3], s[2], s[1]], [s[0]]]


def test_newer_pages_walk_back_the_same_pages(seven):
    s = seven
    last = Cursor(BASE + timedelta(hours=1), s[1])  # the position after the second page
    assert walk(per_page=3, rel="before", start=last) == [[s[4], s[3], s[2]],
                                                         [s[6], s[5]]]
    assert walk(per_page=3, rel="before", start=Cursor(BASE, s[0])) == [
        [s[3], s[2], s[1]], [s[6], s[5], s[4]]]


def test_the_newest_page_knows_there_is_no_newer_one_and_the_oldest_no_older(seven):
    newest = page_of(query(), ORDER, after=None, before=None, per_page=3)
    assert newest.before is None and newest.after == Cursor(BASE + timedelta(hours=2), seven[4])
    oldest = page_of(query(), ORDER, after=newest.after, before=None, per_page=4)
    assert oldest.after is None and ids(oldest) == seven[3::-1]
    assert oldest.before == Cursor(BASE + timedelta(hours=2), seven[3])


def test_the_count_is_exact_up_to_the_cap_then_more(seven, monkeypatch):
    exact = page_of(query(), ORDER, after=None, before=None, per_page=3)
    assert (exact.count, exact.more) == (7, False)
    monkeypatch.setattr(keyset, "COUNT_CAP", 5)
    capped = page_of(query(), ORDER, after=None, before=None, per_page=3)
    assert (capped.count, capped.more) == (5, True)


def test_an_uncounted_list_says_its_page_or_more_than_a_page(seven):
    several = page_of(query(), ORDER, after=None, before=None, per_page=3, counted=False)
    assert (several.count, several.more) == (3, True)
    alone = page_of(query(), ORDER, after=None, before=None, per_page=10, counted=False)
    assert (alone.count, alone.more) == (7, False)


def test_a_row_loader_of_the_lists_own_is_given_the_page_size(seven):
    asked = []

    def rows(q: sa.Select, per_page: int, counter) -> tuple[list, int | None]:
        asked.append(per_page)
        return keyset.entities(q, per_page, counter)

    page = page_of(query(), ORDER, after=None, before=None, per_page=2, rows=rows)
    assert asked == [2] and ids(page) == [seven[6], seven[5]]


def test_the_count_comes_with_the_page_in_one_statement(app, seven):
    with recorded_statements() as statements:
        page = page_of(query(), ORDER, after=None, before=None, per_page=2)
    assert page.count == 7 and len(statements) == 1


def test_an_empty_page_counts_on_its_own(app, seven):
    page = page_of(query(), ORDER, after=keyset.Cursor(datetime(1970, 1, 2, tzinfo=UTC), 0),
                   before=None, per_page=2)
    assert page.items == [] and page.count == 7


def named_rows() -> sa.Select:
    return sa.select(Notification.id, Notification.created_at, Notification.text)


def test_batches_hold_every_row_once_newest_first(seven):
    batches = list(in_batches(named_rows(), ORDER, size=3))
    assert [[r.id for r in b] for b in batches] == [seven[:3:-1], seven[3:0:-1], [seven[0]]]


def test_batches_stop_at_the_rows_counted_without_asking_for_more(seven):
    with recorded_statements() as statements:
        assert sum(len(b) for b in in_batches(named_rows(), ORDER, size=3, total=6)) == 6
    assert len(statements) == 2  # 3 + 3: the second batch asks for the 3 rows left, no more


def test_a_short_batch_is_the_last_one_asked_for(seven):
    with recorded_statements() as statements:
        assert sum(len(b) for b in in_batches(named_rows(), ORDER, size=3)) == 7
    assert len(statements) == 3  # 3 + 3 + 1, and no empty fourth


def test_a_list_url_keeps_the_filters_and_drops_the_old_position(app):
    with app.test_request_context("/cases/?status=flagged&page=3&after=1-2&q=thu%E1%BB%91c"):
        assert list_url() == "/cases/?status=flagged&q=thu%E1%BB%91c"
        assert list_url(before="5-6") == "/cases/?status=flagged&q=thu%E1%BB%91c&before=5-6"

