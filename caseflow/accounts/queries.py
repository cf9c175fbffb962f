"""Read-only lists of provinces, organisations and users."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from caseflow.accounts.models import AGENCY_KINDS, Organisation, OrgKind, Province, User
from caseflow.extensions import db


def provinces() -> list[Province]:
    """Return the 34 provinces in code order."""
    return list(db.session.scalars(sa.select(Province).order_by(Province.code)))


def province_choices(*, blank: bool = False, blank_label: str = "—") -> list[tuple[str, str]]:
    """Return (code, name) pairs for a select field."""
    choices = [(p.code, p.name) for p in provinces()]
    return [("", blank_label), *choices] if blank else choices


def organisations(kinds: Iterable[OrgKind] | None = None, *, active_only: bool = False
                  ) -> list[Organisation]:
    """Return organisations, optionally of some kinds, by kind and name."""
    query = sa.select(Organisation).order_by(Organisation.kind, Organisation.name)
    if kinds is not None:
        query = query.where(Organisation.kind.in_(list(kinds)))
    if active_only:
        query = query.where(Organisation.active.is_(True))
    return list(db.session.scalars(query))


def organisation_choices() -> list[tuple[int, str]]:
    """Return (id, name) pairs of every organisation."""
    return [(o.id, f"{o.name} ({o.kind.label})") for o in organisations()]


def agencies(*, active_only: bool = True) -> list[Organisation]:
    """Return the agency units cases may be referred to."""
    return organisations(AGENCY_KINDS, active_only=active_only)


def firms() -> list[Organisation]:
    """Return the postal firms."""
    return organisations([OrgKind.POSTAL_FIRM])


def users() -> list[User]:
    """Return every user with the organisation, by organisation and name."""
    return list(db.session.scalars(
        sa.select(User).join(User.organisation).order_by(Organisation.name, User.username)))
