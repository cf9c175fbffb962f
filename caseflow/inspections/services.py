"""Plan and record inspections, turn failed items into violations, sanction and remedy them.

Statuses change in the workflow engine (engine.move, tables in inspections/transitions.py);
this module checks the forms and adds what each row does besides: items, violations, notices.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from caseflow import permissions
from caseflow.accounts.models import Organisation, OrgKind, Role, User
from caseflow.audit import services as audit
from caseflow.catalogue.services import today
from caseflow.db_types import utcnow
from caseflow.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import format_money
from caseflow.inspections.legal import ChecklistItem, makes_violation, provision_for
from caseflow.inspections.models import (
    Inspection,
    InspectionItem,
    ItemResult,
    Violation,
)
from caseflow.notifications import services as notifications
from caseflow.workflow import engine

STALE = _l("Dữ liệu vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại.")
FIRM_STAFF = (Role.FIRM_SECURITY, Role.FIRM_CLERK)
# Notification links are plain paths: services run without a request, so no url_for.


def _deny() -> NotAllowed:
    return NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))


def _check_version(obj: Inspection | Violation, expected: int | None) -> None:
    if expected is not None and expected != obj.version:
        raise Conflict(str(STALE))


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise Conflict(str(STALE)) from exc


def plan(*, actor: User, data: dict[str, Any]) -> Inspection:
    """Plan an inspection of a postal firm by the actor's Sở KH&CN."""
    if not permissions.can_plan_inspection(actor):
        raise _deny()
    firm = db.session.get(Organisation, data["firm_id"])
    if firm is None or firm.kind is not OrgKind.POSTAL_FIRM or not firm.active:
        message = _("Vui lòng chọn doanh nghiệp bưu chính đang hoạt động.")
        raise ValidationFailed(message, {"firm_id": [message]})
    inspection = Inspection(
        firm=firm, inspector_org=actor.organisation,
        province_code=actor.organisation.province_code, created_by=actor,
        service_point=data.get("service_point") or "", planned_on=data["planned_on"],
        decision_number=data.get("decision_number") or "", team=data["team"],
        scope=data.get("scope") or "")
    db.session.add(inspection)
    _flush()
    audit.record("inspection.plan", actor=actor, object_type="inspection",
                 object_id=inspection.id, firm_id=firm.id)
    return inspection


def record(inspection: Inspection, *, actor: User, inspected_on: date,
           results: dict[ChecklistItem, tuple[ItemResult, str]], conclusion: str,
           expected_version: int | None) -> list[Violation]:
    """Record the checklist; each failed item becomes a violation. Return the violations."""
    if not permissions.can_record_inspection(actor, inspection):
        raise _deny()
    _check_version(inspection, expected_version)
    missing = [i for i, (result, note) in results.items() if result is ItemResult.FAILED
               and not note.strip()]
    if missing:
        message = _("Vui lòng ghi nhận nội dung không đạt.")
        raise ValidationFailed(message, {f"note_{i.value}": [message] for i in missing})
    violations: list[Violation] = []
    failed = sum(result is ItemResult.FAILED for result, _note in results.values())

    def effect(inspection: Inspection, actor: User, text: str):
        for item in ChecklistItem:
            result, note = results.get(item, (ItemResult.NOT_CHECKED, ""))
            db.session.add(InspectionItem(inspection=inspection, item=item, result=result,
                                          note=note))
            # Only a legal provision makes a violation; a Directive-only item stays a finding.
            if result is ItemResult.FAILED and makes_violation(item):
                violations.append(_violation(inspection, item, note, inspected_on))
        inspection.inspected_on, inspection.conclusion = inspected_on, conclusion
        inspection.recorded_at = utcnow()
        return lambda: {"firm_id": inspection.firm_id, "failed": failed,
                        "violation_ids": [v.id for v in violations]}

    engine.move(inspection, "record", actor=actor, expected_version=expected_version,
                effect=effect)
    _tell_firm(inspection.firm_id, lambda: _(
        "Sở KH&CN đã ghi nhận kết quả kiểm tra ngày %(d)s: %(n)s nội dung không đạt.",
        d=inspected_on.strftime("%d/%m/%Y"), n=failed), f"/inspections/{inspection.id}")
    return violations


def _violation(inspection: Inspection, item: ChecklistItem, note: str,
               act_date: date) -> Violation:
    # Found at the inspection and not yet stopped: an ongoing act, discovered that day.
    violation = Violation(inspection=inspection, firm_id=inspection.firm_id, item=item,
                          description=note, ongoing=True)
    _apply_provision(violation, act_date, discovered_on=act_date)
    db.session.add(violation)
    return violation


def _apply_provision(violation: Violation, act_date: date, *,
                     discovered_on: date | None = None) -> None:
    """Tie the violation to the decree that judges it (the act's day, or the discovery day of
    an ongoing act) and to its article."""
    decree, provision = provision_for(violation.item, act_date, discovered_on=discovered_on)
    violation.act_date, violation.decree = act_date, decree
    violation.ongoing, violation.discovered_on = discovered_on is not None, discovered_on
    violation.article = provision.article
    violation.fine_min, violation.fine_max = provision.fine_min, provision.fine_max


