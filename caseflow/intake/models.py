"""Where a case came from (API or file import), and import batches awaiting confirmation."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.accounts.models import User
from caseflow.cases.models import Case
from caseflow.db_types import LabelledEnum, UTCDateTime, enum_type, utcnow
from caseflow.extensions import db


class IntakeSource(LabelledEnum):
    API = "api"
    FILE = "file"

    @classmethod
    def labels(cls) -> dict:
        return {cls.API: _l("API"), cls.FILE: _l("Nhập từ tệp")}


class IntakeRecord(db.Model):
    """One case created by a firm's system; (firm, tracking number) is unique, so a retried
    request or a re-imported file finds the case instead of creating another."""

    __table_args__ = (
        sa.UniqueConstraint("firm_id", "tracking_number", name="uq_intake_record_firm_tracking"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    tracking_number: Mapped[str] = mapped_column(sa.String(40))
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), unique=True)
    source: Mapped[IntakeSource] = mapped_column(enum_type(IntakeSource))
    api_key_id: Mapped[int | None] = mapped_column(sa.ForeignKey("api_key.id"))
    batch_id: Mapped[int | None] = mapped_column(sa.ForeignKey("import_batch.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship()


class BatchStatus(LabelledEnum):
    PREVIEWED = "previewed"
    IMPORTING = "importing"
    DONE = "done"

    @classmethod
    def labels(cls) -> dict:
        return {cls.PREVIEWED: _l("Chờ xác nhận"), cls.IMPORTING: _l("Đang nhập"),
                cls.DONE: _l("Đã nhập xong")}


class ImportBatch(db.Model):
    """An uploaded CSV/XLSX file: its preview, then its import in chunks.

    The rows to import hold personal data, so they are kept encrypted (privacy.crypto, bound to
    this row) and blanked once the import is done.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(sa.String(32), unique=True, default=lambda: uuid.uuid4().hex)
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    filename: Mapped[str] = mapped_column(sa.String(200))
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    status: Mapped[BatchStatus] = mapped_column(enum_type(BatchStatus),
                                                default=BatchStatus.PREVIEWED)
    total_rows: Mapped[int] = mapped_column(default=0)
    #: Rows the preview found valid and new: what confirming imports.
    pending_rows: Mapped[int] = mapped_column(default=0)
    processed_rows: Mapped[int] = mapped_column(default=0)
    created_count: Mapped[int] = mapped_column(default=0)
    existing_count: Mapped[int] = mapped_column(default=0)
    rejected_count: Mapped[int] = mapped_column(default=0)
    #: The pending rows, encrypted JSON; '' once imported.
    rows_sealed: Mapped[str] = mapped_column(sa.Text, default="")
    #: The preview: per row its number, tracking number, outcome and errors (no personal data).
    report: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    uploaded_by: Mapped[User] = relationship()

    @property
    def progress(self) -> int:
        """Return how far the import is, in percent."""
        if self.status is BatchStatus.DONE or not self.pending_rows:
            return 100 if self.status is BatchStatus.DONE else 0
        return min(99, 100 * self.processed_rows // self.pending_rows)
