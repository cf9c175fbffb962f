"""Generated documents, their content-addressed bytes, number counters and rendering jobs."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from caseflow.accounts.models import Organisation, User
from caseflow.cases.models import Case
from caseflow.db_types import LabelledEnum, UTCDateTime, enum_type, utcnow
from caseflow.extensions import db
from caseflow.referrals.models import Referral

if TYPE_CHECKING:
    from caseflow.inspections.models import Inspection


class DocumentKind(LabelledEnum):
    """The documents caseflow produces."""

    BIEN_BAN = "bien_ban"
    REFERRAL_SLIP = "referral_slip"
    CASE_FILE = "case_file"
    SUMMARY_REPORT = "summary_report"
    INSPECTION_MINUTE = "inspection_minute"
    #: The authority's record of inspecting a stopped item (Postal Law Art. 14(2)-(4)).
    PARCEL_INSPECTION = "parcel_inspection"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.BIEN_BAN: _l("Biên bản dừng vận chuyển bưu gửi"),
            cls.REFERRAL_SLIP: _l("Phiếu chuyển hồ sơ vụ việc"),
            cls.CASE_FILE: _l("Hồ sơ vụ việc"),
            cls.SUMMARY_REPORT: _l("Báo cáo tổng hợp"),
            cls.INSPECTION_MINUTE: _l("Biên bản kiểm tra"),
            cls.PARCEL_INSPECTION: _l("Biên bản kiểm tra bưu gửi"),
        }

    @property
    def symbol(self) -> str:
        """Return the document-type symbol that ends the number, e.g. 15/2026/BB-DVC."""
        return {"bien_ban": "BB-DVC", "referral_slip": "PC", "case_file": "HS",
                "summary_report": "BC", "inspection_minute": "BB-KT",
                "parcel_inspection": "BB-KTBG"}[self.value]

    @property
    def slug(self) -> str:
        """Return the readable part of a download's file name."""
        return {"bien_ban": "bien-ban", "referral_slip": "phieu-chuyen", "case_file": "ho-so",
                "summary_report": "bao-cao-tong-hop",
                "inspection_minute": "bien-ban-kiem-tra",
                "parcel_inspection": "bien-ban-kiem-tra-buu-gui"}[self.value]


#: Documents rendered off the request path, in a background job.
LARGE_KINDS = frozenset({DocumentKind.CASE_FILE, DocumentKind.SUMMARY_REPORT})
#: Records of one event: printed again, they keep their number and their event's date.
EVENT_KINDS = frozenset({DocumentKind.BIEN_BAN, DocumentKind.REFERRAL_SLIP,
                         DocumentKind.PARCEL_INSPECTION})


