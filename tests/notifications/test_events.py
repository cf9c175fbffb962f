"""Each workflow event that asks someone to act notifies exactly the people who must act."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import Role
from caseflow.cases import services as case_services
from caseflow.extensions import db
from caseflow.notifications.events import EVENTS, kinds_for
from caseflow.notifications.models import Notification, NotificationKind, OutboxEmail
from caseflow.workflow.states import CaseStatus
from tests.factories import conclude, make_case, press, refer_case, transfer
from tests.notifications.conftest import names_of

FIRM_SECURITY = {"security", "security2"}
POLICE = {"police", "police2"}


def case_at(world, status: CaseStatus, categories=("C8",)):
    return make_case(firm_user=world.clerk, security=world.security, officer=world.police,
                     status=status, categories=categories)


def refer(world, case):
    refer_case(case, actor=world.security, agencies=[world.police_unit])


def reopen(world, case):
    case_services.reopen(case, actor=world.province, reason="Có tình tiết mới",
                         expected_version=case.version)


#: event → (status before it, the step, who must hear of it). From the issue: new referral →
#: the unit's officers; decline, transfer, information request → the firm's security officers;
#: conclusion → the firm and the province's supervisors; reopen → the units that held it.
MATRIX = {
    "refer": (CaseStatus.FLAGGED, refer, POLICE),
    "accept": (CaseStatus.REFERRED,
               lambda w, c: press(c.referrals[-1], "accept", actor=w.police), set()),
    "decline": (CaseStatus.REFERRED, lambda w, c: press(
        c.referrals[-1], "decline", actor=w.police, reason="Không thuộc thẩm quyền"),
        FIRM_SECURITY),
    "transfer": (CaseStatus.REFERRED,
                 lambda w, c: transfer(c.referrals[-1], officer=w.police, to=w.customs_unit),
                 FIRM_SECURITY | {"customs"}),
    "request_info": (CaseStatus.INVESTIGATING, lambda w, c: press(
        c.referrals[-1], "request_info", actor=w.police, reason="Đề nghị gửi ảnh"),
        FIRM_SECURITY),
    "conclude": (CaseStatus.INVESTIGATING,
                 lambda w, c: conclude(c.referrals[-1], officer=w.police),
                 FIRM_SECURITY | {"province"}),
    "close": (CaseStatus.CONCLUDED, lambda w, c: case_services.close(
        c, actor=w.security, disposition="confiscated", note="", expected_version=c.version),
        set()),
    "reopen": (CaseStatus.CLOSED, reopen, POLICE),
}


def heard_after(marker: int, model=Notification) -> Counter:
    return Counter(db.session.scalars(sa.select(model.user_id).where(model.id > marker)))


def last_id(model=Notification) -> int:
    return db.session.scalar(sa.select(sa.func.max(model.id))) or 0


@pytest.mark.parametrize("event", list(MATRIX))
def test_each_event_notifies_exactly_the_people_who_must_act(world, event):
    status, step, expected = MATRIX[event]
    case = case_at(world, status)
    notes, mails = last_id(), last_id(OutboxEmail)
    step(world, case)
    db.session.commit()
    in_app, email = heard_after(notes), heard_after(mails, OutboxEmail)
    assert names_of(world, in_app) == expected
    assert names_of(world, email) == expected
    assert set(in_app.values()) | set(email.values()) <= {1}  # once each


def test_a_restricted_case_concluded_reaches_the_firm_but_not_the_province(world):
    case = case_at(world, CaseStatus.INVESTIGATING, categories=("C5",))
    marker = last_id()
    conclude(case.referrals[-1], officer=world.police)
    assert names_of(world, heard_after(marker)) == FIRM_SECURITY


def test_a_reopened_case_reaches_only_the_units_that_held_it(world):
    case = case_at(world, CaseStatus.REFERRED)
    transfer(case.referrals[-1], officer=world.police, to=world.customs_unit)
    press(case.referrals[-1], "accept", actor=world.customs)
    conclude(case.referrals[-1], officer=world.customs)
    case_services.close(case, actor=world.security, disposition="confiscated", note="",
                        expected_version=case.version)
    marker = last_id()
    reopen(world, case)
    assert names_of(world, heard_after(marker)) == {"customs"}


def test_the_notification_names_the_case_and_links_to_it(world):
    case = case_at(world, CaseStatus.REFERRED)
    [note] = db.session.scalars(sa.select(Notification).where(
        Notification.user_id == world.police.id))
    assert case.reference in note.text and note.url == f"/cases/{case.id}"
    assert "tiếp nhận" in note.text


def test_every_kind_has_one_event_and_is_offered_to_its_audience():
    assert sorted(e.kind for e in EVENTS.values()) == sorted(NotificationKind)
    assert kinds_for(Role.AGENCY_OFFICER) == [NotificationKind.NEW_REFERRAL,
                                              NotificationKind.CASE_REOPENED]
    assert kinds_for(Role.PROVINCIAL_SUPERVISOR) == [NotificationKind.CASE_CONCLUDED]
    assert kinds_for(Role.ADMIN) == [] and kinds_for(Role.FIRM_CLERK) == []
