"""Create and read notifications; services flush, the caller commits."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import force_locale

from caseflow.accounts.models import Organisation, OrgKind, Role, User
from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.notifications.models import Notification


def notify(users: Iterable[User], text: str, url: str) -> int:
    """Queue one notification per distinct active user; return how many."""
    seen: set[int] = set()
    for user in users:
        if user.id in seen or not user.active:
            continue
        seen.add(user.id)
        db.session.add(Notification(user_id=user.id, text=text[:300], url=url[:300]))
    db.session.flush()
    return len(seen)


def in_vietnamese(make_text) -> str:
    """Build a notification's text in Vietnamese, whatever the actor's interface language."""
    with force_locale("vi"):
        return str(make_text())


def users_of(organisation_id: int, roles: Iterable[Role] | None = None) -> list[User]:
    """Return the active users of an organisation, optionally of some roles."""
    query = sa.select(User).where(User.organisation_id == organisation_id,
                                  User.active.is_(True))
    if roles is not None:
        query = query.where(User.role.in_(list(roles)))
    return list(db.session.scalars(query))


def provincial_supervisors(province_code: str | None) -> list[User]:
    """Return the active supervisors of the Sở KH&CN of a province."""
    return list(db.session.scalars(
        sa.select(User).join(Organisation, Organisation.id == User.organisation_id)
        .where(Organisation.kind == OrgKind.DOST, Organisation.province_code == province_code,
               User.role == Role.PROVINCIAL_SUPERVISOR, User.active.is_(True))))


def national_supervisors() -> list[User]:
    """Return the active supervisors at the Ministry."""
    return list(db.session.scalars(sa.select(User).where(
        User.role == Role.NATIONAL_SUPERVISOR, User.active.is_(True))))


def mark_read(notification: Notification) -> None:
    """Mark one of the user's notifications read."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; return how many."""
    result = db.session.execute(sa.update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()))
    return result.rowcount
