"""Refer a case to agency units and move each referral along its lifecycle."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from caseflow import permissions
from caseflow.accounts.models import AGENCY_KINDS, Organisation, User
from caseflow.audit import services as audit
from caseflow.cases.models import Case, Disposition, Outcome
from caseflow.catalogue.models import Severity
from caseflow.db_types import utcnow
from caseflow.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.referrals.models import Referral
from caseflow.workflow import engine, timers
from caseflow.workflow.models import EntryKind, TimelineEntry
from caseflow.workflow.states import OPEN_REFERRAL_STATES

#: Clock hours within which an agency is asked to acknowledge a referral: an internal
#: coordination target of this system, not a statutory deadline; critical categories get 4,
#: around the clock.
ACK_HOURS, ACK_HOURS_CRITICAL = 24, 4



def suggested_agencies(case: Case) -> list[Organisation]:
    """Return the active units, in the case's province, that lead on the case's categories."""
    kinds = {c.lead_agency for c in case.categories}
    if not kinds:
        return []
    return list(db.session.scalars(
        sa.select(Organisation).where(Organisation.kind.in_(kinds),
                                      Organisation.province_code == case.province_code,
                                      Organisation.active.is_(True))
        .order_by(Organisation.name)))


def _ack_hours(case: Case) -> int:
    critical = any(c.severity is Severity.CRITICAL for c in case.categories)
    return ACK_HOURS_CRITICAL if critical else ACK_HOURS


def _agency(agency_id: int, field: str) -> Organisation:
    agency = db.session.get(Organisation, agency_id)
    if agency is None or agency.kind not in AGENCY_KINDS or not agency.active:
        raise ValidationFailed(_("Đơn vị tiếp nhận không hợp lệ."),
                               {field: [_("Đơn vị tiếp nhận không hợp lệ.")]})
    return agency


def refer(case: Case, *, actor: User, agency_ids: list[int], note: str,
          expected_version: int) -> list[Referral]:
    """Refer a flagged case to one or more agency units."""
    if not agency_ids:
        raise ValidationFailed(_("Vui lòng chọn ít nhất một đơn vị tiếp nhận."),
                               {"agencies": [_("Vui lòng chọn ít nhất một đơn vị tiếp nhận.")]})
    agencies = [_agency(i, "agencies") for i in dict.fromkeys(agency_ids)]
    engine.apply(case, "refer", actor=actor, reason=note, expected_version=expected_version)
    hours = _ack_hours(case)
    return [engine.issue_referral(case, a, actor=actor, note=note, due_hours=hours)
            for a in agencies]


def transition(referral: Referral, name: str, *, actor: User, reason: str,
               expected_version: int) -> Referral:
    """Press a referral transition that needs nothing but a reason (accept, decline, info)."""
    if name not in ("accept", "decline", "request_info", "answer_info"):
        raise NotAllowed(_("Thao tác này cần biểu mẫu riêng."))
    engine.apply(referral, name, actor=actor, reason=reason, expected_version=expected_version)
    if name == "accept":
        referral.accepted_at, referral.accepted_by = utcnow(), actor
    elif name == "decline":
        referral.closed_at = utcnow()
    engine.sync_case(referral.case)
    return referral


def transfer(referral: Referral, *, actor: User, agency_id: int, reason: str,
             expected_version: int) -> Referral:
    """Close this referral and issue a new one to another unit."""
    target = _agency(agency_id, "agency_id")
    case = referral.case
    if target.id == referral.agency_id or any(
            r.agency_id == target.id and r.status in OPEN_REFERRAL_STATES for r in case.referrals):
        raise ValidationFailed(_("Đơn vị này đang xử lý hồ sơ; hãy chọn đơn vị khác."),
                               {"agency_id": [_("Đơn vị này đang xử lý hồ sơ; hãy chọn đơn vị "
                                                "khác.")]})
    engine.apply(referral, "transfer", actor=actor, reason=reason,
                 expected_version=expected_version)
    referral.closed_at = utcnow()
    new = engine.issue_referral(case, target, actor=actor, note=reason,
                                due_hours=_ack_hours(case))
    referral.transferred_to = new
    engine.sync_case(case)
    return new


def conclusion_errors(data: dict[str, Any]) -> dict[str, list[str]]:
    """Check that a conclusion says what the law needs for its outcome."""
    errors: dict[str, list[str]] = {}
    if data["outcome"] == Outcome.VIOLATION:
        if not data.get("legal_basis"):
            errors["legal_basis"] = [_("Vui lòng nêu căn cứ pháp lý của kết luận vi phạm.")]
        if not (data.get("sanction_decision_number") or data.get("criminal_case_reference")):
            errors["sanction_decision_number"] = [
                _("Nhập số quyết định xử phạt hoặc số hồ sơ hình sự.")]
    else:
        for field in ("sanction_decision_number", "criminal_case_reference", "fine_amount"):
            if data.get(field):
                errors[field] = [_("Không có vi phạm thì không ghi quyết định xử phạt, hồ sơ "
                                   "hình sự hay tiền phạt.")]
    return errors


def resolve(referral: Referral, *, actor: User, data: dict[str, Any],
            expected_version: int) -> Referral:
    """Record the agency's conclusion and close the referral."""
    data = {**data, "outcome": Outcome(data["outcome"])}
    errors = conclusion_errors(data)
    if errors:
        raise ValidationFailed(_("Kết luận chưa hợp lệ."), errors)
    # The conclusion goes in before the status: the database refuses a resolved referral
    # without an outcome, and a refused transition is rolled back whole.
    referral.outcome = data["outcome"]
    referral.disposition = Disposition(data["disposition"])
    for field in ("sanction_decision_number", "criminal_case_reference", "legal_basis",
                  "conclusion_note"):
        setattr(referral, field, data.get(field) or "")
    referral.fine_amount = data.get("fine_amount")
    referral.closed_at = utcnow()
    engine.apply(referral, "resolve", actor=actor, reason=data.get("conclusion_note") or "",
                 expected_version=expected_version)
    engine.sync_case(referral.case)
    return referral