class DocumentBlob(db.Model):
    """The bytes of a PDF, stored once under the SHA-256 of the plaintext PDF.

    A PDF with personal data is stored encrypted (AES-256-GCM, see documents/storage.py):
    `key_id` names the data key; None means the bytes are plaintext (rows stored before
    encryption, and documents without personal data).
    """

    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    size: Mapped[int] = mapped_column()
    content: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    key_id: Mapped[str | None] = mapped_column(sa.String(20))
    #: When retention purged the bytes (the hash stays, so the register and /verify still work).
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Document(db.Model):
    """One generated PDF: a new row for every (re)generation, never overwritten."""

    __table_args__ = (
        sa.UniqueConstraint("issuer_id", "kind", "year", "seq", "revision",
                            name="uq_document_number"),
        sa.CheckConstraint("seq >= 1", name="seq_positive"),
        sa.CheckConstraint("revision >= 1", name="revision_positive"),
        sa.CheckConstraint("kind <> 'parcel_inspection' OR parcel_inspection_id IS NOT NULL",
                           name="parcel_records_have_inspection"),
        sa.CheckConstraint("kind IN ('summary_report', 'inspection_minute') "
                           "OR case_id IS NOT NULL", name="case_documents_have_case"),
        sa.CheckConstraint("kind <> 'inspection_minute' OR inspection_id IS NOT NULL",
                           name="minutes_have_inspection"),
        sa.CheckConstraint("kind <> 'referral_slip' OR referral_id IS NOT NULL",
                           name="slips_have_referral"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random id printed in the QR code and the /verify URL; integer ids would be enumerable.
    public_id: Mapped[str] = mapped_column(sa.String(32), unique=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_type(DocumentKind))
    #: The organisation in whose name the document is issued and numbered.
    issuer_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column()
    seq: Mapped[int] = mapped_column()
    #: The full number as printed, e.g. 15/2026/BB-DVC.
    number: Mapped[str] = mapped_column(sa.String(40))
    #: 1 for the first print; a re-print of an event record keeps number and date, revision + 1.
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(sa.ForeignKey("referral.id"))
    #: Inspection minutes (biên bản kiểm tra): the inspection recorded.
    inspection_id: Mapped[int | None] = mapped_column(sa.ForeignKey("inspection.id"), index=True)
    #: Biên bản kiểm tra bưu gửi: the authority's inspection recorded.
    parcel_inspection_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("parcel_inspection.id"), index=True)
    #: Summary reports: the province covered (None: the whole country) and the period.
    scope_province_code: Mapped[str | None] = mapped_column(sa.ForeignKey("province.code"))
    period_start: Mapped[date | None] = mapped_column(sa.Date)
    period_end: Mapped[date | None] = mapped_column(sa.Date)
    #: True when sender and recipient data are printed unmasked.
    personal_data: Mapped[bool] = mapped_column(default=False)
    pages: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(sa.ForeignKey("document_blob.sha256"), index=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The moment the document is dated by (its event: stop, referral, inspection); None for
    #: rows before 0006 and compilations, dated when printed (created_at).
    dated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    issuer: Mapped[Organisation] = relationship(lazy="joined")
    case: Mapped[Case | None] = relationship()
    referral: Mapped[Referral | None] = relationship()
    inspection: Mapped[Inspection | None] = relationship()
    parcel_inspection: Mapped[ParcelInspection | None] = relationship()
    created_by: Mapped[User] = relationship()
    blob: Mapped[DocumentBlob] = relationship()


class ParcelInspection(db.Model):
    """An authority's inspection of a stopped item, made on its written request (Art. 14(2))."""

    __table_args__ = (
        sa.CheckConstraint("copies >= 2", name="copies_for_each_party"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The accepted referral under which the agency inspects.
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referral.id"), index=True)
    #: The authority's written request: number, date and issuing body.
    request_number: Mapped[str] = mapped_column(sa.String(60))
    request_date: Mapped[date] = mapped_column(sa.Date)
    request_issuer: Mapped[str] = mapped_column(sa.String(200))
    #: When and where the inspection took place (the record's date and "Hôm nay, vào lúc").
    inspected_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(sa.String(300))
    #: The agency's representative who leads the inspection and signs.
    officer_name: Mapped[str] = mapped_column(sa.String(120))
    officer_title: Mapped[str] = mapped_column(sa.String(120))
    #: The postal firm's representative present.
    firm_representative: Mapped[str] = mapped_column(sa.String(120), default="")
    findings: Mapped[str] = mapped_column(sa.Text, default="")
    #: A party that refused to sign, and the reason it gave (printed in the record).
    refused_by: Mapped[str] = mapped_column(sa.String(120), default="")
    refusal_reason: Mapped[str] = mapped_column(sa.Text, default="")
    copies: Mapped[int] = mapped_column(default=3)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    referral: Mapped[Referral] = relationship()
    created_by: Mapped[User] = relationship()


class DocumentCounter(db.Model):
    """The last number issued per organisation, kind and year; bumped in the same transaction."""

    issuer_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_type(DocumentKind), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)


class JobStatus(LabelledEnum):
    """Where a background rendering stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @classmethod
    def labels(cls) -> dict:
        return {cls.QUEUED: _l("Đang chờ"), cls.RUNNING: _l("Đang tạo tài liệu"),
                cls.DONE: _l("Hoàn tất"), cls.FAILED: _l("Không tạo được tài liệu")}


class DocumentJob(db.Model):
    """A large document being rendered off the request path, watched by its requester."""

    __table_args__ = (
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name="progress_percent"),
        sa.CheckConstraint("status <> 'done' OR document_id IS NOT NULL",
                           name="done_has_document"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_type(DocumentKind))
    status: Mapped[JobStatus] = mapped_column(enum_type(JobStatus), default=JobStatus.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(sa.Text, default="")
    #: What to render: case_id for a case file; province/period for a summary report.
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    requested_by: Mapped[User] = relationship()
    document: Mapped[Document | None] = relationship()


# Document.inspection names the Inspection class: register it with the mappers whichever
# module is imported first.
from caseflow.inspections import models as _inspections  # noqa: E402,F401
