"""flask catalogue sync: put the versions whose "valid from" date has come in force."""

from __future__ import annotations

import click

from caseflow.extensions import db


@click.command("sync")
def sync_command() -> None:
    """Copy each category's version in force today into the catalogue (run daily)."""
    from caseflow.catalogue.services import sync_all

    changed = sync_all()
    db.session.commit()
    click.echo(f"{changed} categories updated")