def record_detention(referral: Referral, *, actor: User, number: str, decided_at: datetime,
                     expected_version: int) -> Referral:
    """Record the agency's detention decision and start its 7-working-day timer."""
    if expected_version != referral.version:
        raise Conflict(str(engine.CONFLICT_MESSAGE))
    if not permissions.can_record_detention(actor, referral):
        raise NotAllowed(_("Chỉ đơn vị đang xử lý hồ sơ ghi nhận quyết định tạm giữ, một lần."))
    errors = {}
    if not number.strip():
        errors["number"] = [_("Vui lòng nhập số quyết định tạm giữ.")]
    if decided_at > utcnow():
        errors["decided_at"] = [_("Thời điểm ra quyết định tạm giữ không được ở tương lai.")]
    elif decided_at < referral.issued_at:
        errors["decided_at"] = [_("Thời điểm ra quyết định tạm giữ không được trước khi hồ sơ "
                                  "được chuyển đến đơn vị.")]
    if errors:
        raise ValidationFailed(_("Vui lòng sửa các lỗi được đánh dấu bên dưới."), errors)
    referral.detention_decision_number = number.strip()
    referral.detention_decided_at = decided_at
    timers.start_detention(referral, decided_at)
    db.session.add(TimelineEntry(
        case=referral.case, referral=referral, actor=actor, kind=EntryKind.NOTE,
        text=_("Quyết định tạm giữ tang vật số %(n)s", n=referral.detention_decision_number)))
    audit.record("referral.detention", actor=actor, object_type="referral",
                 object_id=referral.id, case_id=referral.case_id,
                 number=referral.detention_decision_number,
                 decided_at=decided_at.isoformat())
    engine.flush()
    return referral
