"""The user's notifications and the unread count of the badge."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.notifications.models import Notification


def unread_count(user: User) -> int:
    """Count the user's unread notifications (one indexed COUNT per page)."""
    if not user.is_authenticated:
        return 0
    query = permissions.visible_notifications(user).where(Notification.read_at.is_(None))
    return db.session.scalar(query.with_only_columns(sa.func.count())) or 0


def latest(user: User, limit: int = 100) -> list[Notification]:
    """Return the user's notifications, newest first."""
    return list(db.session.scalars(permissions.visible_notifications(user)
                                   .order_by(Notification.id.desc()).limit(limit)))


def notification_for(user: User, notification_id: int) -> Notification:
    """Load one of the user's notifications, or raise NotFound."""
    found = db.session.scalar(permissions.visible_notifications(user)
                              .where(Notification.id == notification_id))
    if found is None:
        raise NotFound()
    return found
