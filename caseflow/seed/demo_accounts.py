"""The demo's organisations and users: found by name and username, created when missing."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from caseflow.accounts.models import Organisation, OrgKind, Role, User
from caseflow.accounts.services import hash_password
from caseflow.extensions import db
from caseflow.seed import demo_data

PASSWORD = "caseflow-demo-2026"
#: The demo's two provinces, by the suffix of their agency and Sở usernames.
CITY = {"01": "hn", "79": "hcm"}


@dataclass
class Ctx:
    """The demo organisations and users, by key and by username."""

    orgs: dict[str, Organisation]
    users: dict[str, User]


def accounts() -> tuple[Ctx, int]:
    """Find or create the demo organisations and users; return them and how many are new."""
    orgs, new_orgs = _organisations()
    users, new_users = _users(orgs)
    return Ctx(orgs, users), new_orgs + new_users


def _organisations() -> tuple[dict[str, Organisation], int]:
    """Find or create the demo organisations, by name."""
    orgs, new = {}, 0
    for key, name, short, kind, province, address, phone in demo_data.ORGANISATIONS:
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == name))
        if org is None:
            org = Organisation(name=name, short_name=short, kind=OrgKind(kind),
                               province_code=province, address=address, phone=phone)
            db.session.add(org)
            new += 1
        orgs[key] = org
    db.session.flush()
    return orgs, new


def _users(orgs: dict[str, Organisation]) -> tuple[dict[str, User], int]:
    """Find or create the demo users, by username; all share the demo password."""
    users, new, password_hash = {}, 0, None
    for username, full_name, role, org_key in demo_data.USERS:
        user = db.session.scalar(sa.select(User).where(User.username == username))
        if user is None:
            password_hash = password_hash or hash_password(PASSWORD)  # argon2 is slow: once
            user = User(username=username, full_name=full_name, role=Role(role),
                        organisation=orgs[org_key], password_hash=password_hash)
            db.session.add(user)
            new += 1
        users[username] = user
    db.session.flush()
    return users, new
