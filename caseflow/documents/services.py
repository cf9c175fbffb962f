"""Produce documents: number, render, hash, store and audit, all in the caller's transaction."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from caseflow import permissions
from caseflow.accounts.models import Organisation, OrgKind, Province, User
from caseflow.audit import services as audit
from caseflow.cases.models import Case
from caseflow.db_types import utcnow
from caseflow.documents import context as ctx
from caseflow.documents import numbering, pdf, queries, storage
from caseflow.documents.models import EVENT_KINDS, Document, DocumentJob, DocumentKind
from caseflow.documents.qr import qr_data_uri
from caseflow.documents.report_context import summary_context
from caseflow.errors import NotAllowed
from caseflow.extensions import db
from caseflow.i18n import format_datetime_vn, to_local
from caseflow.referrals.models import Referral
from caseflow.reports.queries import Period

P = ParamSpec("P")
R = TypeVar("R")
#: The PDF templates, one per kind, under templates/documents/pdf/.
TEMPLATES = {
    DocumentKind.BIEN_BAN: "documents/pdf/bien_ban.html",
    DocumentKind.REFERRAL_SLIP: "documents/pdf/phieu_chuyen.html",
    DocumentKind.CASE_FILE: "documents/pdf/ho_so.html",
    DocumentKind.SUMMARY_REPORT: "documents/pdf/bao_cao.html",
    DocumentKind.INSPECTION_MINUTE: "documents/pdf/bien_ban_kiem_tra.html",
    DocumentKind.PARCEL_INSPECTION: "documents/pdf/bien_ban_kiem_tra_buu_gui.html",
}
#: Copies of the stop record: the firm keeps one, one goes to the authority notified, one to
#: the sender when present.
BIEN_BAN_COPIES = 3


def in_vietnamese(func: Callable[P, R]) -> Callable[P, R]:
    """Run func with Vietnamese labels: official documents print in Vietnamese, whatever the
    user's interface language."""
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with force_locale("vi"):
            return func(*args, **kwargs)
    return wrapper


def verify_url(url_root: str, public_id: str) -> str:
    """Return the public verification URL printed in a document's QR code."""
    return f"{url_root.rstrip('/')}/verify/{public_id}"


@dataclass
class Draft:
    """Everything a document needs before it gets its number."""

    kind: DocumentKind
    issuer: Organisation
    actor: User
    body: dict[str, Any]
    case: Case | None = None
    referral: Referral | None = None
    province: Province | None = None
    personal_data: bool = False
    period: Period | None = None
    scope_province_code: str | None = None
    inspection_id: int | None = None
    parcel_inspection_id: int | None = None
    #: The event the document records (stop, referral, inspection): its dateline and year.
    #: None for compilations (case file, report), dated when printed.
    event_at: datetime | None = None


@dataclass
class Numbered:
    """A document's number: a new one, or that of an earlier print of the same record."""

    year: int
    seq: int
    number: str
    revision: int = 1


def number_for(draft: Draft, now: datetime) -> Numbered:
    """Reuse the number of an event record printed before; else take the next of the series."""
    if draft.kind in EVENT_KINDS:
        earlier = queries.latest_print(draft.kind, case_id=draft.case.id if draft.case else None,
                                       referral_id=draft.referral.id if draft.referral else None,
                                       parcel_inspection_id=draft.parcel_inspection_id)
        if earlier is not None:
            return Numbered(earlier.year, earlier.seq, earlier.number, earlier.revision + 1)
    year = to_local(draft.event_at or now).year
    seq = numbering.next_seq(draft.issuer.id, draft.kind, year)
    return Numbered(year, seq, numbering.format_number(seq, year, draft.kind,
                                                      ctx.issuer_code(draft.issuer)))


@in_vietnamese
def issue(draft: Draft, *, url_root: str) -> Document:
    """Number the draft, render it, store the bytes under their SHA-256 and audit it."""
    now = utcnow()
    numbered = number_for(draft, now)
    number, dated = numbered.number, draft.event_at or now
    public_id = secrets.token_urlsafe(16)
    url = verify_url(url_root, public_id)
    head = ctx.header(draft.issuer, number=number, when=dated, province=draft.province)
    html = render_html(draft.kind, {**draft.body, "doc": {
        **head, "kind": str(draft.kind.label), "qr": qr_data_uri(url), "verify_url": url,
        "issued_at": format_datetime_vn(now), "actor": draft.actor.full_name}})
    rendered = pdf.render_pdf(html)
    document = Document(
        public_id=public_id, kind=draft.kind, issuer_id=draft.issuer.id, year=numbered.year,
        seq=numbered.seq, number=number, revision=numbered.revision,
        case_id=draft.case.id if draft.case else None,
        referral_id=draft.referral.id if draft.referral else None,
        scope_province_code=draft.scope_province_code, inspection_id=draft.inspection_id,
        parcel_inspection_id=draft.parcel_inspection_id,
        period_start=draft.period.start if draft.period else None,
        period_end=draft.period.end if draft.period else None,
        personal_data=draft.personal_data, pages=rendered.pages,
        sha256=storage.store(rendered.content, personal_data=draft.personal_data),
        created_by_id=draft.actor.id, created_at=now, dated_at=draft.event_at)
    db.session.add(document)
    db.session.flush()
    audit.record("document.generate", actor=draft.actor, object_type="document",
                 object_id=document.id, kind=draft.kind.value, number=number,
                 revision=numbered.revision, case_id=document.case_id, sha256=document.sha256)
    return document


