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
from caseflow.documents.context import date_words, place_name
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import format_datetime_vn
from caseflow.privacy import law
from caseflow.privacy.models import Breach
from caseflow.workflow import engine

FIELDS = ("detected_at", "occurred_at", "nature", "data_affected", "people_affected",
          "consequences", "measures", "dpo_name", "dpo_contact", "late_reason")


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
    """Record a suspected breach; the clock runs 72 hours from when it occurred."""
    _check_times(data.get("occurred_at"), data["detected_at"])
    breach = Breach(recorded_by=actor, **{f: data.get(f) for f in FIELDS})
    breach.late_reason = (breach.late_reason or "").strip()
    _require_late_reason(breach, breach.late_reason, utcnow())
    db.session.add(breach)
    db.session.flush()
    audit.record("breach.record", actor=actor, object_type="breach", object_id=breach.id)
    return breach


def _check_times(occurred: datetime | None, detected: datetime) -> None:
    if detected > utcnow():
        message = _("Thời điểm phát hiện không được ở tương lai.")
        raise ValidationFailed(message, {"detected_at": [message]})
    if occurred is None:
        message = _("Vui lòng nhập thời điểm xảy ra vi phạm: thời hạn 72 giờ tính từ thời điểm "
                    "này (nếu chưa rõ, nhập thời điểm sớm nhất có thể đã xảy ra).")
        raise ValidationFailed(message, {"occurred_at": [message]})
    if occurred > detected:
        message = _("Thời điểm xảy ra không thể sau thời điểm phát hiện.")
        raise ValidationFailed(message, {"occurred_at": [message]})


def _require_late_reason(breach: Breach, reason: str, when: datetime) -> None:
    """Refuse a notice sent after the 72 hours without the reason the law asks for."""
    if when > breach.deadline and not reason:
        message = _("Đã quá 72 giờ kể từ khi xảy ra vi phạm (hạn %(deadline)s): vui lòng nêu "
                    "lý do thông báo chậm.", deadline=format_datetime_vn(breach.deadline))
        raise ValidationFailed(message, {"late_reason": [message]})


def mark_notified(breach: Breach, *, actor: User, expected_version: int,
                  late_reason: str = "") -> Breach:
    """Record that the notification was sent to the Ministry of Public Security (the breach
    table's "notified" row, run by the workflow engine)."""
    now, reason = utcnow(), (late_reason or "").strip() or breach.late_reason
    # Checked before the engine moves the status, so a refused notice leaves the breach open.
    engine.guard(breach, "notified", actor=actor, expected_version=expected_version)
    _require_late_reason(breach, reason, now)

    def record(obj: Breach, _actor: User, _text: str) -> None:
        obj.notified_at, obj.late_reason = now, reason

    engine.move(breach, "notified", actor=actor, expected_version=expected_version,
                effect=record)
    return breach


def all_breaches() -> list[Breach]:
    """Return every breach, newest first."""
    return list(db.session.scalars(sa.select(Breach).order_by(Breach.detected_at.desc())))


def notification_context(breach: Breach, now: datetime | None = None) -> dict[str, Any]:
    """Plain values for the notification PDF, citing the rules in force when it occurred."""
    now = now or utcnow()
    rules = law.rules_on(breach.occurred_at or breach.detected_at)
    sent = breach.notified_at or now
    return {
        "id": breach.id, "detected_at": format_datetime_vn(breach.detected_at),
        "occurred_at": format_datetime_vn(breach.occurred_at),
        "deadline": format_datetime_vn(breach.deadline),
        "notified_at": format_datetime_vn(breach.notified_at),
        "nature": breach.nature, "data_affected": breach.data_affected,
        "people_affected": f"{breach.people_affected:,}".replace(",", "."),
        "consequences": breach.consequences, "measures": breach.measures,
        "dpo_name": breach.dpo_name, "dpo_contact": breach.dpo_contact,
        "late": sent > breach.deadline, "late_reason": breach.late_reason,
        "basis": str(rules.breach_basis), "authority": str(rules.authority),
        "dateline": f"{place_name(breach.recorded_by.organisation.province)}, "
                    f"{date_words(now)}",
        "recorded_by": breach.recorded_by.full_name,
        "controller": breach.recorded_by.organisation.name,
    }
