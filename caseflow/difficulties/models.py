"""A firm's difficulty or question (phản ánh, kiến nghị) and its answer."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.accounts.models import Organisation, Province, User
from caseflow.db_types import LabelledEnum, UTCDateTime, enum_type, utcnow
from caseflow.extensions import db


class Addressee(LabelledEnum):
    """Who the report goes to: the Sở KH&CN of a province, or the Ministry (Vụ Bưu chính)."""

    PROVINCE = "province"
    MINISTRY = "ministry"

    @classmethod
    def labels(cls) -> dict:
        return {cls.PROVINCE: _l("Sở Khoa học và Công nghệ"),
                cls.MINISTRY: _l("Bộ Khoa học và Công nghệ (Vụ Bưu chính)")}


class DifficultyStatus(LabelledEnum):
    SUBMITTED = "submitted"
    FORWARDED = "forwarded"
    ANSWERED = "answered"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"

    @classmethod
    def labels(cls) -> dict:
        return {cls.SUBMITTED: _l("Chờ trả lời"), cls.FORWARDED: _l("Đã chuyển Bộ KH&CN"),
                cls.ANSWERED: _l("Đã trả lời"), cls.PUBLISHED: _l("Đã công bố hướng dẫn"),
                cls.WITHDRAWN: _l("Đã rút")}


#: Reports still waiting for an answer (their deadline runs).
WAITING = frozenset({DifficultyStatus.SUBMITTED, DifficultyStatus.FORWARDED})


class Difficulty(db.Model):
    """A firm's difficulty or question to its Sở KH&CN or to the Ministry."""

    __table_args__ = (
        sa.CheckConstraint("addressee = 'ministry' OR province_code IS NOT NULL",
                           name="province_report_has_province"),
        sa.CheckConstraint("status NOT IN ('answered', 'published') OR answer <> ''",
                           name="answered_has_answer"),
        sa.Index("ix_difficulty_province_status", "province_code", "status"),
        # The lists page newest first, by keyset (difficulties/queries.py): every report by
        # (submitted_at, id), the published guidance by (published_at, id).
        sa.Index("ix_difficulty_submitted", "submitted_at", "id"),
        sa.Index("ix_difficulty_status_published", "status", "published_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    submitted_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    #: Who holds it now: a forwarded report moves from the province to the Ministry.
    addressee: Mapped[Addressee] = mapped_column(enum_type(Addressee))
    #: The Sở KH&CN's province (kept after forwarding, so the province still sees it).
    province_code: Mapped[str | None] = mapped_column(sa.ForeignKey("province.code"))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[DifficultyStatus] = mapped_column(enum_type(DifficultyStatus),
                                                     default=DifficultyStatus.SUBMITTED)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Answer deadline (working days, see difficulties/deadlines.py); reset on forwarding.
    due_on: Mapped[date] = mapped_column(sa.Date)
    forward_note: Mapped[str] = mapped_column(sa.Text, default="")
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answer: Mapped[str] = mapped_column(sa.Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    firm: Mapped[Organisation] = relationship()
    province: Mapped[Province | None] = relationship()
    submitted_by: Mapped[User] = relationship(foreign_keys=[submitted_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    __mapper_args__ = {"version_id_col": version}
