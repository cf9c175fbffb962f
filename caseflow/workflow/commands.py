"""flask timers run: the periodic warnings and escalations of referral timers."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from caseflow.extensions import db

timers_cli = AppGroup("timers", help="Referral timers: warnings and escalations.")


@timers_cli.command("run")
def run_timers() -> None:
    """Send the warnings and escalations now due, each once (cron: every 5–15 minutes)."""
    from caseflow.workflow import escalation

    sent = escalation.run()
    db.session.commit()
    lines = [f"{timer.value} {level.value}: {count}" for (timer, level), count
             in sorted(sent.items())]
    click.echo("\n".join(lines) if lines else "nothing due")
