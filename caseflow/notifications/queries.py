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


#: The badge counts unread notifications up to here ("99+" beyond): a user who never reads
#: them (100,000 unread) would otherwise make every page count them all (7-14 ms).
UNREAD_CAP = 100


def unread_counter(user_id: sa.ColumnElement[int] | int) -> sa.ScalarSelect:
    """Return the unread count of a user, stopping at UNREAD_CAP, as a subquery."""
    unread = (sa.select(Notification.id).where(Notification.user_id == user_id,
                                               Notification.read_at.is_(None))
              .limit(UNREAD_CAP).subquery())
    return sa.select(sa.func.count()).select_from(unread).scalar_subquery()


def unread_count(user: User) -> int:
    """Count the user's unread notifications, up to UNREAD_CAP (one indexed read per page)."""
    if not user.is_authenticated:
        return 0
    return db.session.scalar(sa.select(unread_counter(user.id))) or 0


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
