"""A case: one suspicious postal item, its parties and its fate."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.accounts.models import Organisation, Province, User
from caseflow.cases import search
from caseflow.catalogue.models import Category
from caseflow.db_types import LabelledEnum, UTCDateTime, enum_type, utcnow
from caseflow.extensions import db
from caseflow.privacy import normalise
from caseflow.privacy.fields import Encrypted
from caseflow.workflow.states import CaseStatus

if TYPE_CHECKING:
    from caseflow.referrals.models import Referral
    from caseflow.workflow.models import TimelineEntry


class ServiceScope(LabelledEnum):
    DOMESTIC = "domestic"
    INTERNATIONAL = "international"

    @classmethod
    def labels(cls) -> dict:
        return {cls.DOMESTIC: _l("Trong nước"), cls.INTERNATIONAL: _l("Quốc tế")}


class ServiceType(LabelledEnum):
    EXPRESS = "express"
    PARCEL = "parcel"
    LETTER = "letter"

    @classmethod
    def labels(cls) -> dict:
        return {cls.EXPRESS: _l("Chuyển phát nhanh"), cls.PARCEL: _l("Bưu kiện"),
                cls.LETTER: _l("Thư, bưu phẩm")}


class DetectionMethod(LabelledEnum):
    XRAY = "xray"
    DONG_KIEM = "dong_kiem"
    VISUAL = "visual"
    DOG = "dog"
    TIP_OFF = "tip_off"
    CUSTOMS_RISK = "customs_risk"
    DAMAGED = "damaged"
    NO_RECIPIENT = "no_recipient"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.XRAY: _l("Soi chiếu X-quang"),
            cls.DONG_KIEM: _l("Đồng kiểm"),
            cls.VISUAL: _l("Quan sát bằng mắt"),
            cls.DOG: _l("Chó nghiệp vụ"),
            cls.TIP_OFF: _l("Tin báo"),
            cls.CUSTOMS_RISK: _l("Hồ sơ rủi ro hải quan"),
            cls.DAMAGED: _l("Bưu gửi hư hỏng, đổ vỡ"),
            cls.NO_RECIPIENT: _l("Bưu gửi không có người nhận"),
        }


class Outcome(LabelledEnum):
    VIOLATION = "violation"
    NO_VIOLATION = "no_violation"

    @classmethod
    def labels(cls) -> dict:
        return {cls.VIOLATION: _l("Xác nhận có vi phạm"),
                cls.NO_VIOLATION: _l("Không có vi phạm")}


class Disposition(LabelledEnum):
    RELEASED = "released"
    RETURNED = "returned"
    HANDED_OVER = "handed_over"
    CONFISCATED = "confiscated"
    DESTROYED = "destroyed"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.RELEASED: _l("Tiếp tục chuyển phát"),
            cls.RETURNED: _l("Trả lại người gửi"),
            cls.HANDED_OVER: _l("Bàn giao cơ quan chức năng"),
            cls.CONFISCATED: _l("Tịch thu"),
            cls.DESTROYED: _l("Tiêu hủy"),
        }


case_category = sa.Table(
    "case_category",
    db.metadata,
    sa.Column("case_id", sa.ForeignKey("case.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("category_code", sa.ForeignKey("category.code"), primary_key=True),
    # The cases of a category, in id order: the restricted-category rule of visible_cases
    # reads a period's restricted cases as a slice of it (reports/dashboard.py).
    sa.Index("ix_case_category_code_case", "category_code", "case_id"),
)


def _searchable(context) -> str:
    """Fold a new case's searchable columns (the search_text column's default)."""
    row = context.get_current_parameters()
    return search.search_text(row.get("reference"), row.get("tracking_number"),
                              row.get("description"))


class Case(db.Model):
    """A suspicious postal item flagged by a firm, from draft to closed."""

    __table_args__ = (
        sa.CheckConstraint("declared_value IS NULL OR declared_value >= 0", name="value_positive"),
        sa.CheckConstraint("weight_kg IS NULL OR weight_kg > 0", name="weight_positive"),
        sa.CheckConstraint("pieces IS NULL OR pieces >= 1", name="pieces_positive"),
        sa.CheckConstraint("status = 'draft' OR status = 'withdrawn' OR reference IS NOT NULL",
                           name="submitted_has_reference"),
        # The case list, newest first, paged by keyset (created_at, id): one index per role's
        # default list and the status filter, so a page reads 26 index entries at any depth
        # (docs/performance.md). Firms: their firm; provinces: their province; the Ministry
        # and agencies (through referral.ix_referral_agency_case): every case.
        sa.Index("ix_case_created", "created_at", "id"),
        sa.Index("ix_case_firm_created", "firm_id", "created_at", "id"),
        sa.Index("ix_case_province_created", "province_code", "created_at", "id"),
        sa.Index("ix_case_status_created", "status", "created_at", "id"),
        # A supervisor's status filter within a province (a Sở's every status filter): the page
        # and its capped count read exactly their rows (count 2.1 → 0.17 ms at 1 M).
        sa.Index("ix_case_province_status_created", "province_code", "status", "created_at", "id",
                 postgresql_where=sa.text("reference IS NOT NULL")),
        # The dashboard (reports/dashboard.py) counts submitted cases by period: these cover its
        # GROUP BYs so PostgreSQL answers from the index alone (index-only scans).
        sa.Index("ix_case_submitted", "submitted_at",
                 postgresql_include=["province_code", "status", "firm_id", "id"],
                 postgresql_where=sa.text("reference IS NOT NULL")),
        sa.Index("ix_case_province_submitted", "province_code", "submitted_at",
                 postgresql_include=["status", "firm_id", "id"],
                 postgresql_where=sa.text("reference IS NOT NULL")),
        # Joins from referrals to their (visible) case, e.g. overdue referrals: index-only.
        sa.Index("ix_case_visible", "id", postgresql_include=["province_code"],
                 postgresql_where=sa.text("reference IS NOT NULL")).ddl_if(
            dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Human reference assigned at submission, e.g. HN-2026-000123.
    reference: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    status: Mapped[CaseStatus] = mapped_column(enum_type(CaseStatus), default=CaseStatus.DRAFT)
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    #: The province where the item was stopped; decides supervision and numbering.
    province_code: Mapped[str] = mapped_column(sa.ForeignKey("province.code"))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Optimistic lock: a stale form or a racing writer gets a conflict, not a lost update.
    version: Mapped[int] = mapped_column(default=1)
    #: Bumped at each reopening; only the current round's referrals decide the status.
    round: Mapped[int] = mapped_column(default=1)

    # The item
    tracking_number: Mapped[str] = mapped_column(sa.String(40), index=True)
    service_scope: Mapped[ServiceScope | None] = mapped_column(enum_type(ServiceScope))
    service_type: Mapped[ServiceType | None] = mapped_column(enum_type(ServiceType))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acceptance_office: Mapped[str] = mapped_column(sa.String(200), default="")
    origin_province_code: Mapped[str | None] = mapped_column(sa.ForeignKey("province.code"))
    origin_country: Mapped[str | None] = mapped_column(sa.String(2))
    destination_province_code: Mapped[str | None] = mapped_column(sa.ForeignKey("province.code"))
    destination_country: Mapped[str | None] = mapped_column(sa.String(2))
    declared_contents: Mapped[str] = mapped_column(sa.String(500), default="")
    declared_value: Mapped[int | None] = mapped_column(sa.BigInteger)
    weight_kg: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 3))
    pieces: Mapped[int | None] = mapped_column()

    # The parties: personal data, encrypted field by field (see caseflow/privacy/fields.py).
    #: Random row identity bound into every encrypted value of the row.
    uid: Mapped[str] = mapped_column(sa.String(32), unique=True,
                                     default=lambda: uuid.uuid4().hex)
    _sender_name: Mapped[str] = mapped_column("sender_name", sa.Text, default="")
    _sender_phone: Mapped[str] = mapped_column("sender_phone", sa.Text, default="")
    _sender_address: Mapped[str] = mapped_column("sender_address", sa.Text, default="")
    _sender_id_number: Mapped[str] = mapped_column("sender_id_number", sa.Text, default="")
    _recipient_name: Mapped[str] = mapped_column("recipient_name", sa.Text, default="")
    _recipient_phone: Mapped[str] = mapped_column("recipient_phone", sa.Text, default="")
    _recipient_address: Mapped[str] = mapped_column("recipient_address", sa.Text, default="")
    #: Blind indexes (HMAC of the normalised value) for exact-match search.
    sender_phone_index: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    sender_id_index: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    recipient_phone_index: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    #: When the retention rule blanked the personal data.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    sender_name = Encrypted()
    sender_phone = Encrypted(index="sender_phone_index", kind="phone", normalise=normalise.phone)
    sender_address = Encrypted()
    sender_id_number = Encrypted(index="sender_id_index", kind="id",
                                 normalise=normalise.id_number)
    recipient_name = Encrypted()
    recipient_phone = Encrypted(index="recipient_phone_index", kind="phone",
                                normalise=normalise.phone)
    recipient_address = Encrypted()

    # The detection
    dong_kiem_done: Mapped[bool] = mapped_column(default=False)
    detection_method: Mapped[DetectionMethod | None] = mapped_column(enum_type(DetectionMethod))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: Reference, tracking number and description folded for search (cases/search.py).
    search_text: Mapped[str] = mapped_column(sa.Text, default=_searchable, server_default="")
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    held_at: Mapped[str] = mapped_column(sa.String(300), default="")
    seal_number: Mapped[str] = mapped_column(sa.String(60), default="")

    # The end: what became of the parcel, recorded by the firm at closing
    disposition: Mapped[Disposition | None] = mapped_column(enum_type(Disposition))
    disposition_note: Mapped[str] = mapped_column(sa.Text, default="")

    firm: Mapped[Organisation] = relationship(foreign_keys=[firm_id])
    province: Mapped[Province] = relationship(foreign_keys=[province_code])
    origin_province: Mapped[Province | None] = relationship(foreign_keys=[origin_province_code])
    destination_province: Mapped[Province | None] = relationship(
        foreign_keys=[destination_province_code])
    created_by: Mapped[User] = relationship()
    categories: Mapped[list[Category]] = relationship(secondary=case_category,
                                                      order_by=Category.sort_order)
    referrals: Mapped[list[Referral]] = relationship(back_populates="case",
                                                     order_by="Referral.id")
    timeline: Mapped[list[TimelineEntry]] = relationship(back_populates="case",
                                                         order_by="TimelineEntry.id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def label(self) -> str:
        """Return the reference, or a draft label before submission."""
        return case_label(self.reference, self.id)


def case_label(reference: str | None, case_id: int) -> str:
    """Return a case's reference, or a draft label before submission."""
    return reference or str(_l("Nháp #%(id)s", id=case_id))


sa.event.listen(Case.__table__, "after_create", search.create_index)


@sa.event.listens_for(Case, "before_update")
def _refold_search_text(_mapper, _connection, case: Case) -> None:
    """Keep the folded search text in step when the reference, parcel or description change."""
    case.search_text = search.search_text(case.reference, case.tracking_number, case.description)


class ReferenceCounter(db.Model):
    """The last case number issued per province and year; bumped in the submit transaction."""

    province_code: Mapped[str] = mapped_column(sa.ForeignKey("province.code"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)
