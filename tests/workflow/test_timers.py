"""The timers' bookkeeping: due times at issue, the review deadline, its pause and resumption."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from caseflow.accounts.models import OrgKind, Role
from caseflow.workflow import timers
from caseflow.workflow.models import Timer, TimerLevel
from caseflow.workflow.states import CaseStatus, ReferralStatus
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


@pytest.mark.parametrize(("issued", "categories", "due"), [
    # issued (Vietnam time)    categories  acknowledgement due
    (vn(2026, 3, 13, 16),      ("C8",),    vn(2026, 3, 16, 16)),   # Friday → Monday
    (vn(2026, 3, 13, 22),      ("C1",),    vn(2026, 3, 16, 2)),    # critical, late Friday
    (vn(2026, 3, 14, 10),      ("C8",),    vn(2026, 3, 17, 0)),    # on a Saturday
    (vn(2026, 2, 13, 16),      ("C8",),    vn(2026, 2, 23, 16)),   # before Tết
    (vn(2026, 3, 10, 9),       ("C8",),    vn(2026, 3, 11, 9)),    # midweek: 24 clock hours
])  # fmt: skip
def test_acknowledgement_is_due_in_working_hours_from_issue(people, clock, issued, categories,
                                                             due):
    clock.at(issued)
    referral = referred(people, categories)
    assert (referral.issued_at, referral.due_at) == (issued, due)


def test_a_transferred_referral_gets_a_new_deadline_from_the_transfer(people, clock):
    clock.at(vn(2026, 3, 12, 10))
    referral = referred(people)
    clock.at(vn(2026, 3, 13, 16))
    new = transfer(referral, officer=people.police, to=people.qltt.organisation)
    assert new.due_at == vn(2026, 3, 16, 16)


def test_acceptance_starts_a_7_working_day_review(people, clock):
    referral = referred(people)
    assert referral.review_due_at is None
    clock.at(vn(2026, 4, 28, 10))  # Tuesday; 30/4 and 1/5 are off
    press(referral, "accept", actor=people.police)
    assert referral.review_due_at == vn(2026, 5, 11, 10)
    assert referral.review_paused_at is None


def test_waiting_for_information_pauses_the_review_and_the_answer_moves_it_on(people, clock):
    referral = referred(people)
    clock.at(vn(2026, 3, 2, 9))
    press(referral, "accept", actor=people.police)
    assert referral.review_due_at == vn(2026, 3, 11, 9)
    clock.at(vn(2026, 3, 5, 9))  # Thursday: 3 working days used, 4 left
    press(referral, "request_info", actor=people.police, reason="Đề nghị gửi ảnh chụp")
    assert referral.review_paused_at == vn(2026, 3, 5, 9)
    clock.at(vn(2026, 3, 12, 9))  # past the first deadline: paused, nothing reached
    [state] = timers.states_of(referral, clock.now)
    assert state.paused and state.remaining == timedelta(days=4) and state.levels == []
    clock.at(vn(2026, 3, 13, 9))  # Friday: 6 working days waited
    press(referral, "answer_info", actor=people.security, reason="Đã gửi ảnh")
    assert referral.status is ReferralStatus.ACCEPTED
    assert referral.review_paused_at is None
    assert referral.review_due_at == vn(2026, 3, 19, 9)  # 11/3 + 6 working days
    [state] = timers.states_of(referral, clock.now)
    assert state.remaining == timedelta(days=4) and not state.paused


def test_waiting_over_a_weekend_costs_no_review_time(people, clock):
    referral = referred(people)
    clock.at(vn(2026, 3, 2, 9))
    press(referral, "accept", actor=people.police)
    clock.at(vn(2026, 3, 6, 17))  # Friday evening
    press(referral, "request_info", actor=people.police, reason="Đề nghị gửi ảnh chụp")
    clock.at(vn(2026, 3, 8, 20))  # answered on Sunday
    press(referral, "answer_info", actor=people.security, reason="Đã gửi ảnh")
    assert referral.review_due_at == vn(2026, 3, 11, 16)  # 11/3 09:00 + 7 h of Friday


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
    assert [s.timer for s in timers.states_of(referral, TUESDAY)] == [Timer.REVIEW]
    conclude(referral, officer=people.police)
    assert timers.states_of(referral, TUESDAY) == []


def test_a_referral_accepted_before_the_timers_existed_keeps_working(people, clock):
    referral = referred(people)
    press(referral, "accept", actor=people.police)
    referral.review_due_at = None  # as the migration leaves older referrals
    press(referral, "request_info", actor=people.police, reason="Đề nghị gửi ảnh chụp")
    press(referral, "answer_info", actor=people.security, reason="Đã gửi ảnh")
    assert (referral.review_due_at, referral.review_paused_at) == (None, None)
    assert timers.states_of(referral, TUESDAY) == []
