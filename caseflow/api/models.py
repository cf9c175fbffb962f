"""API keys and the responses kept for Idempotency-Key retries."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.accounts.models import Organisation, User
from caseflow.db_types import UTCDateTime, utcnow
from caseflow.extensions import db


class ApiKey(db.Model):
    """A secret a firm's or agency's system presents as `Authorization: Bearer <token>`.

    Only the SHA-256 of the token is kept (the token has 256 random bits, so a plain hash is
    enough); the token is shown once, at creation. Each key acts through a service user of its
    own (`user`), so the audit log and the timeline name the key that did something.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    #: The key's service user: role from permissions.api_role_for, no usable password.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    #: The token's first characters, shown in lists so that people can tell keys apart.
    prefix: Mapped[str] = mapped_column(sa.String(16), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    organisation: Mapped[Organisation] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])

    @property
    def active(self) -> bool:
        """Tell whether the key still opens the API."""
        return self.revoked_at is None


class IdempotencyRecord(db.Model):
    """The first response to a request sent with an Idempotency-Key, replayed to retries."""

    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "key", name="uq_idempotency_record_org_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    key: Mapped[str] = mapped_column(sa.String(200))
    #: SHA-256 of method, path and body: the same key with another request is refused.
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    status_code: Mapped[int] = mapped_column()
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
