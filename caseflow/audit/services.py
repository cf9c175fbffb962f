"""Write audit events."""

from __future__ import annotations

from typing import Any

from caseflow.accounts.models import User
from caseflow.audit.models import AuditEvent
from caseflow.extensions import db


def record(action: str, *, actor: User | None, object_type: str, object_id: int | None,
           **payload: Any) -> AuditEvent:
    """Append one event to the session; the caller's commit makes it durable."""
    event = AuditEvent(action=action, actor_id=actor.id if actor else None,
                       object_type=object_type, object_id=object_id, payload=payload)
    db.session.add(event)
    return event
