"""The timeline: one row per status change or note, written with the change."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.accounts.models import User
from caseflow.cases.models import Case
from caseflow.db_types import LabelledEnum, UTCDateTime, enum_type, utcnow
from caseflow.extensions import db
from caseflow.referrals.models import Referral


class EntryKind(LabelledEnum):
    TRANSITION = "transition"
    NOTE = "note"
    EDIT = "edit"

    @classmethod
    def labels(cls) -> dict:
        return {cls.TRANSITION: _l("Chuyển trạng thái"), cls.NOTE: _l("Ghi chú"),
                cls.EDIT: _l("Cập nhật")}


class TimelineEntry(db.Model):
    """Who did what to a case (or one of its referrals), when and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(sa.ForeignKey("referral.id"))
    #: None for changes the engine derives on its own (e.g. all referrals declined).
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    kind: Mapped[EntryKind] = mapped_column(enum_type(EntryKind))
    #: Name of the transition in the workflow table, for status changes.
    transition: Mapped[str] = mapped_column(sa.String(40), default="")
    from_status: Mapped[str] = mapped_column(sa.String(20), default="")
    to_status: Mapped[str] = mapped_column(sa.String(20), default="")
    #: The reason or note the actor gave.
    text: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="timeline")
    referral: Mapped[Referral | None] = relationship()
    actor: Mapped[User | None] = relationship()


class Timer(LabelledEnum):
    """The two clocks a referral runs (DESIGN.md "Timers")."""

    ACK = "ack"
    REVIEW = "review"

    @classmethod
    def labels(cls) -> dict:
        return {cls.ACK: _l("Hạn tiếp nhận (nội bộ)"), cls.REVIEW: _l("Hạn tạm giữ tang vật")}


class TimerLevel(LabelledEnum):
    """How far a timer has run: 75 % used, breached, breached by as much again."""

    WARNING = "warning"
    BREACH = "breach"
    NATIONAL = "national"

    @classmethod
    def labels(cls) -> dict:
        return {cls.WARNING: _l("Sắp đến hạn"), cls.BREACH: _l("Quá hạn"),
                cls.NATIONAL: _l("Quá hạn gấp đôi")}


class TimerNotice(db.Model):
    """A warning or escalation sent for one timer of one referral: each is sent once."""

    __table_args__ = (sa.UniqueConstraint("referral_id", "timer", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referral.id"))
    timer: Mapped[Timer] = mapped_column(enum_type(Timer))
    level: Mapped[TimerLevel] = mapped_column(enum_type(TimerLevel))
    #: The deadline the notice was about.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: How many users were notified (0 when nobody could be).
    recipients: Mapped[int] = mapped_column(default=0)
