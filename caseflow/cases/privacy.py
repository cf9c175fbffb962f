"""Masking of sender and recipient data for readers not entitled to it."""

from __future__ import annotations

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.cases.models import Case

PERSONAL_FIELDS = ("sender_name", "sender_phone", "sender_address", "sender_id_number",
                   "recipient_name", "recipient_phone", "recipient_address")


def mask_name(value: str) -> str:
    """Keep each word's initial: Nguyễn Văn An → N*** V*** A***."""
    return " ".join(f"{word[0]}***" for word in value.split())


def mask_tail(value: str, keep: int = 3) -> str:
    """Keep the last characters of a number: 0912345678 → *******678."""
    digits = "".join(ch for ch in value if ch.isalnum())
    return "*" * max(len(digits) - keep, 3) + digits[-keep:] if digits else ""


def mask_address(value: str) -> str:
    """Keep only the province, the last part of an address."""
    parts = [p.strip() for p in value.split(",") if p.strip()]
    return f"***, {parts[-1]}" if len(parts) > 1 else ("***" if value else "")


MASKS = {
    "sender_name": mask_name, "recipient_name": mask_name,
    "sender_phone": mask_tail, "recipient_phone": mask_tail, "sender_id_number": mask_tail,
    "sender_address": mask_address, "recipient_address": mask_address,
}


def parties_for(user: User, case: Case) -> tuple[dict[str, str], bool]:
    """Return the personal fields as this user may see them, and whether they are masked."""
    values = {name: getattr(case, name) or "" for name in PERSONAL_FIELDS}
    if permissions.may_see_personal_data(user, case):
        return values, False
    return {name: MASKS[name](value) for name, value in values.items()}, True
