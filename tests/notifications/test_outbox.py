"""E-mails are written in the event's transaction, as each user chose, without personal data."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.extensions import db
from caseflow.notifications import services
from caseflow.notifications.models import (
    Channel,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationOptOut,
    OutboxEmail,
)
from caseflow.notifications.sender import deliver_pending_emails
from caseflow.workflow.states import CaseStatus
from tests.factories import conclude, flag_data, make_case, press, refer_case, transfer


def outbox_for(user) -> list[OutboxEmail]:
    return list(db.session.scalars(sa.select(OutboxEmail).where(OutboxEmail.user_id == user.id)))


def inbox_for(user) -> list[Notification]:
    return list(db.session.scalars(sa.select(Notification)
                                   .where(Notification.user_id == user.id)))


def flagged(world):
    case = make_case(firm_user=world.clerk, security=world.security, status=CaseStatus.FLAGGED)
    db.session.commit()
    return case


def test_the_email_is_written_in_the_transaction_of_its_event(world):
    case = flagged(world)
    refer_case(case, actor=world.security, agencies=[world.police_unit])
    [row] = outbox_for(world.police)  # flushed with the referral
    assert row.status is EmailStatus.PENDING and row.to_address == world.police.email
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail)) == 0


def test_the_committed_event_leaves_its_email_for_the_sender(world):
    case = flagged(world)
    refer_case(case, actor=world.security, agencies=[world.police_unit])
    db.session.commit()
    db.session.expire_all()
    assert len(outbox_for(world.police)) == 1 and len(outbox_for(world.police2)) == 1


def test_a_user_who_switched_email_off_gets_the_in_app_line_only(world):
    db.session.add(NotificationOptOut(user_id=world.police.id, kind=NotificationKind.NEW_REFERRAL,
                                      channel=Channel.EMAIL))
    refer_case(flagged(world), actor=world.security, agencies=[world.police_unit])
    assert outbox_for(world.police) == [] and len(inbox_for(world.police)) == 1
    assert len(outbox_for(world.police2)) == 1


def test_a_user_who_switched_in_app_off_gets_the_email_only(world):
    db.session.add(NotificationOptOut(user_id=world.police.id, kind=NotificationKind.NEW_REFERRAL,
                                      channel=Channel.IN_APP))
    refer_case(flagged(world), actor=world.security, agencies=[world.police_unit])
    assert inbox_for(world.police) == [] and len(outbox_for(world.police)) == 1


def test_switching_one_kind_off_leaves_the_other_kinds_on(world):
    db.session.add(NotificationOptOut(user_id=world.police.id, kind=NotificationKind.CASE_REOPENED,
                                      channel=Channel.EMAIL))
    refer_case(flagged(world), actor=world.security, agencies=[world.police_unit])
    assert len(outbox_for(world.police)) == 1


def test_a_user_without_an_email_address_gets_the_in_app_line_only(world):
    world.police.email = ""
    refer_case(flagged(world), actor=world.security, agencies=[world.police_unit])
    assert outbox_for(world.police) == [] and len(inbox_for(world.police)) == 1


def test_saving_settings_switches_off_every_offered_pair_not_ticked(world):
    offered = [NotificationKind.NEW_REFERRAL, NotificationKind.CASE_REOPENED]
    services.save_settings(world.police, offered=offered, switched_on={
        (NotificationKind.NEW_REFERRAL, Channel.IN_APP),
        (NotificationKind.CASE_REOPENED, Channel.IN_APP),
        (NotificationKind.CASE_REOPENED, Channel.EMAIL)})
    assert services.settings_of(world.police) == {(NotificationKind.NEW_REFERRAL, Channel.EMAIL)}
    services.save_settings(world.police, offered=offered, switched_on={
        (k, c) for k in offered for c in Channel})
    assert services.settings_of(world.police) == set()


PERSONAL = ("sender_name", "sender_phone", "sender_address", "sender_id_number",
            "recipient_name", "recipient_phone", "recipient_address", "description",
            "declared_contents", "tracking_number", "acceptance_office", "held_at")


def test_no_email_carries_personal_data_only_the_reference_and_a_link(world, smtp_server):
    data = flag_data()
    case = make_case(firm_user=world.clerk, security=world.security, status=CaseStatus.REFERRED,
                     officer=world.police, tracking_number=data["tracking_number"])
    press(case.referrals[-1], "accept", actor=world.police)
    press(case.referrals[-1], "request_info", actor=world.police,
          reason=f"Cần số điện thoại {data['sender_phone']}")
    press(case.referrals[-1], "answer_info", actor=world.security, reason="Đã gửi")
    transfer(case.referrals[-1], officer=world.police, to=world.customs_unit,
             reason=f"Người gửi {data['sender_name']} ở tỉnh khác")
    press(case.referrals[-1], "accept", actor=world.customs)
    conclude(case.referrals[-1], officer=world.customs)
    db.session.commit()
    assert deliver_pending_emails().sent == len(smtp_server.messages) >= 8
    people = [u.full_name for u in vars(world).values() if hasattr(u, "full_name")]
    forbidden = [data[f] for f in PERSONAL] + people + [world.police_unit.name,
                                                          world.customs_unit.name]
    for message in smtp_server.messages:
        text = message["Subject"] + "\n" + message.get_content()
        assert case.reference in message["Subject"]
        assert f"https://caseflow.example.vn/cases/{case.id}" in text
        assert not [word for word in forbidden if word in text], text
