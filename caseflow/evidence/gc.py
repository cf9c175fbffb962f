"""Delete stored blobs no row references: what uploads left behind when their transaction failed.

A file is written to the store before the transaction that records it commits, so a rollback
leaves bytes nobody points to. A blob is deleted only when no Evidence or InspectionPhoto row
names it (original, display copy or thumbnail) and it was last put before the grace period,
so an upload still in flight is never touched. The store is listed before the rows are read;
each deletion re-checks the blob's time, because a put of the same bytes refreshes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from caseflow.audit import services as audit
from caseflow.db_types import utcnow
from caseflow.evidence.models import Evidence
from caseflow.evidence.storage import Storage, StoredBlob
from caseflow.extensions import db
from caseflow.inspections.models import InspectionPhoto

#: Every column that names a stored blob.
BLOB_COLUMNS = (
    Evidence.sha256, Evidence.display_sha256, Evidence.thumb_sha256,
    InspectionPhoto.sha256, InspectionPhoto.display_sha256, InspectionPhoto.thumb_sha256,
)


@dataclass
class Tally:
    """A number of blobs and their bytes."""

    count: int = 0
    size: int = 0

    def add(self, blob: StoredBlob) -> None:
        """Count one blob."""
        self.count += 1
        self.size += blob.size


@dataclass
class Collection:
    """What one run found and did."""

    dry_run: bool
    cutoff: datetime
    stored: Tally = field(default_factory=Tally)
    referenced: Tally = field(default_factory=Tally)
    #: Unreferenced, but put within the grace period (perhaps an upload in flight).
    recent: Tally = field(default_factory=Tally)
    #: Deleted, or with dry_run, to be deleted.
    deleted: Tally = field(default_factory=Tally)


def referenced_hashes() -> set[str]:
    """Return every hash a row names: originals, display copies and thumbnails."""
    found: set[str] = set()
    for column in BLOB_COLUMNS:
        query = sa.select(column).where(column.is_not(None)).distinct()
        found.update(db.session.scalars(query.execution_options(yield_per=10_000)))
    return found


def collect(store: Storage, *, grace: timedelta, dry_run: bool = False) -> Collection:
    """Delete (or with dry_run only count) the unreferenced blobs older than the grace period.

    A real run records one `evidence.gc` audit event; the caller commits.
    """
    result = Collection(dry_run=dry_run, cutoff=utcnow() - grace)
    blobs = list(store.blobs())  # listed first: a row committed meanwhile is still seen
    referenced = referenced_hashes()
    for blob in blobs:
        result.stored.add(blob)
        if blob.sha256 in referenced:
            result.referenced.add(blob)
        elif blob.modified >= result.cutoff:
            result.recent.add(blob)
        elif dry_run or store.delete(blob.sha256, older_than=result.cutoff):
            result.deleted.add(blob)
        else:  # put again since it was listed: in use
            result.recent.add(blob)
    if not dry_run:
        _record(result, grace)
    return result


def _record(result: Collection, grace: timedelta) -> None:
    audit.record("evidence.gc", actor=None, object_type="evidence_storage", object_id=None,
                 grace_hours=grace.total_seconds() / 3600, stored=result.stored.count,
                 referenced=result.referenced.count, recent=result.recent.count,
                 deleted=result.deleted.count, deleted_bytes=result.deleted.size)
