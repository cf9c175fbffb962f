"""In-app notifications: each user reads only the own."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Select

from caseflow.accounts.models import User
from caseflow.notifications.models import Notification


def visible_notifications(user: User) -> Select:
    """Return the user's own notifications."""
    return sa.select(Notification).where(Notification.user_id == user.id)
