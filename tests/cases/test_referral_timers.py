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
from tests.factories import make_case, make_org, make_user, press

FRIDAY = vn(2026, 3, 13, 16)  # a referral issued now has its target on Saturday at 16:00


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
    (vn(2026, 3, 14, 9), None),         # Saturday 09:00: 17 of 24 clock hours used
    (vn(2026, 3, 14, 10), "warning"),   # 18 of 24, on a Saturday all the same
    (vn(2026, 3, 14, 17), "breach"),
    (vn(2026, 3, 15, 16), "national"),
])  # fmt: skip
def test_the_referral_row_shows_the_acknowledgement_target_and_its_badge(client, world, clock,
                                                                         now, badge):
    login(client, world.officer)
    clock.at(now)
    row = timer_row(client, world)
    assert 'data-timer="ack"' in row and "14/03/2026 16:00" in row
    assert re.findall(r'data-badge="(\w+)"', row) == ([badge] if badge else [])


def test_the_page_says_the_acknowledgement_target_is_internal_not_statutory(client, world):
    login(client, world.officer)
    html = client.get(f"/cases/{world.case.id}").get_data(as_text=True)
    assert "Chỉ tiêu phối hợp nội bộ" in html and "không phải thời hạn luật định" in html
    assert "58" not in re.sub(r"\d{2}/\d{2}/\d{4}|\d{2}:\d{2}", "", timer_row(client, world))


def test_the_row_shows_no_detention_until_a_decision_is_recorded(client, world, clock):
    clock.at(vn(2026, 3, 16, 9))
    press(world.referral, "accept", actor=world.officer)
    db.session.commit()
    login(client, world.officer)
    assert timer_row(client, world) == ""
    page = client.get(f"/cases/{world.case.id}").get_data(as_text=True)
    assert 'data-action="detention"' in page
    form = client.get(f"/referrals/{world.referral.id}/detention").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    response = client.post(f"/referrals/{world.referral.id}/detention", data={
        "csrf_token": token, "version": world.referral.version, "number": "",
        "decided_at": "16/03/2026 08:00"})
    assert response.status_code == 200
    assert "Vui lòng nhập số quyết định tạm giữ." in response.get_data(as_text=True)
    response = client.post(f"/referrals/{world.referral.id}/detention", data={
        "csrf_token": token, "version": world.referral.version, "number": "3/QĐ-TGTV",
        "decided_at": "16/03/2026 08:00"})
    assert response.status_code == 302
    row = timer_row(client, world)
    assert 'data-timer="review"' in row and "25/03/2026 08:00" in row
    page = client.get(f"/cases/{world.case.id}").get_data(as_text=True)
    assert "3/QĐ-TGTV" in page and 'data-action="detention"' not in page


def overdue_ids(now) -> list[int]:
    return list(db.session.scalars(sa.select(Referral.id)
                                   .where(queries.overdue_referral(now))))


def test_the_overdue_list_counts_clock_hours(world, clock):
    assert overdue_ids(vn(2026, 3, 14, 15, 59)) == []
    assert overdue_ids(vn(2026, 3, 14, 16, 1)) == [world.referral.id]  # a Saturday counts
    assert overdue_ids(vn(2026, 3, 16, 16, 1)) == [world.referral.id]
    clock.at(vn(2026, 3, 16, 16, 1))
    supervisor = make_user(role=Role.NATIONAL_SUPERVISOR)
    listed = db.session.scalars(queries.case_filter(supervisor, {"overdue": True})).all()
    assert [c.id for c in listed] == [world.case.id]
    press(world.referral, "accept", actor=world.officer)
    assert overdue_ids(vn(2026, 3, 16, 16, 1)) == []
