"""Edit the catalogue: categories are added, reworded and deactivated, never deleted."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from caseflow.accounts.models import OrgKind, User
from caseflow.audit import services as audit
from caseflow.catalogue.models import Category, Severity
from caseflow.errors import ValidationFailed
from caseflow.extensions import db


def save_category(category: Category | None, *, actor: User, data: dict[str, Any]) -> Category:
    """Create or update a category from validated form data."""
    if category is None:
        if db.session.get(Category, data["code"]):
            raise ValidationFailed(_("Mã nhóm đã tồn tại."), {"code": [_("Mã nhóm đã tồn tại.")]})
        category = Category(code=data["code"])
        db.session.add(category)
    category.sort_order = data["sort_order"] or 0
    category.name_vi, category.name_en = data["name_vi"], data["name_en"]
    category.postal_legal_basis = data["postal_legal_basis"] or ""
    category.criminal_code_articles = data["criminal_code_articles"] or ""
    category.lead_agency = OrgKind(data["lead_agency"])
    category.support_agencies = ",".join(data["support_agencies"] or [])
    category.restricted, category.active = data["restricted"], data["active"]
    category.severity = Severity(data["severity"])
    db.session.flush()
    audit.record("category.save", actor=actor, object_type="category", object_id=None,
                 code=category.code)
    return category
