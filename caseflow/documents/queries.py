"""Scoped loaders and lists of generated documents and jobs."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy.orm import joinedload

from caseflow import permissions
from caseflow.accounts.models import Province, Role, User
from caseflow.cases.models import Case
from caseflow.documents.models import Document, DocumentJob, DocumentKind, ParcelInspection
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.i18n import format_datetime_vn
from caseflow.referrals.models import Referral


def _visible(user: User) -> sa.ColumnElement[bool]:
    """Documents of visible cases and inspections, and reports issued by the user's own
    organisation."""
    from caseflow.inspections.models import Inspection

    visible_ids = permissions.visible_cases(user).with_only_columns(Case.id)
    inspection_ids = permissions.visible_inspections(user).with_only_columns(Inspection.id)
    return sa.or_(Document.case_id.in_(visible_ids),
                  Document.inspection_id.in_(inspection_ids),
                  sa.and_(Document.case_id.is_(None), Document.inspection_id.is_(None),
                          Document.issuer_id == user.organisation_id))


def document_for(user: User, document_id: int) -> Document:
    """Load a document the user may download, or raise NotFound."""
    document = db.session.scalar(sa.select(Document).where(
        Document.id == document_id, _visible(user)))
    if document is None or not permissions.can_read_document(user, document):
        raise NotFound()
    return document


def parcel_inspection_for(user: User, inspection_id: int) -> ParcelInspection:
    """Load a recorded parcel inspection the user may print again, or raise NotFound."""
    visible = permissions.visible_cases(user).with_only_columns(Case.id)
    inspection = db.session.scalar(
        sa.select(ParcelInspection).join(ParcelInspection.referral)
        .where(ParcelInspection.id == inspection_id, Referral.case_id.in_(visible)))
    if inspection is None or not permissions.can_record_parcel_inspection(
            user, inspection.referral):
        raise NotFound()
    return inspection


def by_public_id(public_id: str) -> Document:
    """Load a document by the random id printed in its QR code (the public verify page)."""
    document = db.session.scalar(sa.select(Document).where(Document.public_id == public_id))
    if document is None:
        raise NotFound()
    return document


def case_documents(case: Case) -> list[Document]:
    """Return every document generated for a (visible) case, oldest first."""
    return list(db.session.scalars(
        sa.select(Document).where(Document.case_id == case.id)
        .options(joinedload(Document.referral)).order_by(Document.id)))


def readable_documents(user: User, case: Case) -> list[Document]:
    """Return the case's documents this user may download, newest first."""
    return [d for d in reversed(case_documents(case)) if permissions.can_read_document(user, d)]


def register_rows(case: Case) -> list[dict[str, str]]:
    """Return the case's register of documents: number, kind, date and hash."""
    return [{"number": d.number, "kind": _kind_and_print(d), "issuer": d.issuer.name,
             "created_at": format_datetime_vn(d.created_at), "sha256": d.sha256,
             "pages": str(d.pages)} for d in case_documents(case)]


def _kind_and_print(document: Document) -> str:
    if document.revision == 1:
        return str(document.kind.label)
    return _("%(kind)s (bản in lại lần %(n)s)", kind=document.kind.label, n=document.revision)


def latest_print(kind: DocumentKind, *, case_id: int | None, referral_id: int | None,
                 parcel_inspection_id: int | None) -> Document | None:
    """Return the latest print of the record of one event (stop, referral, inspection)."""
    subject = {DocumentKind.BIEN_BAN: Document.case_id == case_id,
               DocumentKind.REFERRAL_SLIP: Document.referral_id == referral_id,
               DocumentKind.PARCEL_INSPECTION:
                   Document.parcel_inspection_id == parcel_inspection_id}[kind]
    # Lock the first print, then read the latest: concurrent re-prints of one record queue on
    # that row (PostgreSQL) and each sees the revision the other committed.
    first = db.session.scalar(sa.select(Document.id).where(
        Document.kind == kind, subject, Document.revision == 1).with_for_update())
    if first is None:
        return None
    return db.session.scalar(sa.select(Document).where(Document.kind == kind, subject)
                             .order_by(Document.revision.desc()).limit(1)
                             .execution_options(populate_existing=True))


def annex_rows(case: Case) -> list[dict[str, str]]:
    """Return the latest biên bản of the case as an annex of its referral slips."""
    record = db.session.scalar(
        sa.select(Document).where(Document.case_id == case.id,
                                  Document.kind == DocumentKind.BIEN_BAN)
        .order_by(Document.id.desc()).limit(1))
    if record is None:
        return []
    name = _("%(kind)s số %(number)s", kind=record.kind.label, number=record.number)
    return [{"name": name, "sha256": record.sha256}]


