"""`flask timers run`: each warning and escalation goes out once, to the right people."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.notifications.models import Notification
from caseflow.referrals import services as referral_services
from caseflow.workflow import escalation
from caseflow.workflow.models import Timer, TimerLevel, TimerNotice
from caseflow.workflow.states import CaseStatus
from tests.clock import pin_clock, vn
from tests.factories import make_case, make_org, make_user, press, refer_case

W, B, N = TimerLevel.WARNING, TimerLevel.BREACH, TimerLevel.NATIONAL


@pytest.fixture
def clock(monkeypatch):
    return pin_clock(monkeypatch, vn(2026, 3, 3, 9))  # Tuesday 09:00


@pytest.fixture
def people(app):
    """A firm and a police unit in Hà Nội, their supervisors, and bystanders."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
    police = make_org(kind=OrgKind.POLICE, province_code="01")
    return SimpleNamespace(
        clerk=make_user(role=Role.FIRM_CLERK, org=firm),
        security=make_user(role=Role.FIRM_SECURITY, org=firm),
        officers=[make_user(role=Role.AGENCY_OFFICER, org=police) for _ in range(2)],
        retired=make_user(role=Role.AGENCY_OFFICER, org=police, active=False),
        other_unit=make_user(role=Role.AGENCY_OFFICER),
        province=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01"),
        far_province=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79"),
        national=make_user(role=Role.NATIONAL_SUPERVISOR), police=police)


def referred(people, categories=("C8",)):
    case = make_case(firm_user=people.clerk, security=people.security, status=CaseStatus.FLAGGED,
                     categories=categories)
    [referral] = refer_case(case, actor=people.security, agencies=[people.police])
    # The officers heard of the new referral (notifications/events.py); count the timers only.
    db.session.execute(sa.delete(Notification))
    db.session.commit()
    return referral


def run(clock, moment) -> dict:
    """Run the timers at that moment and commit, as the command does; return what was sent."""
    clock.at(moment)
    sent = escalation.run()
    db.session.commit()
    return {(timer.value, level.value): n for (timer, level), n in sent.items()}


def inbox(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.text)
                                   .where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def who_heard(people) -> dict[str, int]:
    names = ("officers", "retired", "other_unit", "province", "far_province", "national",
             "security")
    counts = {}
    for name in names:
        users = getattr(people, name)
        counts[name] = sum(len(inbox(u)) for u in (users if isinstance(users, list) else [users]))
    return {name: n for name, n in counts.items() if n}


def audited() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action)
                                   .where(AuditEvent.action.like("referral.timer_%"))
                                   .order_by(AuditEvent.id)))


def test_each_level_is_sent_once_at_75_percent_breach_and_double_breach(people, clock):
    referral = referred(people)  # due Wednesday 09:00
    assert run(clock, vn(2026, 3, 4, 2)) == {}                        # 17 of 24 hours
    assert run(clock, vn(2026, 3, 4, 3)) == {("ack", "warning"): 1}   # 18 of 24: 75 %
    assert run(clock, vn(2026, 3, 4, 3, 10)) == {}
    assert who_heard(people) == {"officers": 2}
    assert "75%" in inbox(people.officers[0])[0] and referral.case.reference \
        in inbox(people.officers[0])[0]
    assert run(clock, vn(2026, 3, 4, 9)) == {("ack", "breach"): 1}
    assert run(clock, vn(2026, 3, 4, 12)) == {}
    assert who_heard(people) == {"officers": 2, "province": 1}
    assert run(clock, vn(2026, 3, 5, 9)) == {("ack", "national"): 1}
    assert run(clock, vn(2026, 3, 9, 9)) == {}
    assert who_heard(people) == {"officers": 2, "province": 1, "national": 1}
    assert audited() == ["referral.timer_warning", "referral.timer_breach",
                         "referral.timer_national"]
    notices = db.session.scalars(sa.select(TimerNotice).order_by(TimerNotice.id)).all()
    assert [(n.timer, n.level, n.recipients) for n in notices] == [
        (Timer.ACK, W, 2), (Timer.ACK, B, 1), (Timer.ACK, N, 1)]


def test_the_acknowledgement_target_runs_through_the_weekend(people, clock):
    clock.at(vn(2026, 3, 13, 16))  # Friday 16:00: target Saturday 16:00, in clock hours
    referred(people)
    assert run(clock, vn(2026, 3, 14, 9)) == {}  # 17 of 24 hours
    assert run(clock, vn(2026, 3, 14, 10)) == {("ack", "warning"): 1}
    assert run(clock, vn(2026, 3, 14, 16)) == {("ack", "breach"): 1}


def test_a_late_first_run_sends_every_level_reached_each_to_its_audience(people, clock):
    referred(people)
    assert run(clock, vn(2026, 3, 10, 9)) == {("ack", "warning"): 1, ("ack", "breach"): 1,
                                               ("ack", "national"): 1}
    assert run(clock, vn(2026, 3, 10, 10)) == {}
    assert who_heard(people) == {"officers": 2, "province": 1, "national": 1}


def test_a_restricted_case_escalates_to_the_ministry_not_the_province(people, clock):
    referred(people, categories=("C5",))  # restricted, critical: 4 clock hours
    assert run(clock, vn(2026, 3, 3, 13)) == {("ack", "warning"): 1, ("ack", "breach"): 1}
    assert who_heard(people) == {"officers": 2, "national": 1}


def test_an_acknowledged_referral_stops_its_acknowledgement_timer(people, clock):
    referral = referred(people)
    run(clock, vn(2026, 3, 4, 3))
    press(referral, "accept", actor=people.officers[0])
    db.session.commit()
    assert run(clock, vn(2026, 3, 20, 9)) == {}  # no detention decision: no detention timer


def test_the_detention_timer_warns_and_escalates_while_the_firm_is_asked(people, clock):
    clock.at(vn(2026, 3, 2, 8))
    referral = referred(people)
    clock.at(vn(2026, 3, 2, 9))
    press(referral, "accept", actor=people.officers[0])
    referral_services.record_detention(referral, actor=people.officers[0], number="5/QĐ-TGTV",
                                       decided_at=vn(2026, 3, 2, 9),
                                       expected_version=referral.version)
    db.session.commit()  # detention due 11/3 09:00
    assert run(clock, vn(2026, 3, 9, 14)) == {}  # 5 days 5 h of 7 days: under 75 %
    assert run(clock, vn(2026, 3, 9, 15)) == {("review", "warning"): 1}
    clock.at(vn(2026, 3, 10, 9))
    press(referral, "request_info", actor=people.officers[0], reason="Đề nghị gửi ảnh chụp")
    db.session.commit()
    assert run(clock, vn(2026, 3, 11, 9)) == {("review", "breach"): 1}  # not paused
    assert run(clock, vn(2026, 3, 20, 9)) == {("review", "national"): 1}
    assert who_heard(people) == {"officers": 2, "province": 1, "national": 1,
                                  "security": 1}  # heard of the info request


def test_the_command_runs_and_commits(people, clock, app):
    referred(people)
    clock.at(vn(2026, 3, 4, 9))
    result = app.test_cli_runner().invoke(args=["timers", "run"])
    assert result.exit_code == 0, result.output
    assert "ack warning: 1" in result.output and "ack breach: 1" in result.output
    again = app.test_cli_runner().invoke(args=["timers", "run"])
    assert again.output.strip() == "nothing due"
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TimerNotice)) == 2
