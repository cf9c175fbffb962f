"""The inspection minute (biên bản kiểm tra): a plain-dict context for the document machinery."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.documents.models import DocumentKind
from caseflow.documents.services import Draft, in_vietnamese
from caseflow.errors import NotAllowed
from caseflow.i18n import format_money
from caseflow.inspections import photos
from caseflow.inspections.legal import OBLIGATIONS, provision_for
from caseflow.inspections.models import Inspection, Violation


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def fine_range(violation: Violation) -> str:
    """Write a violation's fine range, or say it is to be checked."""
    if violation.fine_min is None or violation.fine_max is None:
        return _("cần đối chiếu")
    return f"{format_money(violation.fine_min)} – {format_money(violation.fine_max)}"


def discovered_on(violation: Violation):
    """Return the discovery date that picks the decree of an ongoing act, else None."""
    return violation.discovered_on if violation.ongoing else None


def violation_row(violation: Violation) -> dict[str, str]:
    """Return one violation as printable strings."""
    _decree, provision = provision_for(violation.item, violation.act_date,
                                       discovered_on=discovered_on(violation))
    return {"item": str(violation.item.label), "description": violation.description,
            "act_date": _day(violation.act_date), "decree": str(violation.decree.label),
            "article": violation.article or _("cần đối chiếu"), "range": fine_range(violation),
            "note": "" if provision.known else provision.note,
            "decision": violation.sanction_decision_number,
            "fine": format_money(violation.fine_amount),
            "deadline": _day(violation.remedy_deadline), "status": str(violation.status.label),
            "ongoing": _("Đang thực hiện, phát hiện ngày %(d)s", d=_day(violation.discovered_on))
            if violation.ongoing else _("Đã kết thúc"),
            "offence_report": _("Số %(n)s ngày %(d)s", n=violation.offence_report_number,
                                d=_day(violation.offence_report_date))
            if violation.offence_report_number else ""}


def item_rows(inspection: Inspection) -> list[dict[str, Any]]:
    """Return the checklist with results, notes and photos (display copies, for print)."""
    return [{"label": str(i.item.label), "obligation": OBLIGATIONS[i.item],
             "result": str(i.result.label), "failed": i.result.value == "failed",
             "note": i.note, "photos": photos.print_rows(i)} for i in inspection.items]


@in_vietnamese
def minute_draft(inspection: Inspection, *, actor: User) -> Draft:
    """Prepare the biên bản kiểm tra of a recorded inspection, issued by the inspecting Sở."""
    if not permissions.can_produce_inspection_minute(actor, inspection):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))
    body: dict[str, Any] = {"inspection": {
        "firm": inspection.firm.name, "firm_address": inspection.firm.address,
        "service_point": inspection.service_point, "decision": inspection.decision_number,
        "inspected_on": _day(inspection.inspected_on), "team": inspection.team,
        "scope": inspection.scope, "conclusion": inspection.conclusion,
        "inspector": inspection.inspector_org.name},
        "items": item_rows(inspection),
        "violations": [violation_row(v) for v in inspection.violations],
        "signer": actor.full_name}
    return Draft(DocumentKind.INSPECTION_MINUTE, inspection.inspector_org, actor, body,
                 province=inspection.province, inspection_id=inspection.id)