@in_vietnamese
def render_html(kind: DocumentKind, context: dict[str, Any]) -> str:
    """Render a document's HTML."""
    return render_template(TEMPLATES[kind], **context)


def _deny() -> NotAllowed:
    return NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))


@in_vietnamese
def bien_ban_draft(case: Case, *, actor: User) -> Draft:
    """Prepare the record of stopping the item's carriage, issued by the owning firm."""
    if not permissions.can_produce_bien_ban(actor, case):
        raise _deny()
    people = ctx.parties(actor, case)
    stopped = case.stopped_at or case.submitted_at  # the stop; else when the firm flagged it
    referral = case.referrals[0] if case.referrals else None
    body = {"case": ctx.case_facts(case), "categories": ctx.category_rows(case),
            "parties": people, "copies": f"{BIEN_BAN_COPIES:02d}",
            "stopped_words": ctx.time_words(stopped),
            "staff": {"name": actor.full_name, "role": actor.job_title or str(actor.role.label)},
            "notified": ctx.referral_row(referral) if referral else None}
    return Draft(DocumentKind.BIEN_BAN, case.firm, actor, body, case=case,
                 province=case.province, personal_data=not people["masked"], event_at=stopped)


@in_vietnamese
def referral_slip_draft(referral: Referral, *, actor: User) -> Draft:
    """Prepare a referral's slip, issued by the organisation that made the referral."""
    if not permissions.can_produce_referral_slip(actor, referral):
        raise _deny()
    case, sender = referral.case, referral.issued_by.organisation
    body = {"case": ctx.case_facts(case), "categories": ctx.category_rows(case),
            "referral": ctx.referral_row(referral),
            "annexes": queries.annex_rows(case) + ctx.evidence_rows(case),
            "restricted": any(c.restricted for c in case.categories),
            "from_firm": sender.kind is OrgKind.POSTAL_FIRM,
            "duty_contact": sender.duty_contact or sender.phone,
            "signer": {"name": referral.issued_by.full_name,
                       "title": referral.issued_by.job_title}}
    return Draft(DocumentKind.REFERRAL_SLIP, sender, actor, body, case=case,
                 referral=referral, province=case.province, event_at=referral.issued_at)


@in_vietnamese
def case_file_draft(case: Case, *, actor: User) -> Draft:
    """Prepare the full case file, personal data masked unless the reader is entitled."""
    if not permissions.can_produce_case_file(actor, case):
        raise _deny()
    people = ctx.parties(actor, case)
    body = {"case": ctx.case_facts(case), "categories": ctx.category_rows(case),
            "parties": people, "referrals": [ctx.referral_row(r) for r in case.referrals],
            "timeline": ctx.timeline_rows(case), "documents": queries.register_rows(case),
            "evidence": ctx.evidence_rows(case),
            "printed_by": {"name": actor.full_name, "org": actor.organisation.name}}
    return Draft(DocumentKind.CASE_FILE, actor.organisation, actor, body, case=case,
                 province=case.province, personal_data=not people["masked"])


@in_vietnamese
def summary_report_draft(*, actor: User, province_code: str | None, period: Period,
                         now: datetime | None = None,
                         texts: dict[str, str] | None = None) -> Draft:
    """Prepare the summary report of one province (or the nation) for a period, with the
    supervisor's assessment, difficulties and recommendations (defaults where blank)."""
    if not permissions.can_produce_summary_report(actor, province_code):
        raise _deny()
    body = {"report": summary_context(actor, province_code, period, now or utcnow(), texts)}
    return Draft(DocumentKind.SUMMARY_REPORT, actor.organisation, actor, body,
                 province=actor.organisation.province, period=period,
                 scope_province_code=province_code)


def keep_report_texts(job: DocumentJob, texts: dict[str, str | None]) -> None:
    """Keep the supervisor's texts with the queued report, for its draft (report_texts)."""
    kept = {k: (v or "").strip() for k, v in texts.items() if (v or "").strip()}
    if kept:
        job.params = {**job.params, "texts": kept}