def record_offence_report(violation: Violation, *, actor: User, number: str, report_date: date,
                          expected_version: int | None) -> Violation:
    """Record the biên bản vi phạm hành chính (number, date) a sanction decision rests on."""
    if not permissions.can_record_offence_report(actor, violation):
        raise _deny()
    _check_version(violation, expected_version)
    errors = {}
    if not (number or "").strip():
        errors["report_number"] = [_("Vui lòng nhập số biên bản vi phạm hành chính.")]
    if report_date > today():
        errors["report_date"] = [_("Ngày lập biên bản không được ở tương lai.")]
    elif report_date < violation.act_date:
        errors["report_date"] = [_("Ngày lập biên bản không được trước ngày thực hiện hành vi.")]
    if errors:
        raise ValidationFailed(_("Vui lòng sửa các lỗi được đánh dấu bên dưới."), errors)
    violation.offence_report_number, violation.offence_report_date = number.strip(), report_date
    _flush()
    audit.record("violation.offence_report", actor=actor, object_type="violation",
                 object_id=violation.id, number=violation.offence_report_number,
                 report_date=report_date.isoformat())
    return violation


def _ongoing_errors(data: dict[str, Any]) -> dict[str, list[str]]:
    if not data.get("ongoing"):
        return {}
    if data.get("discovered_on") is None:
        return {"discovered_on": [_("Hành vi đang thực hiện: vui lòng nhập ngày phát hiện.")]}
    if data["discovered_on"] < data["act_date"]:
        return {"discovered_on": [_("Ngày phát hiện không được trước ngày thực hiện hành vi.")]}
    return {}


def fine_errors(violation: Violation, amount: int | None) -> dict[str, list[str]]:
    """Check an amount against the violation's fine range."""
    if violation.fine_min is None or violation.fine_max is None:
        return {"fine_min": [_("Vui lòng nhập khung tiền phạt theo điều khoản áp dụng.")]}
    if violation.fine_min > violation.fine_max:
        return {"fine_max": [_("Mức tối đa phải không nhỏ hơn mức tối thiểu.")]}
    if amount is None or not violation.fine_min <= amount <= violation.fine_max:
        return {"fine_amount": [_("Số tiền phạt phải trong khung %(a)s – %(b)s.",
                                  a=format_money(violation.fine_min),
                                  b=format_money(violation.fine_max))]}
    return {}


def sanction(violation: Violation, *, actor: User, data: dict[str, Any],
             expected_version: int | None) -> Violation:
    """Record the sanction decision: decree by act date, amount within the range, deadline."""
    if not permissions.can_sanction(actor, violation):
        raise _deny()
    _check_version(violation, expected_version)
    if not violation.offence_report_number:
        message = _("Chưa có biên bản vi phạm hành chính: lập và ghi nhận biên bản (số, ngày) "
                    "trước khi ghi nhận quyết định xử phạt.")
        raise ValidationFailed(message, {"sanction_decision_number": [message]})
    errors = _ongoing_errors(data)
    if errors:
        raise ValidationFailed(_("Vui lòng sửa các lỗi được đánh dấu bên dưới."), errors)
    _apply_provision(violation, data["act_date"],
                     discovered_on=data.get("discovered_on") if data.get("ongoing") else None)
    if violation.fine_min is None:  # the table lacks the range: the supervisor enters it
        violation.article = violation.article or data.get("article") or ""
        violation.fine_min, violation.fine_max = data.get("fine_min"), data.get("fine_max")
    errors = fine_errors(violation, data.get("fine_amount"))
    if not violation.article:
        errors["article"] = [_("Vui lòng nhập điều, khoản áp dụng.")]
    if data["remedy_deadline"] < violation.act_date:
        errors["remedy_deadline"] = [_("Thời hạn khắc phục không được trước ngày vi phạm.")]
    if errors:
        raise ValidationFailed(_("Vui lòng sửa các lỗi được đánh dấu bên dưới."), errors)

    def effect(violation: Violation, actor: User, text: str) -> dict:
        violation.sanction_decision_number = data["sanction_decision_number"]
        violation.fine_amount = data["fine_amount"]
        violation.remedy_deadline, violation.sanctioned_at = data["remedy_deadline"], utcnow()
        return {"decree": violation.decree.value, "fine_amount": violation.fine_amount}

    engine.move(violation, "sanction", actor=actor, expected_version=expected_version,
                effect=effect)
    _tell_firm(violation.firm_id, lambda: _(
        "Quyết định xử phạt %(n)s: khắc phục trước ngày %(d)s.",
        n=violation.sanction_decision_number, d=violation.remedy_deadline.strftime("%d/%m/%Y")),
        f"/inspections/violations/{violation.id}")
    return violation


def record_remedy(violation: Violation, *, actor: User, note: str,
                  expected_version: int | None) -> Violation:
    """The firm reports how it remedied the violation."""
    if not permissions.can_record_remedy(actor, violation):
        raise _deny()
    _check_version(violation, expected_version)
    if not (note or "").strip():
        message = _("Vui lòng mô tả việc khắc phục.")
        raise ValidationFailed(message, {"remedy_note": [message]})

    def effect(violation: Violation, actor: User, text: str) -> None:
        violation.remedy_note, violation.remedied_by = text, actor
        violation.remedied_at = utcnow()

    engine.move(violation, "remedy", actor=actor, text=note, expected_version=expected_version,
                effect=effect)
    notifications.notify(
        notifications.provincial_supervisors(violation.inspection.province_code),
        notifications.in_vietnamese(lambda: _("%(firm)s đã báo cáo khắc phục vi phạm.",
                                              firm=violation.firm.name)),
        f"/inspections/violations/{violation.id}")
    return violation


def _tell_firm(firm_id: int, make_text, url: str) -> None:
    notifications.notify(notifications.users_of(firm_id, FIRM_STAFF),
                         notifications.in_vietnamese(make_text), url)
