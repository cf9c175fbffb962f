"""The engine: guards, the timeline and audit rows it writes, and the case status it derives."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.audit.models import AuditEvent
from caseflow.cases import services as case_services
from caseflow.cases.models import Case
from caseflow.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.workflow import engine
from caseflow.workflow.models import TimelineEntry
from caseflow.workflow.states import CaseStatus, ReferralStatus
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


@pytest.fixture
def people(app):
    """A firm in Hà Nội with its clerk and security officer, units, supervisors, an admin."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
    return SimpleNamespace(
        clerk=make_user(role=Role.FIRM_CLERK, org=firm),
        security=make_user(role=Role.FIRM_SECURITY, org=firm),
        other_security=make_user(role=Role.FIRM_SECURITY),
        police=make_officer(kind=OrgKind.POLICE, province_code="01"),
        qltt=make_officer(kind=OrgKind.MARKET_SURVEILLANCE, province_code="01"),
        other_police=make_officer(kind=OrgKind.POLICE, province_code="79"),
        supervisor_hcm=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79"),
        national=make_user(role=Role.NATIONAL_SUPERVISOR),
        admin=make_user(role=Role.ADMIN),
    )


def a_case(people, status: CaseStatus) -> Case:
    return make_case(firm_user=people.clerk, security=people.security, officer=people.police,
                     status=status)


def a_referral(people, status: ReferralStatus):
    case_status = CaseStatus.REFERRED if status is ReferralStatus.ISSUED \
        else CaseStatus.INVESTIGATING
    referral = a_case(people, case_status).referrals[-1]
    if status is ReferralStatus.INFO_REQUESTED:
        press(referral, "request_info", actor=people.police, reason="Đề nghị gửi ảnh chụp")
    assert referral.status is status
    return referral


def counts() -> tuple[int, int]:
    """Return how many timeline rows and audit events there are."""
    return (db.session.scalar(sa.select(sa.func.count()).select_from(TimelineEntry)),
            db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)))


def last(model):
    return db.session.scalars(sa.select(model).order_by(model.id.desc()).limit(1)).one()


S, RS = CaseStatus, ReferralStatus
STEPS = [
    # on         starting in        transition      by          reason            ends in
    ("case",     S.DRAFT,           "discard",      "clerk",    "",               "withdrawn"),
    ("case",     S.FLAGGED,         "withdraw",     "security", "Báo nhầm",       "withdrawn"),
    ("case",     S.CONCLUDED,       "close",        "security", "",               "closed"),
    ("case",     S.CLOSED,          "reopen",       "national", "Chứng cứ mới",   "flagged"),
    ("referral", RS.ISSUED,         "accept",       "police",   "",               "accepted"),
    ("referral", RS.ISSUED,         "decline",      "police",   "Sai thẩm quyền", "declined"),
    ("referral", RS.ACCEPTED,       "request_info", "police",   "Gửi hóa đơn",    "info_requested"),
    ("referral", RS.INFO_REQUESTED, "answer_info",  "clerk",    "Đã gửi",         "accepted"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "start", "name", "who", "reason", "target"), STEPS,
                         ids=[f"{kind}-{name}" for kind, _, name, *_ in STEPS])
def test_each_transition_writes_one_timeline_row_and_one_audit_event_in_its_transaction(
        people, kind, start, name, who, reason, target):
    obj = a_case(people, start) if kind == "case" else a_referral(people, start)
    actor = getattr(people, who)
    db.session.commit()
    before = counts()

    engine.apply(obj, name, actor=actor, reason=reason, expected_version=obj.version)
    assert obj.status.value == target
    db.session.rollback()  # the whole transition goes, timeline row and audit event alike
    assert (obj.status, counts()) == (start, before)

    engine.apply(obj, name, actor=actor, reason=reason, expected_version=obj.version)
    db.session.commit()
    assert counts() == (before[0] + 1, before[1] + 1)
    entry, event = last(TimelineEntry), last(AuditEvent)
    assert (entry.actor_id, entry.transition, entry.from_status, entry.to_status, entry.text) \
        == (actor.id, name, start.value, target, reason)
    assert entry.referral_id == (obj.id if kind == "referral" else None)
    assert (event.action, event.actor_id, event.object_type, event.object_id) \
        == (f"{kind}.{name}", actor.id, kind, obj.id)