def file_name(document: Document) -> str:
    """Name a download readably: HN-2026-000123_phieu-chuyen_01.pdf."""
    if document.kind is DocumentKind.INSPECTION_MINUTE:
        return f"{document.kind.slug}_{document.year}_{document.seq:03d}.pdf"
    if document.case is None:
        scope = document.scope_province_code or "toan-quoc"
        return f"{document.kind.slug}_{scope}_{_period_key(document)}_{document.seq:02d}.pdf"
    same = [d.id for d in case_documents(document.case) if d.kind is document.kind]
    return f"{document.case.reference}_{document.kind.slug}_{same.index(document.id) + 1:02d}.pdf"


def _period_key(document: Document) -> str:
    start, end = document.period_start, document.period_end
    months = (end.year - start.year) * 12 + end.month - start.month
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}" if months == 3 else f"{start:%Y-%m}"


def job_for(user: User, job_id: int) -> DocumentJob:
    """Load a job the user requested, or raise NotFound."""
    job = db.session.scalar(sa.select(DocumentJob).where(
        DocumentJob.id == job_id, DocumentJob.requested_by_id == user.id))
    if job is None:
        raise NotFound()
    return job


def summary_reports(user: User, limit: int = 50) -> list[Document]:
    """Return the summary reports the user may download, newest first."""
    reports = db.session.scalars(
        sa.select(Document).where(Document.kind == DocumentKind.SUMMARY_REPORT,
                                  Document.issuer_id == user.organisation_id)
        .order_by(Document.id.desc()).limit(limit))
    return [d for d in reports if permissions.can_read_document(user, d)]


def report_scopes(user: User) -> list[tuple[str, str]]:
    """Return the scopes this user may report on: (province code or '' for the nation, name)."""
    provinces = db.session.scalars(db.select(Province).order_by(Province.code))
    options = [("", _("Toàn quốc"))] if user.role is Role.NATIONAL_SUPERVISOR else []
    return options + [(p.code, p.name) for p in provinces
                      if permissions.can_produce_summary_report(user, p.code)]


def document_row(document: Document) -> dict[str, str]:
    """Describe a stored document for a list: number, kind, date, pages, hash, link."""
    return {"id": str(document.id), "number": document.number, "kind": str(document.kind.label),
            "issuer": document.issuer.name, "created_at": format_datetime_vn(document.created_at),
            "pages": str(document.pages), "sha256": document.sha256,
            "personal_data": document.personal_data, "revision": document.revision,
            "purged": document.blob.purged_at is not None,
            "url": url_for("documents.download", document_id=document.id)}


def case_panel(user: User, case: Case) -> dict[str, Any]:
    """Return the case page's documents panel: what the user may produce and download."""
    actions = []
    if permissions.can_produce_bien_ban(user, case):
        actions.append({"label": _("Lập biên bản dừng vận chuyển"), "kind": "bien_ban",
                        "url": url_for("documents.bien_ban", case_id=case.id)})
    for referral in case.referrals:
        if permissions.can_produce_referral_slip(user, referral):
            # The unit's name is marked as a name (not the page's own words, not translated).
            agency = Markup("<span data-name>%s</span>") % referral.agency.name
            actions.append({"label": escape(_("In phiếu chuyển: %(agency)s")) % {"agency": agency},
                            "kind": "referral_slip",
                            "url": url_for("documents.referral_slip", referral_id=referral.id)})
        actions += inspection_actions(user, referral)
    if permissions.can_produce_case_file(user, case):
        actions.append({"label": _("In hồ sơ vụ việc"), "kind": "case_file",
                        "url": url_for("documents.case_file", case_id=case.id)})
    documents = [document_row(d) for d in readable_documents(user, case)]
    return {"actions": actions, "documents": documents}


def inspection_actions(user: User, referral) -> list[dict[str, str]]:
    """Return the agency's parcel-inspection buttons: record one, print recorded ones again."""
    if not permissions.can_record_parcel_inspection(user, referral):
        return []
    actions = [{"label": _("Lập biên bản kiểm tra bưu gửi"), "kind": "parcel_inspection",
                "method": "get",
                "url": url_for("documents.parcel_inspection", referral_id=referral.id)}]
    from caseflow.documents import parcel_inspections  # it issues through services → queries

    for inspection in parcel_inspections.inspections_of(referral):
        actions.append({"label": _("In lại biên bản kiểm tra bưu gửi ngày %(day)s",
                                   day=format_datetime_vn(inspection.inspected_at)),
                        "kind": "parcel_inspection_reprint",
                        "url": url_for("documents.parcel_inspection_reprint",
                                       inspection_id=inspection.id)})
    return actions
