"""The audit log: append-only events chained by HMAC, and the chain's head."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db_types import UTCDateTime, utcnow
from caseflow.extensions import db


class AuditEvent(db.Model):
    """One recorded action. Rows are sealed at commit: a sequence number and an HMAC over the
    previous row's HMAC and this row's content. Payloads carry ids, never personal data."""

    #: The processing log pages newest first by (occurred_at, id), by keyset, unfiltered or
    #: for one user, organisation or case (privacy/queries.py, docs/performance.md).
    __table_args__ = (
        sa.Index("ix_audit_event_occurred", "occurred_at", "id"),
        sa.Index("ix_audit_event_actor_occurred", "actor_id", "occurred_at", "id"),
        sa.Index("ix_audit_event_organisation_occurred", "organisation_id", "occurred_at", "id"),
        sa.Index("ix_audit_event_case_occurred", "case_id", "occurred_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Position in the chain: 1, 2, 3 … without gaps.
    seq: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    actor_role: Mapped[str] = mapped_column(sa.String(30), default="")
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(30))
    object_id: Mapped[int | None] = mapped_column()
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case.id"))
    #: Why the actor did it, when the action asks for a reason (e.g. revealing personal data).
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    ip: Mapped[str] = mapped_column(sa.String(45), default="")
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    actor = relationship("User", viewonly=True)
    organisation = relationship("Organisation", viewonly=True)
    case = relationship("Case", viewonly=True)


class AuditHead(db.Model):
    """The single row holding the chain's last sequence number and hash; appenders queue on it."""

    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    hash: Mapped[str] = mapped_column(sa.String(64), default="0" * 64)


#: On PostgreSQL the database itself refuses to change or remove audit rows.
APPEND_ONLY_SQL = (
    """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit_event is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()""",
)

for _statement in APPEND_ONLY_SQL:
    sa.event.listen(AuditEvent.__table__, "after_create",
                    sa.DDL(_statement).execute_if(dialect="postgresql"))
