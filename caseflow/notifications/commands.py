"""flask notifications send-email: send the e-mail outbox now (cron or the job queue)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

notifications_cli = AppGroup("notifications", help="Notifications: the e-mail outbox.")


@notifications_cli.command("send-email")
@click.option("--limit", default=100, show_default=True, help="Most e-mails to send in this run.")
def send_email(limit: int) -> None:
    """Send the e-mails now due over SMTP, each once; failures wait and are retried."""
    from caseflow.notifications.sender import deliver_pending_emails

    report = deliver_pending_emails(limit=limit)
    if report.not_configured:
        raise click.ClickException("MAIL_SERVER is not set: nothing sent")
    click.echo(f"sent {report.sent}, to retry {report.retried}, failed {report.failed}")
