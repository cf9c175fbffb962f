"""`flask --app wsgi audit verify|checkpoint`."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app

from caseflow.audit import chain, roles
from caseflow.extensions import db


@click.group("audit")
def audit_cli() -> None:
    """Check and checkpoint the audit chain."""


def _checkpoint_path() -> Path:
    return Path(current_app.config["AUDIT_CHECKPOINT_FILE"])


@audit_cli.command("verify")
def verify() -> None:
    """Walk the chain; name the first broken sequence number, exit 1 if any."""
    started = time.perf_counter()
    result = chain.verify(db.session(), checkpoint=_checkpoint_path())
    elapsed = time.perf_counter() - started
    if result.ok:
        click.echo(f"audit chain intact: {result.checked} events, head {result.head_seq} "
                   f"({elapsed:.2f} s)")
        return
    state = (f"BROKEN at sequence {result.first_broken}" if result.first_broken
             else "NOT VERIFIED")
    click.echo(f"audit chain {state}: {result.problem or 'hmac'}"
               f" ({result.checked} events checked)", err=True)
    raise SystemExit(1)


@audit_cli.command("checkpoint")
def checkpoint() -> None:
    """Write the chain's head (sequence, hash) to the checkpoint file outside the database."""
    seq, hash_ = chain.write_checkpoint(db.session(), _checkpoint_path())
    click.echo(f"checkpoint {seq} {hash_[:16]}… → {_checkpoint_path()}")


@audit_cli.command("grant-app-role")
@click.argument("app_role")
def grant_app_role(app_role: str) -> None:
    """As the schema's owner, let APP_ROLE append to the audit log but not change it."""
    if db.engine.dialect.name != "postgresql":
        raise click.ClickException("the role split is PostgreSQL's")
    try:
        with db.engine.begin() as connection:
            statements = roles.grant_app_role(connection, app_role)
    except roles.RoleError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("\n".join(f"{s};" for s in statements))
