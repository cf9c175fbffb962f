"""Submit a difficulty report and move it along its table: answer, forward, publish, withdraw.

The status changes in the workflow engine (engine.move, table in difficulties/transitions.py);
this module adds what each row does besides: the answer, the forwarding, the notices.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow import permissions
from caseflow.accounts.models import Role, User
from caseflow.audit import services as audit
from caseflow.db_types import utcnow
from caseflow.difficulties.deadlines import answer_due
from caseflow.difficulties.models import Addressee, Difficulty
from caseflow.errors import NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.notifications import services as notifications
from caseflow.workflow import engine
from caseflow.workflow.transitions import Transition

STALE = _l("Phản ánh vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại.")
FIRM_STAFF = (Role.FIRM_SECURITY, Role.FIRM_CLERK)


def _path(difficulty: Difficulty) -> str:
    return f"/difficulties/{difficulty.id}"  # services run without a request: no url_for


def _today():
    return to_local(utcnow()).date()


def submit(*, actor: User, data: dict[str, Any]) -> Difficulty:
    """Submit a firm's report to a province's Sở KH&CN or to the Ministry."""
    if not permissions.can_submit_difficulty(actor):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))
    addressee = Addressee(data["addressee"])
    province = data.get("province_code") or None
    if addressee is Addressee.PROVINCE and not province:
        message = _("Vui lòng chọn Sở KH&CN nhận phản ánh.")
        raise ValidationFailed(message, {"province_code": [message]})
    difficulty = Difficulty(
        firm_id=actor.organisation_id, submitted_by=actor, addressee=addressee,
        province_code=province if addressee is Addressee.PROVINCE else None,
        subject=data["subject"], body=data["body"], due_on=answer_due(_today()))
    db.session.add(difficulty)
    engine.flush(STALE)
    audit.record("difficulty.submit", actor=actor, object_type="difficulty",
                 object_id=difficulty.id, addressee=addressee.value)
    notifications.notify(_holders(difficulty), notifications.in_vietnamese(
        lambda: _("Phản ánh mới của %(firm)s: %(s)s", firm=actor.organisation.name,
                  s=difficulty.subject)), _path(difficulty))
    return difficulty


def apply(difficulty: Difficulty, name: str, *, actor: User, text: str = "",
          expected_version: int | None = None) -> Transition:
    """Move a report along its table through the workflow engine, with the row's effect."""
    return engine.move(difficulty, name, actor=actor, text=text,
                       expected_version=expected_version, effect=EFFECTS.get(name))


def _answer(difficulty: Difficulty, actor: User, text: str) -> None:
    difficulty.answer, difficulty.answered_by, difficulty.answered_at = text, actor, utcnow()
    _tell_firm(difficulty, lambda: _("Đã có trả lời phản ánh: %(s)s", s=difficulty.subject))


def _forward(difficulty: Difficulty, actor: User, text: str) -> None:
    difficulty.addressee, difficulty.forward_note = Addressee.MINISTRY, text
    difficulty.forwarded_at, difficulty.due_on = utcnow(), answer_due(_today())
    notifications.notify(notifications.national_supervisors(), notifications.in_vietnamese(
        lambda: _("Sở KH&CN chuyển phản ánh: %(s)s", s=difficulty.subject)), _path(difficulty))
    _tell_firm(difficulty, lambda: _("Phản ánh đã được chuyển Bộ KH&CN: %(s)s",
                                     s=difficulty.subject))


def _publish(difficulty: Difficulty, actor: User, text: str) -> None:
    difficulty.published_at = utcnow()
    _tell_firm(difficulty, lambda: _("Trả lời phản ánh đã được công bố làm hướng dẫn chung."))


def _withdraw(difficulty: Difficulty, actor: User, text: str) -> None:
    """Nothing more than the status: the holder sees it leave the waiting list."""


EFFECTS = {"answer": _answer, "forward": _forward, "publish": _publish, "withdraw": _withdraw}


def _holders(difficulty: Difficulty) -> list[User]:
    if difficulty.addressee is Addressee.PROVINCE:
        return notifications.provincial_supervisors(difficulty.province_code)
    return notifications.national_supervisors()


def _tell_firm(difficulty: Difficulty, make_text) -> None:
    notifications.notify(notifications.users_of(difficulty.firm_id, FIRM_STAFF),
                         notifications.in_vietnamese(make_text), _path(difficulty))
