"""A real SMTP server on 127.0.0.1 (aiosmtpd), and the people of the notification tests."""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller

from caseflow.accounts.models import OrgKind, Role
from caseflow.extensions import db
from tests.factories import make_org, make_user


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it receives, or refuses the next few messages."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse_next = 0
        #: Refuse this many messages to this address (the rest go through).
        self.refuse_to: dict[str, int] = {}
        self.refusal = "451 4.3.0 Try again later"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse_next:
            self.refuse_next -= 1
            return self.refusal
        for address in envelope.rcpt_tos:
            if self.refuse_to.get(address):
                self.refuse_to[address] -= 1
                return self.refusal
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def message_ids(self) -> list[str]:
        return [m["Message-ID"].strip() for m in self.messages]


@pytest.fixture
def smtp_server(app, monkeypatch):
    """Start an SMTP server on a free local port and point the app's mail settings at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    for key, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False,
                       "MAIL_USE_SSL": False, "MAIL_USERNAME": "", "MAIL_FROM":
                       "caseflow@thongbao.example.vn", "MAIL_BASE_URL":
                       "https://caseflow.example.vn", "MAIL_TIMEOUT_SECONDS": 5}.items():
        monkeypatch.setitem(app.config, key, value)
    yield inbox
    controller.stop()


def _with_email(user):
    user.email = f"{user.username}@example.vn"
    return user


@pytest.fixture
def world(app):
    """A firm and its case's province (Hà Nội), two agency units, supervisors and bystanders."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
    police = make_org(kind=OrgKind.POLICE, province_code="01")
    customs = make_org(kind=OrgKind.CUSTOMS, province_code="01")
    people = SimpleNamespace(
        clerk=make_user(role=Role.FIRM_CLERK, org=firm),
        security=make_user(role=Role.FIRM_SECURITY, org=firm),
        security2=make_user(role=Role.FIRM_SECURITY, org=firm),
        retired_security=make_user(role=Role.FIRM_SECURITY, org=firm, active=False),
        other_firm=make_user(role=Role.FIRM_SECURITY),
        police=make_user(role=Role.AGENCY_OFFICER, org=police),
        police2=make_user(role=Role.AGENCY_OFFICER, org=police),
        customs=make_user(role=Role.AGENCY_OFFICER, org=customs),
        other_unit=make_user(role=Role.AGENCY_OFFICER),
        province=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01"),
        far_province=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79"),
        national=make_user(role=Role.NATIONAL_SUPERVISOR),
        admin=make_user(role=Role.ADMIN),
        police_unit=police, customs_unit=customs)
    for value in vars(people).values():
        if hasattr(value, "username"):
            _with_email(value)
    db.session.commit()
    return people


def names_of(world, user_ids) -> set[str]:
    """Name the people of the world by their user ids."""
    by_id = {v.id: k for k, v in vars(world).items() if hasattr(v, "username")}
    return {by_id[i] for i in user_ids}
