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
from caseflow.main.keyset import Order

#: The lists' orders, newest first; the paging keys on them (main/keyset.py).
REPORT_ORDER = Order(Difficulty.submitted_at, Difficulty.id)
#: Published reports always carry published_at (services.publish sets it with the status).
GUIDANCE_ORDER = Order(Difficulty.published_at, Difficulty.id)


def difficulty_for(user: User, difficulty_id: int) -> Difficulty:
    """Load a report the user may see, or raise NotFound."""
    found = db.session.scalar(permissions.visible_difficulties(user).where(
        Difficulty.id == difficulty_id).options(joinedload(Difficulty.firm)))
    if found is None:
        raise NotFound()
    return found


def filtered(user: User, filters: dict[str, Any]) -> Select:
    """Return the visible reports narrowed by status, newest first."""
    query = permissions.visible_difficulties(user)
    if filters.get("status"):
        query = query.where(Difficulty.status == filters["status"])
    return REPORT_ORDER.newest_first(
        query.options(joinedload(Difficulty.firm), joinedload(Difficulty.province)))


def guidance(user: User) -> Select:
    """Return the published answers (guidance for every firm), newest first."""
    return GUIDANCE_ORDER.newest_first(permissions.visible_difficulties(user).where(
        Difficulty.status == DifficultyStatus.PUBLISHED).options(joinedload(Difficulty.firm)))
