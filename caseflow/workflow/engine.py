"""The only code that sets a status: look up, guard, apply, record, flush."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from caseflow import permissions
from caseflow.accounts.models import Organisation, User
from caseflow.audit import services as audit
from caseflow.cases.models import Case
from caseflow.database import copy_rows, insert_rows
from caseflow.db_types import utcnow
from caseflow.errors import Conflict, NotAllowed, NotFound, Stale, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import format_datetime_vn
from caseflow.notifications import events as notification_events
from caseflow.referrals.models import Referral
from caseflow.workflow import lifecycles, timers
from caseflow.workflow import transitions as table
from caseflow.workflow.models import EntryKind, TimelineEntry
from caseflow.workflow.states import OPEN_REFERRAL_STATES, CaseStatus, ReferralStatus
from caseflow.workflow.transitions import Transition

CONFLICT_MESSAGE = _l("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại.")


def kind_of(obj: Any) -> str:
    """Name the lifecycle an object follows."""
    return lifecycles.of(obj).kind


def available(obj: Any, user: User) -> list[Transition]:
    """Return the transitions this user may press on this object now (draws the buttons)."""
    life = lifecycles.of(obj)
    return [t for t in life.transitions
            if obj.status in t.sources and life.acts_for(user, obj, t)]


def may(obj: Any, user: User, name: str) -> bool:
    """Tell whether the user may press the named transition now."""
    return any(t.name == name for t in available(obj, user))


def require(obj: Any, user: User, name: str) -> Transition:
    """Return the transition a form page is for; hide it from those who may never press it,
    and explain it to those whose page is out of date (back after close, a second tab)."""
    life = lifecycles.of(obj)
    transition = life.find(name)
    if transition is None or not life.acts_for(user, obj, transition):
        raise NotFound()
    if obj.status not in transition.sources:
        raise wrong_state(obj, transition)
    return transition


def guard(obj: Any, name: str, *, actor: User, reason: str = "",
          expected_version: int | None = None) -> tuple[Transition, str]:
    """Check a person's transition on any lifecycle; return it and the cleaned reason."""
    life = lifecycles.of(obj)
    transition = life.find(name)
    if transition is None or not life.acts_for(actor, obj, transition):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))
    if obj.status not in transition.sources:
        raise wrong_state(obj, transition)
    if expected_version is not None and expected_version != obj.version:
        raise Conflict(str(life.stale))
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        message = str(life.reason_missing)
        raise ValidationFailed(message, {life.reason_field: [message]})
    return transition, reason


def wrong_state(obj: Any, transition: Transition) -> Conflict:
    """Explain a transition the object's status does not allow (what changed, where known)."""
    if lifecycles.of(obj).on_timeline:
        return stale(obj, transition)
    return Conflict(_("Không thể “%(action)s” khi trạng thái là “%(status)s”.",
                      action=transition.label, status=obj.status.label))


def stale(obj: Case | Referral, transition: Transition) -> Stale:
    """Build the error that says what changed since the user's page was loaded."""
    case = obj if isinstance(obj, Case) else obj.case
    last = db.session.scalars(sa.select(TimelineEntry).where(
        TimelineEntry.case_id == case.id, TimelineEntry.kind == EntryKind.TRANSITION)
        .order_by(TimelineEntry.id.desc()).limit(1)).first()
    if last is None:
        return Stale(_("Hồ sơ %(ref)s: trạng thái hiện nay là “%(status)s”, nên thao tác "
                       "“%(action)s” không thực hiện được lúc này.", ref=case.label,
                       status=obj.status.label, action=transition.label), case_id=case.id)
    done = lifecycles.named("referral" if last.referral_id else "case").find(last.transition)
    return Stale(_("Hồ sơ %(ref)s: thay đổi gần nhất là “%(what)s” (%(who)s, %(when)s). "
                   "Trạng thái hiện nay là “%(status)s”, nên thao tác “%(action)s” không "
                   "thực hiện được lúc này.", ref=case.label,
                   what=done.label if done else last.transition,
                   who=last.actor.full_name if last.actor else _("hệ thống"),
                   when=format_datetime_vn(last.created_at), status=obj.status.label,
                   action=transition.label), case_id=case.id)


def apply(obj: Case | Referral, name: str, *, actor: User, reason: str = "",
          expected_version: int | None = None) -> Transition:
    """Move a case or referral along a transition pressed by a person (timeline, audit,
    notifications), or raise a domain error."""
    transition, reason = guard(obj, name, actor=actor, reason=reason,
                               expected_version=expected_version)
    _move(obj, transition, actor=actor, text=reason)
    return transition


Effect = Callable[[Any, User, str], "dict | Callable[[], dict] | None"]


def move(obj: Any, name: str, *, actor: User, text: str = "",
         expected_version: int | None = None, effect: Effect | None = None) -> Transition:
    """Move an object of a lifecycle without a case timeline (a difficulty report, an
    inspection, …): guard, set the status, run the transition's effect, flush, audit.

    The effect may return the audit event's extra payload: a dict, or a function giving it
    after the flush (for the ids the flush assigns).
    """
    life = lifecycles.of(obj)
    transition, text = guard(obj, name, actor=actor, reason=text,
                             expected_version=expected_version)
    source, obj.status = obj.status, transition.target
    extra = effect(obj, actor, text) if effect is not None else None  # before the flush:
    flush(life.stale)                                  # one UPDATE, one version step
    payload = (extra() if callable(extra) else extra) or {}
    audit.record(f"{life.kind}.{name}", actor=actor, object_type=life.kind, object_id=obj.id,
                 source=source.value, target=transition.target.value, **payload)
    return transition


