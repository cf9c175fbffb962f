"""Record a suspected breach, mark it notified, and describe its clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from caseflow.accounts.models import User
from caseflow.audit import services as audit
from caseflow.db_types import utcnow
from caseflow.errors import Conflict, ValidationFailed
from caseflow.extensions import db
from caseflow.privacy.models import Breach, BreachStatus

FIELDS = ("detected_at", "occurred_at", "nature", "data_affected", "people_affected",
          "consequences", "measures", "dpo_name", "dpo_contact")


@dataclass(frozen=True)
class Clock:
    """How much of the 72 hours is left (negative when overdue)."""

    deadline: datetime
    seconds_left: int

    @property
    def overdue(self) -> bool:
        return self.seconds_left < 0

    @property
    def hours_minutes(self) -> tuple[int, int]:
        left = abs(self.seconds_left)
        return left // 3600, left % 3600 // 60


def clock(breach: Breach, now: datetime | None = None) -> Clock:
    """Return the breach's notification clock."""
    now = now or utcnow()
    end = breach.notified_at or now
    return Clock(breach.deadline, int((breach.deadline - end).total_seconds()))


def record(*, actor: User, data: dict[str, Any]) -> Breach:
    """Record a suspected breach; the clock starts at its detection time."""
    if data["detected_at"] > utcnow():
        message = _("Thời điểm phát hiện không được ở tương lai.")
        raise ValidationFailed(message, {"detected_at": [message]})
    if data.get("occurred_at") and data["occurred_at"] > data["detected_at"]:
        message = _("Thời điểm xảy ra không thể sau thời điểm phát hiện.")
        raise ValidationFailed(message, {"occurred_at": [message]})
    breach = Breach(recorded_by=actor, **{f: data.get(f) for f in FIELDS})
    db.session.add(breach)
    db.session.flush()
    audit.record("breach.record", actor=actor, object_type="breach", object_id=breach.id)
    return breach


def mark_notified(breach: Breach, *, actor: User, expected_version: int) -> Breach:
    """Record that the notification was sent to the Ministry of Public Security."""
    if breach.version != expected_version or breach.status is not BreachStatus.OPEN:
        raise Conflict(_("Sự cố đã được cập nhật; vui lòng tải lại trang."))
    breach.status, breach.notified_at = BreachStatus.NOTIFIED, utcnow()
    db.session.flush()
    audit.record("breach.notified", actor=actor, object_type="breach", object_id=breach.id)
    return breach


def all_breaches() -> list[Breach]:
    """Return every breach, newest first."""
    return list(db.session.scalars(sa.select(Breach).order_by(Breach.detected_at.desc())))


def notification_context(breach: Breach) -> dict[str, Any]:
    """Plain values for the notification PDF (Decree 13/2023, form of notification)."""
    from caseflow.i18n import format_datetime_vn

    return {
        "id": breach.id, "detected_at": format_datetime_vn(breach.detected_at),
        "occurred_at": format_datetime_vn(breach.occurred_at),
        "deadline": format_datetime_vn(breach.deadline),
        "notified_at": format_datetime_vn(breach.notified_at),
        "nature": breach.nature, "data_affected": breach.data_affected,
        "people_affected": f"{breach.people_affected:,}".replace(",", "."),
        "consequences": breach.consequences, "measures": breach.measures,
        "dpo_name": breach.dpo_name, "dpo_contact": breach.dpo_contact,
        "today": format_datetime_vn(utcnow())[:10],
        "recorded_by": breach.recorded_by.full_name,
        "controller": breach.recorded_by.organisation.name,
    }
