"""Create and read notifications; services flush, the caller commits."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import force_locale

from caseflow.accounts.models import Organisation, OrgKind, Role, User
from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.notifications import outbox
from caseflow.notifications.models import (
    Channel,
    Notification,
    NotificationKind,
    NotificationOptOut,
)


def notify(users: Iterable[User], text: str, url: str) -> int:
    """Queue one notification per distinct active user; return how many."""
    seen: set[int] = set()
    for user in users:
        if user.id in seen or not user.active:
            continue
        seen.add(user.id)
        db.session.add(Notification(user_id=user.id, text=str(text)[:300],
                                    text_en=getattr(text, "english", "")[:300], url=url[:300]))
    db.session.flush()
    return len(seen)


class NoticeText(str):
    """A notification's line in Vietnamese (what is stored and e-mailed), carrying its English
    twin for readers who chose English."""

    english: str = ""


def in_vietnamese(make_text) -> NoticeText:
    """Build a notification's text in Vietnamese, whatever the actor's interface language,
    with the English line beside it (the reader's language is known only when reading)."""
    with force_locale("vi"):
        text = NoticeText(str(make_text()))
    with force_locale("en"):
        text.english = str(make_text())
    return text


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


def send(users: Iterable[User], kind: NotificationKind, *, text: str, path: str) -> int:
    """Notify each distinct active user in-app and by e-mail, as each chose; return how many.

    The e-mail goes to the outbox in the caller's transaction: no event, no e-mail.
    """
    users = list({u.id: u for u in users if u.active}.values())
    off = opted_out([u.id for u in users], kind)
    notify([u for u in users if (u.id, Channel.IN_APP) not in off], text, path)
    for user in users:
        if user.email and (user.id, Channel.EMAIL) not in off:
            outbox.queue(user, kind, text=text, path=path)
    db.session.flush()
    return len(users)


def opted_out(user_ids: list[int], kind: NotificationKind) -> set[tuple[int, Channel]]:
    """Return the (user, channel) pairs on which these users switched this kind off."""
    if not user_ids:
        return set()
    rows = db.session.execute(sa.select(NotificationOptOut.user_id, NotificationOptOut.channel)
                              .where(NotificationOptOut.user_id.in_(user_ids),
                                     NotificationOptOut.kind == kind))
    return {(user_id, channel) for user_id, channel in rows}


def settings_of(user: User) -> set[tuple[NotificationKind, Channel]]:
    """Return the (kind, channel) pairs the user switched off."""
    return {(row.kind, row.channel) for row in db.session.scalars(
        sa.select(NotificationOptOut).where(NotificationOptOut.user_id == user.id))}


def save_settings(user: User, *, offered: Iterable[NotificationKind],
                  switched_on: set[tuple[NotificationKind, Channel]]) -> None:
    """Switch the offered kinds on or off per channel: every pair not switched on is off."""
    offered = list(offered)
    db.session.execute(sa.delete(NotificationOptOut).where(
        NotificationOptOut.user_id == user.id, NotificationOptOut.kind.in_(offered)))
    db.session.add_all(NotificationOptOut(user_id=user.id, kind=kind, channel=channel)
                       for kind in offered for channel in Channel
                       if (kind, channel) not in switched_on)
    db.session.flush()
