"""Write e-mails to the outbox in the event's transaction, and build them for sending.

An e-mail carries the case reference, one sentence and a link, never personal data: the
recipient opens the case after logging in. Its Message-ID is fixed when the row is written,
so every resend of the row is recognisably the same message.
"""

from __future__ import annotations

import uuid
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app
from flask_babel import force_locale

from caseflow.accounts.models import User
from caseflow.extensions import db
from caseflow.notifications.models import NotificationKind, OutboxEmail

#: E-mails are written in Vietnamese: users have no stored language of their own (the
#: interface language lives in the browser session only).
EMAIL_LOCALE = "vi"


def queue(user: User, kind: NotificationKind, *, text: str, path: str) -> OutboxEmail:
    """Add one e-mail for the user to the outbox; the caller's commit makes it real."""
    row = OutboxEmail(user_id=user.id, kind=kind, to_address=user.email, subject=text[:300],
                      body=render_body(text=text, path=path), message_id=new_message_id())
    db.session.add(row)
    return row


def render_body(*, text: str, path: str) -> str:
    """Render the plain-text body: the sentence, the link, where to switch e-mails off."""
    base = current_app.config["MAIL_BASE_URL"].rstrip("/")
    template = current_app.jinja_env.get_template("notifications/email.txt")
    with force_locale(EMAIL_LOCALE):
        return template.render(text=text, link=base + path,
                               settings_link=base + "/notifications/settings")


def new_message_id() -> str:
    """Return a fresh, globally unique Message-ID in the sender's domain."""
    sender = current_app.config["MAIL_FROM"]
    domain = sender.rsplit("@", 1)[-1].strip(">") if "@" in sender else "caseflow.local"
    return f"<{uuid.uuid4().hex}@{domain}>"


def build_message(row, sender: str) -> EmailMessage:
    """Build the message of an outbox row (a row object or a Row of its columns)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Message-ID"] = row.message_id
    message["Date"] = format_datetime(row.created_at)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    message.set_content(row.body)
    return message
