"""Edit the catalogue: every change is a new version with a "valid from" date, never a deletion.

The Category row keeps the values of the version in force today, so the rest of the app (the
flag form, referral suggestions, the restricted-category rule) reads one table as before.
`sync_all()` brings every row in line; it runs after each edit and daily (`flask catalogue
sync`) for versions whose date arrives later.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from caseflow.accounts.models import OrgKind, User
from caseflow.audit import services as audit
from caseflow.catalogue.models import VERSIONED_FIELDS, Category, CategoryVersion, Severity
from caseflow.db_types import utcnow
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import to_local


def today() -> date:
    """Return today's date in Vietnam."""
    return to_local(utcnow()).date()


def _values(data: dict[str, Any]) -> dict[str, Any]:
    return {"sort_order": data["sort_order"] or 0, "name_vi": data["name_vi"],
            "name_en": data["name_en"], "postal_legal_basis": data["postal_legal_basis"] or "",
            "criminal_code_articles": data["criminal_code_articles"] or "",
            "lead_agency": OrgKind(data["lead_agency"]),
            "support_agencies": ",".join(data["support_agencies"] or []),
            "restricted": bool(data["restricted"]), "severity": Severity(data["severity"]),
            "active": bool(data["active"])}


def save_category(category: Category | None, *, actor: User, data: dict[str, Any]) -> Category:
    """Record a new version of a category (creating the category if new) from form data."""
    valid_from = data.get("valid_from") or today()
    values = _values(data)
    if category is None:
        if db.session.get(Category, data["code"]):
            raise ValidationFailed(_("Mã nhóm đã tồn tại."), {"code": [_("Mã nhóm đã tồn tại.")]})
        # Until its first version is in force a new category stays inactive.
        category = Category(code=data["code"], **{**values, "active": valid_from <= today()
                                                   and values["active"]})
        db.session.add(category)
        db.session.flush()
    version = CategoryVersion(category_code=category.code, valid_from=valid_from,
                              note=data.get("note") or "", created_by_id=actor.id, **values)
    db.session.add(version)
    db.session.flush()
    sync_category(category, today())
    audit.record("category.save", actor=actor, object_type="category", object_id=None,
                 code=category.code, version_id=version.id, valid_from=valid_from.isoformat())
    return category


def version_in_force(versions: list[CategoryVersion], day: date) -> CategoryVersion | None:
    """Return the version in force on the day: the latest valid_from on or before it."""
    due = [v for v in versions if v.valid_from <= day]
    return max(due, key=lambda v: (v.valid_from, v.id)) if due else None


def versions_of(code: str) -> list[CategoryVersion]:
    """Return a category's versions, newest valid_from first."""
    return list(db.session.scalars(
        sa.select(CategoryVersion).where(CategoryVersion.category_code == code)
        .order_by(CategoryVersion.valid_from.desc(), CategoryVersion.id.desc())))


def sync_category(category: Category, day: date) -> bool:
    """Copy the version in force on the day into the category row; tell whether it changed."""
    version = version_in_force(versions_of(category.code), day)
    if version is None:
        return False
    changed = False
    for name in VERSIONED_FIELDS:
        if getattr(category, name) != getattr(version, name):
            setattr(category, name, getattr(version, name))
            changed = True
    return changed


def sync_all(day: date | None = None) -> int:
    """Bring every category row in line with its version in force; return how many changed."""
    day = day or today()
    changed = sum(sync_category(c, day) for c in db.session.scalars(sa.select(Category)))
    db.session.flush()
    return changed