@pytest.mark.parametrize(("status", "name", "who"), [
    (CaseStatus.FLAGGED, "withdraw", "clerk"),               # role not in the table
    (CaseStatus.FLAGGED, "withdraw", "other_security"),      # another firm's security
    (CaseStatus.FLAGGED, "refer", "supervisor_hcm"),         # another province's supervisor
    (CaseStatus.FLAGGED, "refer", "admin"),
    (CaseStatus.REFERRED, "start_investigation", "national"),  # the engine's own transition
    (CaseStatus.INVESTIGATING, "conclude", "police"),
    (CaseStatus.FLAGGED, "no_such_transition", "security"),
])
def test_apply_refuses_a_case_transition_to_the_wrong_person_with_not_allowed(
        people, status, name, who):
    case = a_case(people, status)
    db.session.commit()
    before = (case.version, counts())
    with pytest.raises(NotAllowed):
        engine.apply(case, name, actor=getattr(people, who), reason="Lý do",
                     expected_version=case.version)
    db.session.commit()  # a refusal leaves nothing behind, even if committed
    assert case.status is status
    assert (case.version, counts()) == before


@pytest.mark.parametrize("who", ["other_police", "qltt", "clerk", "national"])
def test_apply_refuses_accepting_a_referral_of_another_unit_with_not_allowed(people, who):
    referral = a_referral(people, ReferralStatus.ISSUED)
    with pytest.raises(NotAllowed):
        engine.apply(referral, "accept", actor=getattr(people, who),
                     expected_version=referral.version)
    assert referral.status is ReferralStatus.ISSUED


@pytest.mark.parametrize(("status", "name", "who"), [
    (CaseStatus.FLAGGED, "close", "security"),
    (CaseStatus.CLOSED, "withdraw", "security"),
    (CaseStatus.REFERRED, "refer", "national"),
    (CaseStatus.WITHDRAWN, "submit", "clerk"),
])
def test_apply_refuses_a_transition_from_the_wrong_state_with_conflict(people, status, name,
                                                                        who):
    case = a_case(people, status)
    with pytest.raises(Conflict):
        engine.apply(case, name, actor=getattr(people, who), reason="Lý do",
                     expected_version=case.version)
    assert case.status is status


def test_apply_refuses_accepting_an_accepted_referral_with_conflict(people):
    referral = a_referral(people, ReferralStatus.ACCEPTED)
    with pytest.raises(Conflict):
        engine.apply(referral, "accept", actor=people.police, expected_version=referral.version)


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_apply_asks_for_the_reason_a_transition_needs(people, reason):
    case = a_case(people, CaseStatus.FLAGGED)
    db.session.commit()
    before = counts()
    with pytest.raises(ValidationFailed) as error:
        engine.apply(case, "withdraw", actor=people.security, reason=reason,
                     expected_version=case.version)
    assert "reason" in error.value.field_errors
    db.session.commit()
    assert case.status is CaseStatus.FLAGGED
    assert counts() == before


def test_declining_a_referral_without_a_reason_is_refused(people):
    referral = a_referral(people, ReferralStatus.ISSUED)
    with pytest.raises(ValidationFailed):
        engine.apply(referral, "decline", actor=people.police, expected_version=referral.version)
    assert referral.status is ReferralStatus.ISSUED


def test_apply_refuses_a_stale_version_with_conflict(people):
    case = a_case(people, CaseStatus.FLAGGED)
    with pytest.raises(Conflict):
        engine.apply(case, "withdraw", actor=people.security, reason="Báo nhầm",
                     expected_version=case.version - 1)
    assert case.status is CaseStatus.FLAGGED


