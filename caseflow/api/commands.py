"""`flask --app wsgi api purge-idempotency`: forget Idempotency-Key answers past their window."""

from __future__ import annotations

import click
from flask import current_app

from caseflow.api import idempotency
from caseflow.extensions import db


@click.group("api")
def api_cli() -> None:
    """The JSON API."""


@api_cli.command("purge-idempotency")
def purge_idempotency() -> None:
    """Delete the stored answers older than API_IDEMPOTENCY_HOURS."""
    deleted = idempotency.purge_expired()
    db.session.commit()
    click.echo(f"deleted {deleted} idempotency records older than "
               f"{current_app.config['API_IDEMPOTENCY_HOURS']} h")
