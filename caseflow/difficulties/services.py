"""Submit a difficulty report and move it along its table: answer, forward, publish, withdraw.

`apply` is the only code that sets a report's status, in the engine's style: look the
transition up, guard (404/403 via permissions, 409 on a stale version or wrong state), apply,
audit, notify, flush.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from caseflow.accounts import permissions
from caseflow.accounts.models import Role, User
from caseflow.audit import services as audit
from caseflow.db_types import utcnow
from caseflow.difficulties import transitions as table
from caseflow.difficulties.deadlines import answer_due
from caseflow.difficulties.models import Addressee, Difficulty
from caseflow.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.notifications import services as notifications
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
    _flush()
    audit.record("difficulty.submit", actor=actor, object_type="difficulty",
                 object_id=difficulty.id, addressee=addressee.value)
    notifications.notify(_holders(difficulty), notifications.in_vietnamese(
        lambda: _("Phản ánh mới của %(firm)s: %(s)s", firm=actor.organisation.name,
                  s=difficulty.subject)), _path(difficulty))
    return difficulty


def available(difficulty: Difficulty, user: User) -> list[Transition]:
    """Return the transitions this user may press now (draws the buttons)."""
    return [t for t in table.DIFFICULTY_TRANSITIONS if difficulty.status in t.sources
            and permissions.acts_on_difficulty(user, difficulty, t)]


def apply(difficulty: Difficulty, name: str, *, actor: User, text: str = "",
          expected_version: int | None = None) -> Transition:
    """Move a report along a transition, or raise a domain error."""
    transition = table.find(name)
    if transition is None or not permissions.acts_on_difficulty(actor, difficulty, transition):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))
    if expected_version is not None and expected_version != difficulty.version:
        raise Conflict(str(STALE))
    if difficulty.status not in transition.sources:
        raise Conflict(_("Không thể “%(action)s” khi trạng thái là “%(status)s”.",
                         action=transition.label, status=difficulty.status.label))
    text = (text or "").strip()
    if transition.needs_reason and not text:
        message = _("Vui lòng nhập nội dung.")
        raise ValidationFailed(message, {"text": [message]})
    source, difficulty.status = difficulty.status, transition.target
    EFFECTS[name](difficulty, actor, text)  # before any flush: one UPDATE, one version step
    _flush()
    audit.record(f"difficulty.{name}", actor=actor, object_type="difficulty",
                 object_id=difficulty.id, source=source.value, target=transition.target.value)
    return transition


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


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise Conflict(str(STALE)) from exc
