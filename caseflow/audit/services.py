"""Record audit events; they are sealed into the chain when the transaction commits."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from caseflow.accounts.models import User
from caseflow.audit import chain
from caseflow.audit.models import AuditEvent
from caseflow.db_types import utcnow
from caseflow.extensions import db


def record(action: str, *, actor: User | None, object_type: str, object_id: int | None,
           case_id: int | None = None, reason: str = "", **payload: Any) -> AuditEvent:
    """Queue one event in the current transaction; commit seals it, rollback drops it."""
    event = AuditEvent(
        occurred_at=utcnow(), action=action, object_type=object_type, object_id=object_id,
        actor_id=actor.id if actor else None,
        actor_role=actor.role.value if actor else "",
        organisation_id=actor.organisation_id if actor else None,
        case_id=case_id,
        reason=reason, ip=_client_ip(), payload=payload)
    chain.queue(db.session(), event)
    return event


def _client_ip() -> str:
    return (request.remote_addr or "") if has_request_context() else ""
