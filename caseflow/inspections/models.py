"""Inspections of postal firms, their checklist results and the violations found."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.accounts.models import Organisation, Province, User
from caseflow.db_types import LabelledEnum, UTCDateTime, enum_type, utcnow
from caseflow.evidence.models import EvidenceKind
from caseflow.extensions import db
from caseflow.inspections.legal import ChecklistItem, Decree


class InspectionStatus(LabelledEnum):
    PLANNED = "planned"
    RECORDED = "recorded"

    @classmethod
    def labels(cls) -> dict:
        return {cls.PLANNED: _l("Đã lên kế hoạch"), cls.RECORDED: _l("Đã kiểm tra")}


class ItemResult(LabelledEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_CHECKED = "not_checked"

    @classmethod
    def labels(cls) -> dict:
        return {cls.PASSED: _l("Đạt"), cls.FAILED: _l("Không đạt"),
                cls.NOT_CHECKED: _l("Không kiểm tra")}


class ViolationStatus(LabelledEnum):
    OPEN = "open"
    SANCTIONED = "sanctioned"
    REMEDIED = "remedied"

    @classmethod
    def labels(cls) -> dict:
        return {cls.OPEN: _l("Chờ xử phạt"), cls.SANCTIONED: _l("Đã ra quyết định xử phạt"),
                cls.REMEDIED: _l("Doanh nghiệp đã khắc phục")}


class Inspection(db.Model):
    """A Sở KH&CN's inspection of a postal firm (or one of its service points)."""

    #: The list pages latest first by (planned_on, id), by keyset: the Ministry's, a
    #: province's, a firm's (inspections/queries.py, docs/performance.md).
    __table_args__ = (
        sa.Index("ix_inspection_planned", "planned_on", "id"),
        sa.Index("ix_inspection_province_planned", "province_code", "planned_on", "id"),
        sa.Index("ix_inspection_firm_planned", "firm_id", "planned_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    #: The inspecting Sở KH&CN and its province.
    inspector_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    province_code: Mapped[str] = mapped_column(sa.ForeignKey("province.code"))
    #: A service point (bưu cục, điểm giao dịch) by name and address; empty: the firm itself.
    service_point: Mapped[str] = mapped_column(sa.String(300), default="")
    decision_number: Mapped[str] = mapped_column(sa.String(60), default="")
    planned_on: Mapped[date] = mapped_column(sa.Date)
    inspected_on: Mapped[date | None] = mapped_column(sa.Date)
    team: Mapped[str] = mapped_column(sa.Text, default="")
    scope: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[InspectionStatus] = mapped_column(enum_type(InspectionStatus),
                                                     default=InspectionStatus.PLANNED)
    conclusion: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    firm: Mapped[Organisation] = relationship(foreign_keys=[firm_id])
    inspector_org: Mapped[Organisation] = relationship(foreign_keys=[inspector_org_id])
    province: Mapped[Province] = relationship()
    created_by: Mapped[User] = relationship()
    items: Mapped[list[InspectionItem]] = relationship(back_populates="inspection",
                                                       order_by="InspectionItem.id")
    violations: Mapped[list[Violation]] = relationship(back_populates="inspection",
                                                       order_by="Violation.id")

    __mapper_args__ = {"version_id_col": version}


class InspectionItem(db.Model):
    """One checklist item's result at an inspection."""

    __table_args__ = (sa.UniqueConstraint("inspection_id", "item", name="uq_inspection_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(sa.ForeignKey("inspection.id"))
    item: Mapped[ChecklistItem] = mapped_column(enum_type(ChecklistItem))
    result: Mapped[ItemResult] = mapped_column(enum_type(ItemResult))
    note: Mapped[str] = mapped_column(sa.Text, default="")

    inspection: Mapped[Inspection] = relationship(back_populates="items")
    photos: Mapped[list[InspectionPhoto]] = relationship(back_populates="item",
                                                         order_by="InspectionPhoto.id")


class InspectionPhoto(db.Model):
    """A photo of a checklist item; its bytes live in the evidence storage, keyed by SHA-256."""

    __table_args__ = (
        sa.UniqueConstraint("item_id", "sha256", name="uq_inspection_photo_item_sha256"),
        sa.CheckConstraint("size_bytes > 0", name="size_positive"),
        sa.CheckConstraint("kind <> 'pdf'", name="image_only"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("inspection_item.id"))
    #: JPEG, PNG or HEIC, decided by the content (never PDF); gives the original's media type.
    kind: Mapped[EvidenceKind] = mapped_column(enum_type(EvidenceKind))
    #: The name the uploader's file had, cleaned; used for the original's download only.
    filename: Mapped[str] = mapped_column(sa.String(200))
    caption: Mapped[str] = mapped_column(sa.String(500), default="")
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    #: SHA-256 of the original bytes: the storage key and the chain-of-custody fingerprint.
    sha256: Mapped[str] = mapped_column(sa.String(64))
    #: The re-encoded copies without EXIF/GPS that whoever sees the inspection sees.
    display_sha256: Mapped[str] = mapped_column(sa.String(64))
    thumb_sha256: Mapped[str] = mapped_column(sa.String(64))
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    item: Mapped[InspectionItem] = relationship(back_populates="photos")
    uploaded_by: Mapped[User] = relationship()

    @property
    def label(self) -> str:
        """Return the caption, or the file name when there is none."""
        return self.caption or self.filename


class Violation(db.Model):
    """A failed checklist item as a violation, tied to the decree in force on the act's day."""

    __table_args__ = (
        sa.CheckConstraint("fine_amount IS NULL OR fine_amount >= 0", name="fine_positive"),
        sa.CheckConstraint("fine_min IS NULL OR fine_max IS NULL OR fine_min <= fine_max",
                           name="fine_range_ordered"),
        sa.CheckConstraint("status <> 'sanctioned' OR sanction_decision_number <> ''",
                           name="sanctioned_has_decision"),
        # The list pages latest act first by (act_date, id), by keyset (inspections/queries.py).
        sa.Index("ix_violation_act", "act_date", "id"),
        sa.Index("ix_violation_firm_act", "firm_id", "act_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(sa.ForeignKey("inspection.id"), index=True)
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    item: Mapped[ChecklistItem] = mapped_column(enum_type(ChecklistItem))
    #: What was found (the checklist note).
    description: Mapped[str] = mapped_column(sa.Text, default="")
    act_date: Mapped[date] = mapped_column(sa.Date)
    #: An ongoing act (hành vi đang thực hiện) is judged by the decree in force when it was
    #: discovered; a completed one by the decree in force on act_date (legal.decree_for).
    ongoing: Mapped[bool] = mapped_column(default=False)
    discovered_on: Mapped[date | None] = mapped_column(sa.Date)
    #: The biên bản vi phạm hành chính: it must exist before a sanction decision.
    offence_report_number: Mapped[str] = mapped_column(sa.String(60), default="")
    offence_report_date: Mapped[date | None] = mapped_column(sa.Date)
    #: The decree chosen by legal.decree_for.
    decree: Mapped[Decree] = mapped_column(enum_type(Decree))
    article: Mapped[str] = mapped_column(sa.String(200), default="")
    fine_min: Mapped[int | None] = mapped_column(sa.BigInteger)
    fine_max: Mapped[int | None] = mapped_column(sa.BigInteger)
    status: Mapped[ViolationStatus] = mapped_column(enum_type(ViolationStatus),
                                                    default=ViolationStatus.OPEN)
    sanction_decision_number: Mapped[str] = mapped_column(sa.String(60), default="")
    fine_amount: Mapped[int | None] = mapped_column(sa.BigInteger)
    remedy_deadline: Mapped[date | None] = mapped_column(sa.Date)
    sanctioned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    remedy_note: Mapped[str] = mapped_column(sa.Text, default="")
    remedied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    remedied_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(default=1)

    inspection: Mapped[Inspection] = relationship(back_populates="violations")
    firm: Mapped[Organisation] = relationship()
    remedied_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
