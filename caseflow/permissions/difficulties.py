"""Difficulty reports of postal firms and the guidance published on them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Select

from caseflow.accounts.models import Role, User
from caseflow.difficulties.models import Addressee, Difficulty, DifficultyStatus
from caseflow.permissions._base import FIRM_ROLES, INSPECTION_ROLES, _supervises
from caseflow.workflow.transitions import Transition


def difficulty_visibility(user: User) -> sa.ColumnElement[bool]:
    """Limit difficulty reports: the firm's own, those addressed to the user's Sở (also after
    forwarding), all for the Ministry; published guidance for every firm and supervisor."""
    published = Difficulty.status == DifficultyStatus.PUBLISHED
    if user.role in FIRM_ROLES:
        return sa.or_(Difficulty.firm_id == user.organisation_id, published)
    if user.role is Role.PROVINCIAL_SUPERVISOR:
        return sa.or_(Difficulty.province_code == user.organisation.province_code, published)
    if user.role is Role.NATIONAL_SUPERVISOR:
        return sa.true()
    return sa.false()


def visible_difficulties(user: User) -> Select:
    """Return the difficulty reports this user may see, as a query to refine."""
    return sa.select(Difficulty).where(difficulty_visibility(user))


def can_open_difficulties(user: User) -> bool:
    """Tell whether the user reaches difficulty reports and guidance (firms, supervisors)."""
    return user.is_authenticated and user.role in INSPECTION_ROLES


def can_submit_difficulty(user: User) -> bool:
    """Tell whether the user may submit a difficulty report (a firm's staff)."""
    return user.is_authenticated and user.role in FIRM_ROLES


def acts_on_difficulty(user: User, difficulty: Difficulty, transition: Transition) -> bool:
    """Tell whether the user may press this transition: the firm on its own report, the Sở
    holding a report addressed to it, the Ministry on reports addressed (or forwarded) to it."""
    if user.role not in transition.roles:
        return False
    if user.role in FIRM_ROLES:
        return difficulty.firm_id == user.organisation_id
    if user.role is Role.PROVINCIAL_SUPERVISOR:
        return difficulty.addressee is Addressee.PROVINCE \
            and _supervises(user, difficulty.province_code)
    return user.role is Role.NATIONAL_SUPERVISOR and difficulty.addressee is Addressee.MINISTRY
