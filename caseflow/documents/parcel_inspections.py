"""The authority's inspection of a stopped item: record it, print its biên bản."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.documents import context as ctx
from caseflow.documents.models import Document, DocumentKind, ParcelInspection
from caseflow.documents.services import Draft, in_vietnamese, issue
from caseflow.errors import NotAllowed
from caseflow.extensions import db
from caseflow.i18n import local_input_to_utc
from caseflow.referrals.models import Referral

FIELDS = ("request_number", "request_date", "request_issuer", "place", "officer_name",
          "officer_title", "firm_representative", "findings", "refused_by", "refusal_reason",
          "copies")


def _deny() -> NotAllowed:
    return NotAllowed(_("Chỉ cơ quan đã tiếp nhận hồ sơ mới được lập biên bản kiểm tra bưu gửi."))


def record(referral: Referral, *, actor: User, data: dict[str, Any],
           url_root: str) -> Document:
    """Record the agency's inspection made on its written request and issue its biên bản."""
    if not permissions.can_record_parcel_inspection(actor, referral):
        raise _deny()
    inspection = ParcelInspection(referral=referral, created_by=actor,
                                  inspected_at=local_input_to_utc(data["inspected_at"]),
                                  **{name: _clean(data.get(name)) for name in FIELDS})
    db.session.add(inspection)
    db.session.flush()
    return issue(draft(inspection, actor=actor), url_root=url_root)


def reprint(inspection: ParcelInspection, *, actor: User, url_root: str) -> Document:
    """Print a recorded inspection again: same number, same date."""
    return issue(draft(inspection, actor=actor), url_root=url_root)


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


@in_vietnamese
def draft(inspection: ParcelInspection, *, actor: User) -> Draft:
    """Prepare the biên bản kiểm tra bưu gửi, issued in the inspecting agency's name."""
    referral = inspection.referral
    if not permissions.can_record_parcel_inspection(actor, referral):
        raise _deny()
    case, people = referral.case, ctx.parties(actor, referral.case)
    body = {"case": ctx.case_facts(case), "categories": ctx.category_rows(case),
            "parties": people, "inspection": inspection_facts(inspection)}
    return Draft(DocumentKind.PARCEL_INSPECTION, referral.agency, actor, body, case=case,
                 referral=referral, province=case.province, personal_data=not people["masked"],
                 parcel_inspection_id=inspection.id, event_at=inspection.inspected_at)


def inspection_facts(inspection: ParcelInspection) -> dict[str, str]:
    """Return the inspection as printable strings."""
    return {
        "request_number": inspection.request_number,
        "request_date": ctx.date_words_of_day(inspection.request_date),
        "request_issuer": inspection.request_issuer,
        "when": ctx.time_words(inspection.inspected_at), "place": inspection.place,
        "agency": inspection.referral.agency.name, "officer_name": inspection.officer_name,
        "officer_title": inspection.officer_title,
        "firm": inspection.referral.case.firm.name,
        "firm_representative": inspection.firm_representative,
        "findings": inspection.findings, "refused_by": inspection.refused_by,
        "refusal_reason": inspection.refusal_reason, "copies": f"{inspection.copies:02d}",
    }


def inspections_of(referral: Referral) -> list[ParcelInspection]:
    """Return the inspections recorded under a referral, oldest first."""
    return list(db.session.scalars(db.select(ParcelInspection).where(
        ParcelInspection.referral_id == referral.id).order_by(ParcelInspection.id)))