def apply_to_new(rows: list[dict], name: str, *, actor: User, **payload) -> Transition:
    """Move many new cases, given as rows not yet inserted (bulk intake), along one transition:
    the same guards, timeline rows and audit events as apply(), in three multi-row inserts.

    The guards run on a transient case for each (firm, province, status) the rows hold; the
    rows are inserted with their new status and get their ids.
    """
    transition = lifecycles.named("case").find(name)
    for firm_id, province_code, status in {(r["firm_id"], r["province_code"], r["status"])
                                           for r in rows}:
        probe = Case(firm_id=firm_id, province_code=province_code, status=status)
        if transition is None or not permissions.acts_for(actor, probe, transition):
            raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))
        if status not in transition.sources:
            raise Conflict(_("Không thể “%(action)s” khi trạng thái là “%(status)s”.",
                             action=transition.label, status=status.label))
    sources = [row["status"] for row in rows]
    for row in rows:
        row["status"] = transition.target
    insert_rows(db.session(), Case.__table__, rows)
    now = utcnow()
    copy_rows(db.session(), TimelineEntry.__table__, [
        {"case_id": row["id"], "actor_id": actor.id, "kind": EntryKind.TRANSITION,
         "transition": transition.name, "from_status": source.value,
         "to_status": transition.target.value, "text": "", "created_at": now}
        for row, source in zip(rows, sources, strict=True)])
    for row, source in zip(rows, sources, strict=True):
        audit.record(f"case.{transition.name}", actor=actor, object_type="case",
                     object_id=row["id"], case_id=row["id"], source=source.value,
                     target=transition.target.value, **payload)
    return transition


def _move(obj: Case | Referral, transition: Transition, *, actor: User | None,
          text: str = "") -> None:
    """Set the status, append the timeline row and the audit event, flush, notify."""
    case = obj if isinstance(obj, Case) else obj.case
    source = obj.status
    obj.status = transition.target
    db.session.add(TimelineEntry(
        case=case, referral=obj if isinstance(obj, Referral) else None, actor=actor,
        kind=EntryKind.TRANSITION, transition=transition.name, from_status=source.value,
        to_status=transition.target.value, text=text))
    audit.record(f"{kind_of(obj)}.{transition.name}", actor=actor, object_type=kind_of(obj),
                 object_id=obj.id, case_id=case.id, source=source.value,
                 target=transition.target.value)
    flush()
    notification_events.on_transition(obj, transition.name, actor=actor)


def flush(message: Any = CONFLICT_MESSAGE) -> None:
    """Flush the session, turning a lost race into a conflict."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise Conflict(str(message)) from exc


def issue_referral(case: Case, agency: Organisation, *, actor: User, note: str,
                   due_hours: int) -> Referral:
    """Create a referral in its initial state, due for acknowledgement `due_hours` clock hours
    later (an internal target, see timers.py), and record it on the timeline."""
    now = utcnow()
    referral = Referral(case=case, agency=agency, status=table.REFERRAL_INITIAL,
                        issued_by=actor, issued_at=now, due_at=timers.ack_due(now, due_hours),
                        note=note, round=case.round, case_created_at=case.created_at)
    db.session.add(referral)
    db.session.flush()
    db.session.add(TimelineEntry(
        case=case, referral=referral, actor=actor, kind=EntryKind.TRANSITION,
        transition="issue", to_status=referral.status.value, text=note))
    audit.record("referral.issue", actor=actor, object_type="referral", object_id=referral.id,
                 case_id=case.id, agency_id=agency.id)
    notification_events.on_transition(referral, "issue", actor=actor)
    return referral


def desired_case_status(case: Case) -> CaseStatus:
    """Derive where a referred case stands from the referrals of its current round."""
    current = [r for r in case.referrals if r.round == case.round]
    if any(r.status in OPEN_REFERRAL_STATES for r in current):
        engaged = {ReferralStatus.ACCEPTED, ReferralStatus.INFO_REQUESTED, ReferralStatus.RESOLVED}
        return CaseStatus.INVESTIGATING if any(r.status in engaged for r in current) \
            else CaseStatus.REFERRED
    if any(r.status is ReferralStatus.RESOLVED for r in current):
        return CaseStatus.CONCLUDED
    return CaseStatus.FLAGGED


def sync_case(case: Case) -> None:
    """Take the system transition that brings the case in line with its referrals."""
    target = desired_case_status(case)
    if target is case.status:
        return
    transition = next((t for t in table.CASE_TRANSITIONS
                       if t.is_system and case.status in t.sources and t.target is target), None)
    if transition is None:
        raise Conflict(_("Không thể chuyển hồ sơ từ “%(a)s” sang “%(b)s”.",
                         a=case.status.label, b=target.label))
    _move(case, transition, actor=None)


def add_note(case: Case, *, actor: User, text: str) -> TimelineEntry:
    """Append a free note to the case's timeline."""
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Ghi chú không được để trống."),
                               {"text": [_("Ghi chú không được để trống.")]})
    entry = TimelineEntry(case=case, actor=actor, kind=EntryKind.NOTE, text=text)
    db.session.add(entry)
    audit.record("case.note", actor=actor, object_type="case", object_id=case.id)
    flush()
    return entry
