"""An evidence file attached to a case; its bytes live in storage, keyed by SHA-256."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.accounts.models import User
from caseflow.cases.models import Case
from caseflow.db_types import LabelledEnum, UTCDateTime, enum_type, utcnow
from caseflow.extensions import db


class EvidenceKind(LabelledEnum):
    """What a file is, decided by its content (never by its name)."""

    JPEG = "jpeg"
    PNG = "png"
    HEIC = "heic"
    PDF = "pdf"

    @classmethod
    def labels(cls) -> dict:
        return {cls.JPEG: _l("Ảnh JPEG"), cls.PNG: _l("Ảnh PNG"), cls.HEIC: _l("Ảnh HEIC"),
                cls.PDF: _l("Tài liệu PDF")}

    @property
    def media_type(self) -> str:
        """Return the MIME type the original is served as."""
        return {"jpeg": "image/jpeg", "png": "image/png", "heic": "image/heic",
                "pdf": "application/pdf"}[self.value]

    @property
    def is_image(self) -> bool:
        """Tell whether the file is a photo (and so has a display copy)."""
        return self is not EvidenceKind.PDF


class Evidence(db.Model):
    """One file attached to a case, with the hashes that prove it has not changed."""

    __table_args__ = (
        sa.UniqueConstraint("case_id", "sha256", name="uq_evidence_case_sha256"),
        sa.CheckConstraint("size_bytes > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    kind: Mapped[EvidenceKind] = mapped_column(enum_type(EvidenceKind))
    #: The name the uploader's file had, cleaned; shown and used for downloads only.
    filename: Mapped[str] = mapped_column(sa.String(200))
    caption: Mapped[str] = mapped_column(sa.String(500), default="")
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    #: SHA-256 of the original bytes: the storage key and the chain-of-custody fingerprint.
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    #: The re-encoded copy without EXIF/GPS that everyone who sees the case sees (images).
    display_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    thumb_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    width: Mapped[int | None] = mapped_column()
    height: Mapped[int | None] = mapped_column()
    page_count: Mapped[int | None] = mapped_column()
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship()
    uploaded_by: Mapped[User] = relationship()

    @property
    def label(self) -> str:
        """Return the caption, or the file name when there is none."""
        return self.caption or self.filename
