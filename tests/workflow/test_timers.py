"""The timers: the acknowledgement target in clock hours, the detention period of a recorded
detention decision (never paused)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from caseflow.accounts.models import OrgKind, Role
from caseflow.errors import NotAllowed, ValidationFailed
from caseflow.referrals import services as referral_services
from caseflow.workflow import timers
from caseflow.workflow.models import Timer, TimerLevel
from caseflow.workflow.states import CaseStatus
from tests.clock import pin_clock, vn
from tests.factories import (
    conclude,
    make_case,
    make_officer,
    make_org,
    make_user,
    press,
    refer_case,
    transfer,
)

#: Tuesday 3 March 2026, 09:00 in Hà Nội: an ordinary working week.
TUESDAY = vn(2026, 3, 3, 9)


@pytest.fixture
def clock(monkeypatch):
    return pin_clock(monkeypatch, TUESDAY)


@pytest.fixture
def people(app):
    firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
    return SimpleNamespace(clerk=make_user(role=Role.FIRM_CLERK, org=firm),
                           security=make_user(role=Role.FIRM_SECURITY, org=firm),
                           police=make_officer(kind=OrgKind.POLICE, province_code="01"),
                           qltt=make_officer(kind=OrgKind.MARKET_SURVEILLANCE))


def referred(people, categories=("C8",)):
    case = make_case(firm_user=people.clerk, security=people.security, status=CaseStatus.FLAGGED,
                     categories=categories)
    [referral] = refer_case(case, actor=people.security,
                            agencies=[people.police.organisation])
    return referral


def detain(referral, people, decided_at, number="12/QĐ-TGTV"):
    return referral_services.record_detention(referral, actor=people.police, number=number,
                                              decided_at=decided_at,
                                              expected_version=referral.version)


@pytest.mark.parametrize(("issued", "categories", "due"), [
    # issued (Vietnam time)    categories  acknowledgement target: clock hours, round the clock
    (vn(2026, 3, 13, 16),      ("C8",),    vn(2026, 3, 14, 16)),   # Friday → Saturday
    (vn(2026, 3, 13, 22),      ("C1",),    vn(2026, 3, 14, 2)),    # critical, late Friday
    (vn(2026, 3, 14, 10),      ("C8",),    vn(2026, 3, 15, 10)),   # on a Saturday
    (vn(2026, 2, 13, 16),      ("C8",),    vn(2026, 2, 14, 16)),   # before Tết
    (vn(2026, 3, 10, 9),       ("C8",),    vn(2026, 3, 11, 9)),    # midweek
])  # fmt: skip
def test_acknowledgement_target_is_in_clock_hours_from_issue(people, clock, issued, categories,
                                                             due):
    clock.at(issued)
    referral = referred(people, categories)
    assert (referral.issued_at, referral.due_at) == (issued, due)


def test_a_transferred_referral_gets_a_new_target_from_the_transfer(people, clock):
    clock.at(vn(2026, 3, 12, 10))
    referral = referred(people)
    clock.at(vn(2026, 3, 13, 16))
    new = transfer(referral, officer=people.police, to=people.qltt.organisation)
    assert new.due_at == vn(2026, 3, 14, 16)


def test_acceptance_alone_starts_no_detention_timer(people, clock):
    referral = referred(people)
    clock.at(vn(2026, 4, 28, 10))
    press(referral, "accept", actor=people.police)
    assert referral.review_due_at is None
    assert timers.states_of(referral, clock.now) == []


def test_a_recorded_detention_decision_runs_7_working_days(people, clock):
    referral = referred(people)
    clock.at(vn(2026, 4, 28, 10))  # Tuesday; 30/4 and 1/5 are off
    press(referral, "accept", actor=people.police)
    clock.at(vn(2026, 4, 28, 15))
    detain(referral, people, vn(2026, 4, 28, 11))
    assert referral.detention_decision_number == "12/QĐ-TGTV"
    assert referral.detention_decided_at == vn(2026, 4, 28, 11)
    assert referral.review_due_at == vn(2026, 5, 11, 11)
    assert [s.timer for s in timers.states_of(referral, clock.now)] == [Timer.REVIEW]


def test_waiting_for_the_firm_does_not_pause_the_detention(people, clock):
    clock.at(vn(2026, 3, 2, 8))
    referral = referred(people)
    clock.at(vn(2026, 3, 2, 9))
    press(referral, "accept", actor=people.police)
    detain(referral, people, vn(2026, 3, 2, 9))
    assert referral.review_due_at == vn(2026, 3, 11, 9)
    clock.at(vn(2026, 3, 5, 9))
    press(referral, "request_info", actor=people.police, reason="Đề nghị gửi ảnh chụp")
    clock.at(vn(2026, 3, 12, 9))  # past the deadline while waiting: breached all the same
    [state] = timers.states_of(referral, clock.now)
    assert state.breached and TimerLevel.BREACH in state.levels
    press(referral, "answer_info", actor=people.security, reason="Đã gửi ảnh")
    assert referral.review_due_at == vn(2026, 3, 11, 9)


def test_a_detention_decision_needs_a_number_and_a_past_date_after_the_referral(people, clock):
    referral = referred(people)
    press(referral, "accept", actor=people.police)
    with pytest.raises(ValidationFailed) as caught:
        detain(referral, people, TUESDAY + timedelta(days=1), number=" ")
    assert set(caught.value.field_errors) == {"number", "decided_at"}
    with pytest.raises(ValidationFailed) as caught:
        detain(referral, people, TUESDAY - timedelta(days=1))
    assert "trước khi hồ sơ được chuyển" in caught.value.field_errors["decided_at"][0]


def test_only_the_holding_unit_records_a_detention_once_after_accepting(people, clock):
    referral = referred(people)
    with pytest.raises(NotAllowed):  # not accepted yet
        detain(referral, people, TUESDAY)
    press(referral, "accept", actor=people.police)
    with pytest.raises(NotAllowed):
        referral_services.record_detention(referral, actor=people.qltt, number="1",
                                           decided_at=TUESDAY,
                                           expected_version=referral.version)
    detain(referral, people, TUESDAY)
    with pytest.raises(NotAllowed):
        detain(referral, people, TUESDAY)


@pytest.mark.parametrize(("now", "levels"), [
    (vn(2026, 3, 4, 2),   []),                                     # 17 of 24 hours used
    (vn(2026, 3, 4, 3),   [TimerLevel.WARNING]),                   # 18 of 24: 75 %
    (vn(2026, 3, 4, 9),   [TimerLevel.WARNING, TimerLevel.BREACH]),
    (vn(2026, 3, 5, 8),   [TimerLevel.WARNING, TimerLevel.BREACH]),
    (vn(2026, 3, 5, 9),   list(TimerLevel)),                       # late by 24 h again
])  # fmt: skip
def test_the_levels_a_timer_reaches(people, clock, now, levels):
    referral = referred(people)
    [state] = timers.states_of(referral, now)
    assert state.timer is Timer.ACK and state.levels == levels


def test_only_running_timers_show(people, clock):
    referral = referred(people)
    assert [s.timer for s in timers.states_of(referral, TUESDAY)] == [Timer.ACK]
    press(referral, "accept", actor=people.police)
    assert timers.states_of(referral, TUESDAY) == []
    detain(referral, people, TUESDAY)
    assert [s.timer for s in timers.states_of(referral, TUESDAY)] == [Timer.REVIEW]
    conclude(referral, officer=people.police)
    assert timers.states_of(referral, TUESDAY) == []
