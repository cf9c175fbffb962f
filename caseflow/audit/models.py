"""Audit events; payloads carry ids and names of things, never personal data."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db_types import UTCDateTime, utcnow
from caseflow.extensions import db


class AuditEvent(db.Model):
    """One recorded action, appended and never changed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(30))
    object_id: Mapped[int | None] = mapped_column()
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
