"""Send the outbox over SMTP: claim due rows under a lease, send each, mark it, commit.

`deliver_pending_emails()` needs an app context, no request; the periodic job (or
`flask --app wsgi notifications send-email`) calls it. Guarantees (docs/notifications.md):

- Two senders never hold the same row: rows are claimed by a conditional UPDATE (status
  pending and due, or a lease that ran out) of rows locked `FOR UPDATE SKIP LOCKED` on
  PostgreSQL, chosen by a subquery of the same statement on SQLite.
- A failed send is retried later, BACKOFF × 2^(n-1) seconds after the n-th failure, until
  MAIL_MAX_ATTEMPTS; then the row is failed.
- A crash after the SMTP server took the message and before "sent" was committed leaves the
  row claimed; when its lease runs out it is sent again with the same Message-ID
  (at-least-once), or, with MAIL_RESEND_AFTER_CRASH off, failed for a person to check
  (at-most-once). Nothing else sends a row twice.
"""

from __future__ import annotations

import secrets
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.notifications.models import EmailStatus, OutboxEmail
from caseflow.notifications.outbox import build_message

T = OutboxEmail.__table__
#: Errors after which the connection is unusable: the rest of the batch waits for a retry.
CONNECTION_ERRORS = (smtplib.SMTPServerDisconnected, OSError)


@dataclass
class DeliveryReport:
    """What one run did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    not_configured: bool = False


def deliver_pending_emails(*, limit: int = 100, now: datetime | None = None,
                           connect=None) -> DeliveryReport:
    """Send up to `limit` due e-mails; commit after each (call inside an app context)."""
    config, report = current_app.config, DeliveryReport()
    if not config["MAIL_SERVER"] and connect is None:
        report.not_configured = True
        return report
    now = now or utcnow()
    report.failed += give_up_stale(now)
    token, rows = claim(limit, now)
    if not rows:
        return report
    try:
        smtp = (connect or smtp_connection)()
    except (smtplib.SMTPException, OSError) as exc:
        for row in rows:
            _failed(row, token, exc, now, report)
        return report
    with smtp:
        _send_all(smtp, rows, token, now, report)
    return report


def _send_all(smtp, rows, token: str, now: datetime, report: DeliveryReport) -> None:
    """Send each claimed row on one connection, marking and committing one by one."""
    sender = current_app.config["MAIL_FROM"]
    for index, row in enumerate(rows):
        try:
            smtp.send_message(build_message(row, sender))
        except CONNECTION_ERRORS as exc:
            for rest in rows[index:]:
                _failed(rest, token, exc, now, report)
            return
        except smtplib.SMTPException as exc:
            _failed(row, token, exc, now, report)
            continue
        _mark(row, token, status=EmailStatus.SENT, sent_at=utcnow(), locked_until=None,
              claim_token=None, last_error="")
        report.sent += 1


def claim(limit: int, now: datetime) -> tuple[str, list[sa.Row]]:
    """Claim up to `limit` due rows for this run under a new token and lease; commit."""
    config = current_app.config
    due = sa.or_(sa.and_(T.c.status == EmailStatus.PENDING, T.c.next_attempt_at <= now),
                 sa.and_(T.c.status == EmailStatus.SENDING, T.c.locked_until < now))
    candidates = sa.select(T.c.id).where(due).order_by(T.c.id).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        # Lock the rows first, skipping those a rival holds; the locks last until the commit.
        # (Inside the UPDATE, PostgreSQL may run a LIMIT … FOR UPDATE subquery twice.)
        chosen = list(db.session.scalars(candidates.with_for_update(skip_locked=True)))
    else:
        # One statement: SQLite runs it whole under its write lock, so the subquery sees
        # what a rival has just claimed.
        chosen = candidates.scalar_subquery()
    token = secrets.token_hex(16)
    # The condition again, for a row a rival claimed after the candidates were read.
    db.session.execute(sa.update(T).where(T.c.id.in_(chosen), due).values(
        status=EmailStatus.SENDING, claim_token=token, attempts=T.c.attempts + 1,
        locked_until=now + timedelta(seconds=config["MAIL_LEASE_SECONDS"])))
    db.session.commit()
    return token, list(db.session.execute(
        sa.select(T).where(T.c.claim_token == token).order_by(T.c.id)))


def give_up_stale(now: datetime) -> int:
    """Fail the rows whose lease ran out and that may not be sent again; commit."""
    config = current_app.config
    stale = sa.and_(T.c.status == EmailStatus.SENDING, T.c.locked_until < now)
    if config["MAIL_RESEND_AFTER_CRASH"]:
        stale = sa.and_(stale, T.c.attempts >= config["MAIL_MAX_ATTEMPTS"])
    result = db.session.execute(sa.update(T).where(stale).values(
        status=EmailStatus.FAILED, locked_until=None, claim_token=None,
        last_error="sender stopped before marking the e-mail sent: delivery unknown"))
    db.session.commit()
    return result.rowcount


def backoff(attempts: int) -> timedelta:
    """Return how long to wait after the n-th failed attempt: doubling, capped."""
    config = current_app.config
    seconds = config["MAIL_BACKOFF_SECONDS"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, config["MAIL_BACKOFF_MAX_SECONDS"]))


def _failed(row, token: str, exc: Exception, now: datetime, report: DeliveryReport) -> None:
    """Put a row back for a later attempt, or fail it after the last one."""
    error = f"{type(exc).__name__}: {exc}"[:500]
    if row.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        _mark(row, token, status=EmailStatus.FAILED, locked_until=None, claim_token=None,
              last_error=error)
        report.failed += 1
    else:
        _mark(row, token, status=EmailStatus.PENDING, locked_until=None, claim_token=None,
              next_attempt_at=now + backoff(row.attempts), last_error=error)
        report.retried += 1


def _mark(row, token: str, **values) -> None:
    """Update a row this run still holds (its token), and commit at once."""
    db.session.execute(sa.update(T).where(T.c.id == row.id, T.c.claim_token == token,
                                          T.c.status == EmailStatus.SENDING).values(**values))
    db.session.commit()


def smtp_connection() -> smtplib.SMTP:
    """Open an SMTP connection as configured: implicit TLS, STARTTLS or plain; log in."""
    config = current_app.config
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], \
        config["MAIL_TIMEOUT_SECONDS"]
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        smtp.close()
        raise
    return smtp
