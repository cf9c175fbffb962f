"""`flask --app wsgi privacy anonymise` and `flask --app wsgi keys rotate|generate`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from caseflow.db_types import utcnow
from caseflow.privacy import keys, services


@click.group("privacy")
def privacy_cli() -> None:
    """Personal-data retention."""


@privacy_cli.command("anonymise")
@click.option("--months", default=24, show_default=True,
              help="Anonymise cases closed longer ago than this.")
def anonymise(months: int) -> None:
    """Blank sender and recipient data of long-closed cases, keeping the statistics."""
    cutoff = utcnow() - timedelta(days=round(months * 30.44))
    done = services.anonymise_closed_before(cutoff)
    click.echo(f"anonymised {done} cases closed before {cutoff:%d/%m/%Y}")
    from caseflow.documents.storage import purge_anonymised
    from caseflow.extensions import db

    purged = purge_anonymised()  # cases anonymised before their PDFs were purged too
    db.session.commit()
    click.echo(f"erased {purged} stored PDFs with personal data of anonymised cases")


@click.group("keys")
def keys_cli() -> None:
    """Encryption keys (kept outside the database)."""


@keys_cli.command("generate")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def generate(path: Path) -> None:
    """Write a new key file (refuses to overwrite one)."""
    if path.exists():
        raise click.ClickException(f"{path} exists; add a key to it instead of overwriting")
    keys.generate_key_file(path)
    click.echo(f"wrote {path}")


@keys_cli.command("add")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def add(path: Path) -> None:
    """Add a new data key to a key file and make it current (then run `keys rotate`)."""
    click.echo(f"added key {keys.add_data_key(path)} to {path}; restart the app, then rotate")


@keys_cli.command("rotate")
@click.option("--batch", default=500, show_default=True)
def rotate(batch: int) -> None:
    """Re-encrypt every personal-data value under the current key, in batches."""
    def progress(done: int, total: int) -> None:
        click.echo(f"  {done}/{total} cases")

    from caseflow.accounts.two_factor import reseal_all
    from caseflow.documents import storage
    from caseflow.extensions import db

    changed = services.rotate_keys(batch=batch, progress=progress)
    secrets = reseal_all()
    pdfs = storage.reseal_all()
    db.session.commit()
    click.echo(f"re-encrypted {changed} cases, {secrets} two-factor secrets and {pdfs} stored "
               f"PDFs under key {keys.keyring().current}")
