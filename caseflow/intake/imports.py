"""Import a file of flags: preview (nothing written but the batch), then confirm.

Confirming queues the batch; a worker (caseflow/tasks) imports it chunk by chunk, each chunk
committed, and the batch page polls the progress. `import_chunk` stays the unit of work.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.audit import services as audit
from caseflow.db_types import utcnow
from caseflow.errors import Conflict, NotAllowed, NotFound
from caseflow.evidence.storage import sha256_of
from caseflow.extensions import db
from caseflow.intake import parsing, services
from caseflow.intake.models import BatchStatus, ImportBatch, IntakeSource
from caseflow.privacy.crypto import associated_data, decrypt, encrypt

MAX_ROWS = 5000
CHUNK = 100


def _seal(batch: ImportBatch, rows: list[dict[str, Any]]) -> str:
    return encrypt(json.dumps(rows, ensure_ascii=False),
                   associated_data("import_batch", "rows", batch.uid))


def _unseal(batch: ImportBatch) -> list[dict[str, Any]]:
    if not batch.rows_sealed:
        return []
    return json.loads(decrypt(batch.rows_sealed, associated_data("import_batch", "rows",
                                                                 batch.uid)))


def preview(*, actor: User, filename: str, data: bytes) -> ImportBatch:
    """Read and check every row; keep the new valid ones (encrypted) for the confirmation."""
    if not permissions.can_import_flags(actor):
        raise NotAllowed(_("Bạn không có quyền nhập báo cáo từ tệp."))
    rows = parsing.read_table(filename, data, max_rows=MAX_ROWS)
    checked = services.check_items(actor, rows)
    report = [{"row": r.index + 2, "tracking_number": r.tracking_number, "status": r.status,
               "case": r.case.reference if r.case is not None else None, "errors": r.errors}
              for r in checked.results]
    pending = [rows[r.index] for r, _data in checked.new]
    batch = ImportBatch(firm_id=actor.organisation_id, uploaded_by=actor,
                        filename=filename[:200] or "import", sha256=sha256_of(data),
                        total_rows=len(rows), pending_rows=len(pending), report=report,
                        existing_count=sum(r.status == "exists" for r in checked.results),
                        rejected_count=sum(r.status == "rejected" for r in checked.results))
    db.session.add(batch)
    db.session.flush()
    batch.rows_sealed = _seal(batch, pending) if pending else ""
    if not pending:
        batch.status, batch.finished_at = BatchStatus.DONE, utcnow()
    audit.record("intake.preview", actor=actor, object_type="import_batch", object_id=batch.id,
                 sha256=batch.sha256, rows=len(rows), pending=len(pending))
    return batch


def import_chunk(batch: ImportBatch, *, actor: User, size: int | None = None) -> ImportBatch:
    """Create the next chunk of the batch's rows (re-checked now); finish when none remain."""
    if not permissions.can_import_flags(actor) or batch.firm_id != actor.organisation_id:
        raise NotFound()
    if batch.status is BatchStatus.DONE:
        return batch
    rows, size = _unseal(batch), size or CHUNK
    chunk = rows[batch.processed_rows:batch.processed_rows + size]
    _claim(batch, len(chunk))
    results = services.create_flags(actor, chunk, source=IntakeSource.FILE, batch_id=batch.id)
    batch.status = BatchStatus.IMPORTING
    batch.processed_rows += len(chunk)
    batch.created_count += sum(r.status == "created" for r in results)
    batch.existing_count += sum(r.status == "exists" for r in results)
    batch.rejected_count += sum(r.status == "rejected" for r in results)
    if batch.processed_rows >= len(rows):
        batch.status, batch.finished_at, batch.rows_sealed = BatchStatus.DONE, utcnow(), ""
        audit.record("intake.import", actor=actor, object_type="import_batch",
                     object_id=batch.id, sha256=batch.sha256, created=batch.created_count)
    db.session.flush()
    return batch


def _claim(batch: ImportBatch, count: int) -> None:
    """Move the batch's counter past the chunk before creating it, or raise Conflict.

    A conditional UPDATE: when two imports of one batch overlap (a press that re-queues an
    import whose worker is still alive), the second waits on the row and then finds the
    counter moved, so no chunk is ever created twice."""
    moved = db.session.execute(sa.update(ImportBatch).where(
        ImportBatch.id == batch.id, ImportBatch.processed_rows == batch.processed_rows,
    ).values(processed_rows=batch.processed_rows + count)
        .execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        raise Conflict(_("Tệp này đang được nhập; vui lòng đợi."))


def confirm(batch: ImportBatch, *, actor: User) -> bool:
    """Mark the batch as importing; True when the caller must queue it (not when done).

    A batch already importing is queued again: the press of "Tiếp tục nhập" resumes an
    import whose worker was lost, and `_claim` makes an overlap harmless."""
    if not permissions.can_import_flags(actor) or batch.firm_id != actor.organisation_id:
        raise NotFound()
    if batch.status is BatchStatus.PREVIEWED:
        batch.status = BatchStatus.IMPORTING
        db.session.flush()
    return batch.status is BatchStatus.IMPORTING


def run(batch_id: int) -> None:
    """Import a queued batch to the end as its uploader, committing after each chunk."""
    batch = db.session.get(ImportBatch, batch_id)
    try:
        while batch is not None and batch.status is not BatchStatus.DONE:
            import_chunk(batch, actor=batch.uploaded_by)
            db.session.commit()
    except Conflict:
        db.session.rollback()  # another run of this batch is ahead: it carries on
    finally:
        db.session.remove()


def batch_for(user: User, batch_id: int) -> ImportBatch:
    """Load a batch of the user's firm, or raise NotFound."""
    batch = db.session.scalar(sa.select(ImportBatch).where(
        ImportBatch.id == batch_id, ImportBatch.firm_id == user.organisation_id))
    if batch is None or not permissions.can_import_flags(user):
        raise NotFound()
    return batch


def recent_batches(user: User, limit: int = 20) -> list[ImportBatch]:
    """Return the firm's latest batches."""
    return list(db.session.scalars(sa.select(ImportBatch)
                                   .where(ImportBatch.firm_id == user.organisation_id)
                                   .order_by(ImportBatch.id.desc()).limit(limit)))


def earlier_import(batch: ImportBatch) -> ImportBatch | None:
    """Return an earlier batch of the same file by the same firm, if any."""
    return db.session.scalar(sa.select(ImportBatch).where(
        ImportBatch.firm_id == batch.firm_id, ImportBatch.sha256 == batch.sha256,
        ImportBatch.id < batch.id).order_by(ImportBatch.id.desc()).limit(1))
