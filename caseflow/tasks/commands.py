"""flask tasks worker | status: run a queue consumer, or count what waits on the queue."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from caseflow.tasks import periodic, work  # noqa: F401  (registers the tasks on the queue)
from caseflow.tasks.queue import bind, huey

tasks_cli = AppGroup("tasks", help="Background work: the queue's worker.")


@tasks_cli.command("worker")
@click.option("-w", "--workers", default=1, show_default=True,
              help="Threads taking tasks (rendering is CPU-bound: run more processes instead).")
@click.option("--periodic/--no-periodic", "clock", default=True, show_default=True,
              help="Also run the clock (timers…); exactly one worker of a deployment should.")
def worker(workers: int, clock: bool) -> None:
    """Take tasks off the queue until stopped (SIGTERM: finish the running task, then exit)."""
    if huey.immediate:
        raise click.UsageError("TASKS_IMMEDIATE is on: tasks run inline, there is no queue")
    bind(current_app._get_current_object())
    click.echo(f"caseflow worker on {type(huey.storage).__name__}, {workers} thread(s), "
               f"clock {'on' if clock else 'off'}")
    # flush_locks: a worker killed mid-run must not leave a periodic task locked for ever.
    huey.create_consumer(workers=workers, periodic=clock, flush_locks=clock).run()


@tasks_cli.command("status")
def status() -> None:
    """Print how many tasks wait and how many are scheduled for later."""
    click.echo(f"pending {huey.pending_count()}, scheduled {huey.scheduled_count()}")
