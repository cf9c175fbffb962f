"""flask CLI commands: seed, seed-demo, workflow, create-user."""

from __future__ import annotations

import click
from flask import Flask

from caseflow.extensions import db


def init_commands(app: Flask) -> None:
    """Register the commands on the app."""
    from caseflow.api.commands import api_cli
    from caseflow.audit.commands import audit_cli
    from caseflow.evidence.commands import evidence_cli
    from caseflow.notifications.commands import notifications_cli
    from caseflow.privacy.commands import keys_cli, privacy_cli
    from caseflow.tasks.commands import tasks_cli
    from caseflow.workflow.commands import timers_cli

    for command in (seed, seed_demo, workflow, create_user, audit_cli, privacy_cli, keys_cli,
                    api_cli, evidence_cli, timers_cli, notifications_cli, tasks_cli):
        app.cli.add_command(command)


@click.command("seed")
def seed() -> None:
    """Load the provinces and the prohibited-item catalogue (idempotent)."""
    from caseflow.seed.reference import load_reference_data

    provinces, categories = load_reference_data()
    db.session.commit()
    click.echo(f"{provinces} provinces, {categories} categories")


@click.command("seed-demo")
def seed_demo() -> None:
    """Create the demo organisations, users and cases (idempotent)."""
    from caseflow.seed.demo import seed_demo_data

    summary = seed_demo_data()
    db.session.commit()
    click.echo(summary)


@click.command("workflow")
def workflow() -> None:
    """Print the case and referral lifecycles as tables."""
    from caseflow.workflow.describe import describe_tables

    click.echo(describe_tables())


@click.command("create-user")
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option("--role", required=True)
@click.option("--organisation-id", type=int, required=True)
@click.password_option()
def create_user(username: str, full_name: str, role: str, organisation_id: int,
                password: str) -> None:
    """Create a user, e.g. the first administrator of a new installation."""
    from caseflow.accounts.services import save_user

    user = save_user(None, actor=None, data={
        "username": username, "full_name": full_name, "email": "", "role": role,
        "organisation_id": organisation_id, "password": password, "active": True})
    db.session.commit()
    click.echo(f"created user {user.username} (id {user.id})")
