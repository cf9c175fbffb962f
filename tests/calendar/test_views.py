"""The calendar administration page: admins list, add and remove days; nobody else sees it."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import Role
from caseflow.audit.models import AuditEvent
from caseflow.calendar import services
from caseflow.calendar.models import CalendarDay, DayKind
from caseflow.extensions import db
from tests.conftest import login, post
from tests.factories import make_user


@pytest.fixture
def admin(app):
    user = make_user(role=Role.ADMIN)
    db.session.commit()
    return user


def listed(day: date) -> CalendarDay | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(CalendarDay).where(CalendarDay.day == day))


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_admin_lists_a_years_days_with_their_sources(client, admin):
    login(client, admin)
    html = client.get("/admin/calendar/?year=2026").get_data(as_text=True)
    assert 'data-day="2026-02-17"' in html and 'data-day="2026-01-10"' in html
    assert "Thông báo 9441/TB-BNV" in html and "Ngày làm bù" in html
    assert 'data-day="2025-01-01"' not in html


def test_admin_adds_a_day_off_and_deadlines_follow(client, admin):
    login(client, admin)
    assert services.is_working_day(date(2027, 2, 10))
    response = post(client, "/admin/calendar/?year=2027", {
        "day": "10/02/2027", "kind": "day_off", "name": "Tết Nguyên đán Đinh Mùi",
        "source": "Thông báo của Bộ Nội vụ"})
    assert response.status_code == 302 and response.headers["Location"].endswith("year=2027")
    assert listed(date(2027, 2, 10)).kind is DayKind.DAY_OFF
    assert not services.is_working_day(date(2027, 2, 10))
    assert actions()[-1] == "calendar.add"


@pytest.mark.parametrize(("form", "field"), [
    ({"day": "17/02/2026", "kind": "day_off", "name": "Trùng"}, "day"),       # listed already
    ({"day": "11/03/2026", "kind": "working_day", "name": "Làm bù"}, "kind"),  # a Wednesday
    ({"day": "31/02/2026", "kind": "day_off", "name": "Không có"}, "day"),
    ({"day": "12/03/2026", "kind": "day_off", "name": ""}, "name"),
])  # fmt: skip
def test_a_wrong_day_is_refused_next_to_its_field(client, admin, form, field):
    login(client, admin)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(CalendarDay))
    html = post(client, "/admin/calendar/", form).get_data(as_text=True)
    assert re.search(rf'id="{field}-error"', html), html[:2000]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarDay)) == before


def test_admin_removes_a_day(client, admin):
    login(client, admin)
    row = listed(date(2026, 1, 10))
    response = post(client, f"/admin/calendar/{row.id}/remove")
    assert response.status_code == 302
    assert listed(date(2026, 1, 10)) is None
    assert not services.is_working_day(date(2026, 1, 10))  # an ordinary Saturday again
    assert actions()[-1] == "calendar.remove"


@pytest.mark.parametrize("role", [Role.NATIONAL_SUPERVISOR, Role.PROVINCIAL_SUPERVISOR,
                                  Role.AGENCY_OFFICER, Role.FIRM_SECURITY], ids=str)
def test_only_admins_reach_the_calendar(client, app, role):
    user = make_user(role=role)
    db.session.commit()
    login(client, user)
    row = listed(date(2026, 2, 17))
    assert client.get("/admin/calendar/").status_code == 404
    assert post(client, f"/admin/calendar/{row.id}/remove").status_code == 404
    assert listed(date(2026, 2, 17)) is not None


def test_the_link_shows_for_admins(client, admin):
    login(client, admin)
    html = client.get("/admin/organisations").get_data(as_text=True)
    assert 'href="/admin/calendar/"' in html
