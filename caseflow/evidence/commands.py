"""`flask --app wsgi evidence gc`: delete stored blobs no row references."""

from __future__ import annotations

from datetime import timedelta

import click

from caseflow.evidence import gc
from caseflow.evidence.storage import storage
from caseflow.extensions import db


@click.group("evidence")
def evidence_cli() -> None:
    """Evidence storage."""


@evidence_cli.command("gc")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
@click.option("--grace-hours", default=24, show_default=True, type=click.IntRange(min=1),
              help="Keep unreferenced blobs put less than this long ago (uploads in flight).")
def collect_garbage(dry_run: bool, grace_hours: int) -> None:
    """Delete blobs no evidence or inspection photo row references, older than the grace."""
    result = gc.collect(storage(), grace=timedelta(hours=grace_hours), dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    verb = "would delete" if dry_run else "deleted"
    click.echo(f"{result.stored.count} blobs stored ({result.stored.size} bytes): "
               f"{result.referenced.count} referenced, {result.recent.count} unreferenced "
               f"but newer than {grace_hours} h kept ({result.recent.size} bytes), "
               f"{verb} {result.deleted.count} ({result.deleted.size} bytes)")
