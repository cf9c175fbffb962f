"""Flag a parcel: save drafts, submit with a reference, withdraw, close, reopen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow.accounts.models import Province, User
from caseflow.audit import services as audit
from caseflow.cases.models import Case, Disposition, ReferenceCounter, ServiceScope
from caseflow.catalogue.models import Category
from caseflow.database import bump_counter
from caseflow.db_types import utcnow
from caseflow.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.workflow import engine
from caseflow.workflow.models import EntryKind, TimelineEntry

#: Fields the flag form edits directly on the case.
CASE_FIELDS = (
    "tracking_number", "province_code", "service_scope", "service_type", "accepted_at",
    "acceptance_office", "origin_province_code", "origin_country", "destination_province_code",
    "destination_country", "declared_contents", "declared_value", "weight_kg", "pieces",
    "sender_name", "sender_phone", "sender_address", "sender_id_number", "recipient_name",
    "recipient_phone", "recipient_address", "dong_kiem_done", "detection_method", "description",
    "stopped_at", "held_at", "seal_number",
)

#: Fields a report must have before it is submitted, with the message shown when missing.
REQUIRED_TO_SUBMIT = {
    "service_scope": _l("Vui lòng chọn phạm vi dịch vụ."),
    "service_type": _l("Vui lòng chọn loại dịch vụ."),
    "accepted_at": _l("Vui lòng nhập thời điểm chấp nhận."),
    "acceptance_office": _l("Vui lòng nhập bưu cục chấp nhận."),
    "declared_contents": _l("Vui lòng nhập nội dung khai báo."),
    "weight_kg": _l("Vui lòng nhập khối lượng."),
    "pieces": _l("Vui lòng nhập số kiện."),
    "sender_name": _l("Vui lòng nhập họ tên người gửi."),
    "sender_phone": _l("Vui lòng nhập điện thoại người gửi."),
    "sender_address": _l("Vui lòng nhập địa chỉ người gửi."),
    "recipient_name": _l("Vui lòng nhập họ tên người nhận."),
    "recipient_address": _l("Vui lòng nhập địa chỉ người nhận."),
    "detection_method": _l("Vui lòng chọn phương thức phát hiện."),
    "description": _l("Vui lòng mô tả nghi vấn."),
    "stopped_at": _l("Vui lòng nhập thời điểm dừng vận chuyển."),
    "held_at": _l("Vui lòng nhập nơi đang lưu giữ bưu gửi."),
}
#: Fields marked * on the form: needed before a report is submitted.
REQUIRED_FIELDS = frozenset({"tracking_number", "province_code", "categories",
                             *REQUIRED_TO_SUBMIT})
#: A clock may run a few minutes ahead of the server's; beyond that a time is a typo.
FUTURE_TOLERANCE = timedelta(minutes=10)


def save_draft(case: Case | None, *, actor: User, data: dict[str, Any],
               expected_version: int | None = None) -> Case:
    """Create or update a draft from cleaned form data."""
    if case is not None and expected_version is not None and expected_version != case.version:
        raise Conflict(str(engine.CONFLICT_MESSAGE))
    if case is None:
        case = Case(firm_id=actor.organisation_id, created_by=actor)
        db.session.add(case)
    for name in CASE_FIELDS:
        setattr(case, name, data.get(name))
    case.categories = _categories(data.get("categories") or [])
    if case.id is not None and not db.session.is_modified(case):
        return case  # saving an unchanged draft (e.g. right before submitting) records nothing
    db.session.flush()
    # Marked, not worded: the page shows it in the reader's language (cases/timeline.py).
    db.session.add(TimelineEntry(case=case, actor=actor, kind=EntryKind.EDIT,
                                 transition="save_draft"))
    audit.record("case.save_draft", actor=actor, object_type="case", object_id=case.id)
    engine.flush()
    return case


def _categories(codes: list[str]) -> list[Category]:
    if not codes:
        return []
    found = list(db.session.scalars(sa.select(Category).where(Category.code.in_(codes))))
    if len(found) != len(set(codes)):
        raise ValidationFailed(_("Nhóm hàng không hợp lệ."),
                               {"categories": [_("Nhóm hàng không hợp lệ.")]})
    return found


def completeness_errors(case: Case) -> dict[str, list[str]]:
    """Return what a draft lacks before it may be submitted, field by field."""
    errors = {name: [str(msg)] for name, msg in REQUIRED_TO_SUBMIT.items()
              if getattr(case, name) in (None, "")}
    if not case.categories:
        errors["categories"] = [_("Chọn ít nhất một nhóm hàng cấm nghi vấn.")]
    _route_errors(case, errors)
    _time_errors(case, errors)
    return errors


def _route_errors(case: Case, errors: dict[str, list[str]]) -> None:
    if case.service_scope is ServiceScope.DOMESTIC:
        for field, label in (("origin_province_code", _l("Vui lòng chọn tỉnh, thành phố gửi.")),
                             ("destination_province_code",
                              _l("Vui lòng chọn tỉnh, thành phố nhận."))):
            if not getattr(case, field):
                errors[field] = [str(label)]
    elif case.service_scope is ServiceScope.INTERNATIONAL:
        countries = {case.origin_country, case.destination_country} - {None, "", "VN"}
        if not countries:
            errors["destination_country"] = [
                _("Bưu gửi quốc tế phải có nước gửi hoặc nước nhận ngoài Việt Nam.")]


def _time_errors(case: Case, errors: dict[str, list[str]]) -> None:
    latest = utcnow() + FUTURE_TOLERANCE
    for field in ("accepted_at", "stopped_at"):
        value = getattr(case, field)
        if value and value > latest:
            errors.setdefault(field, []).append(_("Thời điểm không được ở tương lai."))
    if case.accepted_at and case.stopped_at and case.stopped_at < case.accepted_at:
        errors.setdefault("stopped_at", []).append(
            _("Thời điểm dừng vận chuyển không thể trước thời điểm chấp nhận."))


def submit(case: Case, *, actor: User, expected_version: int | None = None) -> Case:
    """Check the draft is complete, give it a reference and flag it."""
    errors = completeness_errors(case)
    if errors:
        raise ValidationFailed(_("Báo cáo chưa đủ thông tin để gửi; bản nháp vẫn được giữ."),
                               errors)
    if not engine.may(case, actor, "submit"):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))
    now = utcnow()
    case.reference = next_reference(case.province, to_local(now).year)
    case.submitted_at = now
    engine.apply(case, "submit", actor=actor, expected_version=expected_version)
    return case


def next_reference(province: Province, year: int) -> str:
    """Take the next number of a province and year inside the current transaction.

    The counter row is bumped with one UPDATE, so concurrent submitters queue on its row lock
    and a rolled-back submission gives its number back: no gaps, no duplicates.
    """
    value = bump_counter(db.session(), ReferenceCounter, province_code=province.code, year=year)
    return format_reference(province.ref_prefix, year, value)


def format_reference(prefix: str, year: int, number: int) -> str:
    """Print a case reference: HN-2026-000123."""
    return f"{prefix}-{year}-{number:06d}"


def close(case: Case, *, actor: User, disposition: str, note: str,
          expected_version: int) -> Case:
    """Record what became of the parcel and close the case."""
    case.disposition = Disposition(disposition)
    case.disposition_note = note or ""
    case.closed_at = utcnow()
    engine.apply(case, "close", actor=actor, reason=note, expected_version=expected_version)
    return case


def suggested_disposition(case: Case) -> str | None:
    """Offer the disposition the last concluding agency recorded."""
    resolved = [r for r in case.referrals if r.disposition is not None and r.round == case.round]
    return resolved[-1].disposition.value if resolved else None


def reopen(case: Case, *, actor: User, reason: str, expected_version: int) -> Case:
    """Open a closed case again for a new round of referrals."""
    engine.apply(case, "reopen", actor=actor, reason=reason, expected_version=expected_version)
    case.round += 1
    case.closed_at = None
    engine.flush()
    return case


def transition(case: Case, name: str, *, actor: User, reason: str,
               expected_version: int) -> Case:
    """Press a case transition that needs nothing but an optional reason."""
    if name == "submit":
        return submit(case, actor=actor, expected_version=expected_version)
    if name == "reopen":
        return reopen(case, actor=actor, reason=reason, expected_version=expected_version)
    if name not in ("discard", "withdraw"):
        raise NotAllowed(_("Thao tác này cần biểu mẫu riêng."))
    engine.apply(case, name, actor=actor, reason=reason, expected_version=expected_version)
    return case
