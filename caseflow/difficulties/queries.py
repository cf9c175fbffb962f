"""Scoped loaders and lists of difficulty reports and published guidance."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import joinedload

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.difficulties.models import Difficulty, DifficultyStatus
from caseflow.errors import NotFound
from caseflow.extensions import db


def difficulty_for(user: User, difficulty_id: int) -> Difficulty:
    """Load a report the user may see, or raise NotFound."""
    found = db.session.scalar(permissions.visible_difficulties(user).where(
        Difficulty.id == difficulty_id).options(joinedload(Difficulty.firm)))
    if found is None:
        raise NotFound()
    return found


def filtered(user: User, filters: dict[str, Any]) -> Select:
    """Return the visible reports narrowed by status, waiting ones first by deadline."""
    query = permissions.visible_difficulties(user)
    if filters.get("status"):
        query = query.where(Difficulty.status == filters["status"])
    return query.options(joinedload(Difficulty.firm), joinedload(Difficulty.province)) \
        .order_by(Difficulty.submitted_at.desc(), Difficulty.id.desc())


def guidance(user: User) -> Select:
    """Return the published answers (guidance for every firm), newest first."""
    return permissions.visible_difficulties(user).where(
        Difficulty.status == DifficultyStatus.PUBLISHED).options(joinedload(Difficulty.firm)) \
        .order_by(Difficulty.published_at.desc(), Difficulty.id.desc())
