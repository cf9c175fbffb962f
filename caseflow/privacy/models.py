"""Personal-data breaches: recorded, clocked (72 hours) and notified."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.accounts.models import User
from caseflow.db_types import LabelledEnum, UTCDateTime, enum_type, utcnow
from caseflow.extensions import db

#: Notify the Ministry of Public Security within 72 hours of the breach occurring (Decree
#: 13/2023 Art. 23(1); applied alike under Law 91/2025/QH15 and Decree 356/2025 from 1/1/2026).
NOTIFY_WITHIN = timedelta(hours=72)


class BreachStatus(LabelledEnum):
    OPEN = "open"
    NOTIFIED = "notified"
    CLOSED = "closed"

    @classmethod
    def labels(cls) -> dict:
        return {cls.OPEN: _l("Đang xử lý, chưa thông báo"), cls.NOTIFIED: _l("Đã thông báo"),
                cls.CLOSED: _l("Đã kết thúc")}


class Breach(db.Model):
    """A suspected breach of personal data and what was done about it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[BreachStatus] = mapped_column(enum_type(BreachStatus),
                                                 default=BreachStatus.OPEN)
    #: When the breach was discovered.
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: When the breach happened; the 72-hour clock starts here (None only on rows recorded
    #: before it was required, whose clock falls back to detection).
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    nature: Mapped[str] = mapped_column(sa.Text)
    data_affected: Mapped[str] = mapped_column(sa.Text)
    people_affected: Mapped[int] = mapped_column(default=0)
    consequences: Mapped[str] = mapped_column(sa.Text, default="")
    measures: Mapped[str] = mapped_column(sa.Text, default="")
    dpo_name: Mapped[str] = mapped_column(sa.String(120))
    dpo_contact: Mapped[str] = mapped_column(sa.String(200))
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Why the notice goes out after the 72 hours; required then (Decree 13/2023 Art. 23(1)).
    late_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    version: Mapped[int] = mapped_column(default=1)

    recorded_by: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def deadline(self) -> datetime:
        """The moment the notification is due: 72 hours after the breach occurred."""
        return (self.occurred_at or self.detected_at) + NOTIFY_WITHIN
