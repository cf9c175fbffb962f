"""The outbox sender: over real SMTP, retried with backoff, never two senders on one e-mail."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.notifications.models import EmailStatus, OutboxEmail
from caseflow.notifications.sender import backoff, claim, deliver_pending_emails, smtp_connection
from caseflow.workflow.states import CaseStatus
from tests.concurrency import race
from tests.factories import make_case, refer_case
from tests.notifications.conftest import free_port


def queued(world, cases: int = 1) -> list[OutboxEmail]:
    """Refer cases to the police unit: each writes one e-mail per officer (two)."""
    for _ in range(cases):
        case = make_case(firm_user=world.clerk, security=world.security,
                         status=CaseStatus.FLAGGED)
        refer_case(case, actor=world.security, agencies=[world.police_unit])
    db.session.commit()
    return rows()


def rows() -> list[OutboxEmail]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id)))


def test_due_emails_are_sent_over_smtp_and_marked_sent(world, smtp_server):
    emails = queued(world)
    report = deliver_pending_emails()
    assert (report.sent, report.retried, report.failed) == (2, 0, 0)
    assert sorted(smtp_server.message_ids()) == sorted(e.message_id for e in emails)
    assert {m["To"] for m in smtp_server.messages} == {world.police.email, world.police2.email}
    assert all(e.status is EmailStatus.SENT and e.sent_at and e.attempts == 1 for e in rows())
    assert deliver_pending_emails().sent == 0 and len(smtp_server.messages) == 2


def test_the_message_is_vietnamese_and_from_the_configured_sender(world, smtp_server):
    queued(world)
    deliver_pending_emails()
    message = smtp_server.messages[0]
    assert message["From"] == "caseflow@thongbao.example.vn"
    assert message["Message-ID"].endswith("@thongbao.example.vn>")
    assert message["Auto-Submitted"] == "auto-generated"
    assert "đang chờ tiếp nhận" in message["Subject"]
    body = message.get_content()
    assert "Kính gửi anh/chị" in body
    assert "https://caseflow.example.vn/notifications/settings" in body


def test_a_refused_email_waits_and_is_retried_with_doubling_backoff(world, smtp_server, app):
    [first, _] = queued(world)
    smtp_server.refuse_to[first.to_address] = 2  # the server refuses the first one twice
    now = utcnow()
    report = deliver_pending_emails(now=now, limit=1)
    assert (report.sent, report.retried) == (0, 1)
    [row, _] = rows()
    assert row.status is EmailStatus.PENDING and row.attempts == 1 and "451" in row.last_error
    assert row.next_attempt_at == now + timedelta(seconds=60)
    assert deliver_pending_emails(now=now + timedelta(seconds=30), limit=1).sent == 1  # the other
    assert deliver_pending_emails(now=now + timedelta(seconds=59)).sent == 0  # not yet due
    later = now + timedelta(seconds=61)
    assert deliver_pending_emails(now=later).retried == 1
    assert rows()[0].next_attempt_at == later + timedelta(seconds=120)  # doubled
    assert deliver_pending_emails(now=later + timedelta(seconds=121)).sent == 1
    assert rows()[0].status is EmailStatus.SENT and rows()[0].attempts == 3
    assert smtp_server.message_ids().count(first.message_id) == 1


def test_the_backoff_doubles_up_to_its_cap(app):
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30) == timedelta(hours=6)


def test_an_email_still_refused_after_the_last_attempt_is_failed(world, smtp_server,
                                                                    monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    queued(world)
    smtp_server.refuse_next = 10
    now = utcnow()
    deliver_pending_emails(now=now)
    report = deliver_pending_emails(now=now + timedelta(minutes=5))
    assert report.failed == 2 and {r.status for r in rows()} == {EmailStatus.FAILED}
    assert deliver_pending_emails(now=now + timedelta(days=1)).failed == 0


def test_a_server_that_cannot_be_reached_leaves_every_email_for_a_retry(world, smtp_server,
                                                                         monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nobody listens there
    queued(world)
    report = deliver_pending_emails()
    assert (report.sent, report.retried) == (0, 2)
    assert {r.status for r in rows()} == {EmailStatus.PENDING}
    assert all("ConnectionRefusedError" in r.last_error for r in rows())


def test_without_a_mail_server_nothing_is_claimed(world, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    queued(world)
    assert deliver_pending_emails().not_configured
    assert {r.status for r in rows()} == {EmailStatus.PENDING}


def test_a_claimed_email_is_not_claimed_again_while_its_lease_runs(world, app):
    queued(world)
    now = utcnow()
    first_token, first = claim(10, now)
    second_token, second = claim(10, now + timedelta(minutes=9))
    assert len(first) == 2 and second == [] and first_token != second_token


def test_two_senders_at_once_send_each_email_once(world, smtp_server, app):
    emails = queued(world, cases=10)
    reports = race(app, [lambda: lambda: deliver_pending_emails(limit=5) for _ in range(4)])
    assert sum(r.sent for r in reports) == 20, reports
    assert sorted(smtp_server.message_ids()) == sorted(e.message_id for e in emails)
    assert {r.status for r in rows()} == {EmailStatus.SENT}


class Crash(BaseException):
    """The process dies (kill -9, power cut): nothing after this point runs."""


def crash_after_smtp_accepts():
    """Connect for real, then die right after the server took the first message."""
    smtp = smtp_connection()
    send = smtp.send_message

    def send_then_die(message):
        send(message)
        raise Crash()

    smtp.send_message = send_then_die
    return smtp


def test_after_a_crash_before_sending_the_email_goes_once_when_the_lease_ends(world,
                                                                              smtp_server):
    queued(world)
    now = utcnow()
    claim(10, now)  # the sender claimed the rows and died before sending
    assert deliver_pending_emails(now=now + timedelta(minutes=5)).sent == 0  # still leased
    assert deliver_pending_emails(now=now + timedelta(minutes=11)).sent == 2
    assert len(smtp_server.messages) == 2


def test_a_crash_between_smtp_and_marking_resends_with_the_same_message_id(world, smtp_server):
    [first, _] = queued(world)
    now = utcnow()
    with pytest.raises(Crash):
        deliver_pending_emails(now=now, connect=crash_after_smtp_accepts)
    assert smtp_server.message_ids() == [first.message_id]
    assert deliver_pending_emails(now=now + timedelta(minutes=5)).sent == 0  # still leased
    assert deliver_pending_emails(now=now + timedelta(minutes=11)).sent == 2
    # At-least-once: the first e-mail went twice, as the same message (same Message-ID).
    assert smtp_server.message_ids().count(first.message_id) == 2
    assert len(set(smtp_server.message_ids())) == 2


def test_at_most_once_mode_fails_a_crashed_email_instead_of_resending(world, smtp_server,
                                                                      monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_RESEND_AFTER_CRASH", False)
    [first, _] = queued(world)
    now = utcnow()
    with pytest.raises(Crash):
        deliver_pending_emails(now=now, connect=crash_after_smtp_accepts)
    report = deliver_pending_emails(now=now + timedelta(minutes=11))
    assert (report.failed, report.sent) == (2, 0)
    assert smtp_server.message_ids() == [first.message_id]
    assert all("delivery unknown" in r.last_error for r in rows())


def test_the_command_sends_the_outbox(world, smtp_server, app):
    queued(world)
    result = app.test_cli_runner().invoke(args=["notifications", "send-email"])
    assert result.exit_code == 0, result.output
    assert "sent 2" in result.output and len(smtp_server.messages) == 2


def test_the_command_says_when_no_mail_server_is_set(world, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    result = app.test_cli_runner().invoke(args=["notifications", "send-email"])
    assert result.exit_code != 0 and "MAIL_SERVER" in result.output
