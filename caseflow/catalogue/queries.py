"""The public list of prohibited items: the versions in force on a day."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from caseflow.catalogue.models import Category, CategoryVersion
from caseflow.catalogue.poster import criminal_articles
from caseflow.catalogue.services import version_in_force, versions_of
from caseflow.extensions import db


def _row(source: Category | CategoryVersion, valid_from: date | None) -> dict[str, Any]:
    return {"code": getattr(source, "category_code", None) or source.code,
            "sort_order": source.sort_order, "name_vi": source.name_vi,
            "name_en": source.name_en, "legal_basis": source.postal_legal_basis,
            "criminal": source.criminal_code_articles,
            "criminal_articles": criminal_articles(source.criminal_code_articles),
            "active": source.active,
            "valid_from": valid_from}


def public_list(day: date) -> list[dict[str, Any]]:
    """Return the categories in force on the day, as plain rows in catalogue order.

    The catalogue has tens of rows, so the versions are read whole and chosen in Python; a
    category without any version yet (created before versioning) shows its current row.
    """
    versions: dict[str, list[CategoryVersion]] = {}
    for version in db.session.scalars(sa.select(CategoryVersion)
                                      .where(CategoryVersion.valid_from <= day)):
        versions.setdefault(version.category_code, []).append(version)
    rows = []
    for category in db.session.scalars(sa.select(Category)):
        chosen = version_in_force(versions.get(category.code, []), day)
        rows.append(_row(chosen, chosen.valid_from) if chosen else _row(category, None))
    return sorted((r for r in rows if r["active"]), key=lambda r: (r["sort_order"], r["code"]))


def history(code: str) -> list[CategoryVersion]:
    """Return a category's versions, newest first (for the admin page)."""
    return versions_of(code)
