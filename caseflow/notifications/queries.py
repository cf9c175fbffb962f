"""The user's notifications and the unread count of the badge."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.main.keyset import Order
from caseflow.notifications.models import Notification

#: The list's order, newest first; the paging keys on it (main/keyset.py).
ORDER = Order(Notification.created_at, Notification.id)


def unread_count(user: User) -> int:
    """Count the user's unread notifications (one indexed COUNT per page)."""
    if not user.is_authenticated:
        return 0
    query = permissions.visible_notifications(user).where(Notification.read_at.is_(None))
    return db.session.scalar(query.with_only_columns(sa.func.count())) or 0


def listed(user: User) -> sa.Select:
    """Return the user's notifications, newest first, as a query to page."""
    return ORDER.newest_first(permissions.visible_notifications(user))


def notification_for(user: User, notification_id: int) -> Notification:
    """Load one of the user's notifications, or raise NotFound."""
    found = db.session.scalar(permissions.visible_notifications(user)
                              .where(Notification.id == notification_id))
    if found is None:
        raise NotFound()
    return found