def test_a_writer_who_lost_the_race_at_flush_gets_conflict(people):
    case = a_case(people, CaseStatus.FLAGGED)
    db.session.commit()
    table = Case.__table__
    db.session.execute(table.update().where(table.c.id == case.id)
                       .values(version=table.c.version + 1))  # someone else's write
    with pytest.raises(Conflict):
        engine.apply(case, "withdraw", actor=people.security, reason="Báo nhầm")


# --- sync_case: the case follows the referrals of its current round ---------------------


def system_entry(case: Case) -> TimelineEntry:
    entry = last(TimelineEntry)
    assert (entry.case_id, entry.actor_id, entry.referral_id) == (case.id, None, None)
    return entry


def test_case_returns_to_flagged_when_every_referral_is_declined(people):
    case = a_case(people, CaseStatus.FLAGGED)
    police, qltt = refer_case(case, actor=people.security,
                              agencies=[people.police.organisation, people.qltt.organisation])
    press(police, "decline", actor=people.police, reason="Không thuộc thẩm quyền")
    assert case.status is CaseStatus.REFERRED
    press(qltt, "decline", actor=people.qltt, reason="Không thuộc thẩm quyền")
    assert case.status is CaseStatus.FLAGGED
    assert system_entry(case).transition == "return_for_routing"


def test_case_is_investigating_once_one_referral_is_accepted(people):
    case = a_case(people, CaseStatus.FLAGGED)
    police, qltt = refer_case(case, actor=people.security,
                              agencies=[people.police.organisation, people.qltt.organisation])
    press(qltt, "accept", actor=people.qltt)
    assert case.status is CaseStatus.INVESTIGATING
    assert police.status is ReferralStatus.ISSUED
    assert system_entry(case).transition == "start_investigation"


def test_transferring_the_only_accepted_referral_sends_the_case_back_to_referred(people):
    case = a_case(people, CaseStatus.INVESTIGATING)
    new = transfer(case.referrals[0], officer=people.police, to=people.qltt.organisation)
    assert new.status is ReferralStatus.ISSUED
    assert case.status is CaseStatus.REFERRED
    assert system_entry(case).transition == "await_acceptance"


def test_case_is_concluded_when_its_last_open_referral_is_resolved(people):
    case = a_case(people, CaseStatus.FLAGGED)
    police, qltt = refer_case(case, actor=people.security,
                              agencies=[people.police.organisation, people.qltt.organisation])
    press(police, "accept", actor=people.police)
    press(qltt, "accept", actor=people.qltt)
    conclude(police, officer=people.police)
    assert case.status is CaseStatus.INVESTIGATING
    conclude(qltt, officer=people.qltt)
    assert case.status is CaseStatus.CONCLUDED
    assert system_entry(case).transition == "conclude"


def test_case_is_concluded_when_one_referral_is_resolved_and_the_other_declined(people):
    case = a_case(people, CaseStatus.FLAGGED)
    police, qltt = refer_case(case, actor=people.security,
                              agencies=[people.police.organisation, people.qltt.organisation])
    press(police, "accept", actor=people.police)
    conclude(police, officer=people.police)
    assert case.status is CaseStatus.INVESTIGATING
    press(qltt, "decline", actor=people.qltt, reason="Không thuộc thẩm quyền")
    assert case.status is CaseStatus.CONCLUDED


def test_reopened_case_ignores_the_referrals_of_the_first_round(people):
    case = a_case(people, CaseStatus.CLOSED)  # round 1: resolved by the police
    case_services.reopen(case, actor=people.national, reason="Có chứng cứ mới",
                         expected_version=case.version)
    assert (case.status, case.round) == (CaseStatus.FLAGGED, 2)

    [qltt] = refer_case(case, actor=people.security, agencies=[people.qltt.organisation])
    assert qltt.round == 2
    assert case.status is CaseStatus.REFERRED  # not investigating: round 1 does not count
    press(qltt, "decline", actor=people.qltt, reason="Không thuộc thẩm quyền")
    assert case.status is CaseStatus.FLAGGED  # not concluded: round 1 does not count
