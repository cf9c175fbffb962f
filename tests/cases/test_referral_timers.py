"""The timers on the case page's referral rows, and the overdue list on the calendar."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.cases import queries
from caseflow.extensions import db
from caseflow.main import templating
from caseflow.referrals.models import Referral
from caseflow.workflow.states import CaseStatus
from tests.clock import pin_clock, vn
from tests.conftest import login
from tests.factories import fast_password_hashing, make_case, make_org, make_user, press

FRIDAY = vn(2026, 3, 13, 16)  # a referral issued now is due on Monday at 16:00


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    fast_password_hashing(monkeypatch)


@pytest.fixture
def clock(monkeypatch):
    clock = pin_clock(monkeypatch, FRIDAY)
    for module in (templating, queries):
        monkeypatch.setattr(module, "utcnow", clock)
    return clock


@pytest.fixture
def world(app, clock):
    firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
    police = make_org(kind=OrgKind.POLICE, province_code="01")
    officer = make_user(role=Role.AGENCY_OFFICER, org=police)
    case = make_case(firm_user=make_user(role=Role.FIRM_CLERK, org=firm), officer=officer,
                     status=CaseStatus.REFERRED)
    db.session.commit()
    return SimpleNamespace(case=case, referral=case.referrals[0], officer=officer)


def timer_row(client, world) -> str:
    html = client.get(f"/cases/{world.case.id}").get_data(as_text=True)
    match = re.search(r'<div class="small" data-testid="due"(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


@pytest.mark.parametrize(("now", "badge"), [
    (vn(2026, 3, 14, 17), None),        # Saturday: 8 of 24 working hours used
    (vn(2026, 3, 16, 10), "warning"),   # Monday 10:00: 18 of 24
    (vn(2026, 3, 16, 17), "breach"),
    (vn(2026, 3, 17, 16), "national"),
])  # fmt: skip
def test_the_referral_row_shows_the_acknowledgement_due_and_its_badge(client, world, clock,
                                                                      now, badge):
    login(client, world.officer)
    clock.at(now)
    row = timer_row(client, world)
    assert 'data-timer="ack"' in row and "16/03/2026 16:00" in row
    assert re.findall(r'data-badge="(\w+)"', row) == ([badge] if badge else [])


def test_the_row_shows_the_review_and_its_pause(client, world, clock):
    clock.at(vn(2026, 3, 16, 9))
    press(world.referral, "accept", actor=world.officer)
    clock.at(vn(2026, 3, 17, 9))
    press(world.referral, "request_info", actor=world.officer, reason="Đề nghị gửi ảnh chụp")
    db.session.commit()
    login(client, world.officer)
    row = timer_row(client, world)
    assert 'data-timer="review"' in row and 'data-badge="paused"' in row
    assert "6 ngày" in row  # 1 of the 7 working days used before the pause


def overdue_ids(now) -> list[int]:
    return list(db.session.scalars(sa.select(Referral.id)
                                   .where(queries.overdue_referral(now))))


def test_the_overdue_list_counts_working_hours(world, clock):
    assert overdue_ids(vn(2026, 3, 14, 17)) == []   # 25 clock hours, but a Saturday
    assert overdue_ids(vn(2026, 3, 16, 15, 59)) == []
    assert overdue_ids(vn(2026, 3, 16, 16, 1)) == [world.referral.id]
    clock.at(vn(2026, 3, 16, 16, 1))
    supervisor = make_user(role=Role.NATIONAL_SUPERVISOR)
    listed = db.session.scalars(queries.filtered_cases(supervisor, {"overdue": True})).all()
    assert [c.id for c in listed] == [world.case.id]
    press(world.referral, "accept", actor=world.officer)
    assert overdue_ids(vn(2026, 3, 16, 16, 1)) == []
