"""A notification: one line of text and a link, for one user."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db_types import UTCDateTime, utcnow
from caseflow.extensions import db


class Notification(db.Model):
    """Something that happened which the user should look at."""

    __table_args__ = (sa.Index("ix_notification_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    #: Written in Vietnamese when created; carries no personal data.
    text: Mapped[str] = mapped_column(sa.String(300))
    #: A path inside the app (never an external URL).
    url: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
