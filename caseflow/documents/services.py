"""Produce documents: number, render, hash, store and audit, all in the caller's transaction."""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from caseflow.accounts import permissions
from caseflow.accounts.models import Organisation, Province, User
from caseflow.audit import services as audit
from caseflow.cases.models import Case
from caseflow.db_types import utcnow
from caseflow.documents import context as ctx
from caseflow.documents import numbering, pdf, queries
from caseflow.documents.models import Document, DocumentBlob, DocumentJob, DocumentKind
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
}
#: Copies of the biên bản: the firm, the sender, the agency (Art. 14(4) Postal Law).
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


@in_vietnamese
def issue(draft: Draft, *, url_root: str) -> Document:
    """Number the draft, render it, store the bytes under their SHA-256 and audit it."""
    now = utcnow()
    year = to_local(now).year
    seq = numbering.next_seq(draft.issuer.id, draft.kind, year)
    number = numbering.format_number(seq, year, draft.kind, ctx.issuer_code(draft.issuer))
    public_id = secrets.token_urlsafe(16)
    url = verify_url(url_root, public_id)
    head = ctx.header(draft.issuer, number=number, when=now, province=draft.province)
    html = render_html(draft.kind, {**draft.body, "doc": {
        **head, "kind": str(draft.kind.label), "qr": qr_data_uri(url), "verify_url": url,
        "issued_at": format_datetime_vn(now), "actor": draft.actor.full_name}})
    rendered = pdf.render_pdf(html)
    document = Document(
        public_id=public_id, kind=draft.kind, issuer_id=draft.issuer.id, year=year, seq=seq,
        number=number, case_id=draft.case.id if draft.case else None,
        referral_id=draft.referral.id if draft.referral else None,
        scope_province_code=draft.scope_province_code, inspection_id=draft.inspection_id,
        period_start=draft.period.start if draft.period else None,
        period_end=draft.period.end if draft.period else None,
        personal_data=draft.personal_data, pages=rendered.pages,
        sha256=store_blob(rendered.content), created_by_id=draft.actor.id, created_at=now)
    db.session.add(document)
    db.session.flush()
    audit.record("document.generate", actor=draft.actor, object_type="document",
                 object_id=document.id, kind=draft.kind.value, number=number,
                 case_id=document.case_id, sha256=document.sha256)
    return document


@in_vietnamese
def render_html(kind: DocumentKind, context: dict[str, Any]) -> str:
    """Render a document's HTML."""
    return render_template(TEMPLATES[kind], **context)


def store_blob(content: bytes) -> str:
    """Store the bytes once under their SHA-256 and return the hash."""
    digest = hashlib.sha256(content).hexdigest()
    if db.session.get(DocumentBlob, digest) is None:
        db.session.add(DocumentBlob(sha256=digest, size=len(content), content=content))
    return digest


def _deny() -> NotAllowed:
    return NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))


@in_vietnamese
def bien_ban_draft(case: Case, *, actor: User) -> Draft:
    """Prepare the record of stopping and inspecting the item, issued by the owning firm."""
    if not permissions.can_produce_bien_ban(actor, case):
        raise _deny()
    people = ctx.parties(actor, case)
    referral = case.referrals[0] if case.referrals else None
    body = {"case": ctx.case_facts(case), "categories": ctx.category_rows(case),
            "parties": people, "copies": f"{BIEN_BAN_COPIES:02d}",
            "staff": {"name": actor.full_name, "role": str(actor.role.label)},
            "notified": ctx.referral_row(referral) if referral else None}
    return Draft(DocumentKind.BIEN_BAN, case.firm, actor, body, case=case,
                 province=case.province, personal_data=not people["masked"])


@in_vietnamese
def referral_slip_draft(referral: Referral, *, actor: User) -> Draft:
    """Prepare a referral's slip, issued by the organisation that made the referral."""
    if not permissions.can_produce_referral_slip(actor, referral):
        raise _deny()
    case = referral.case
    body = {"case": ctx.case_facts(case), "categories": ctx.category_rows(case),
            "referral": ctx.referral_row(referral),
            "annexes": queries.annex_rows(case) + ctx.evidence_rows(case),
            "signer": referral.issued_by.full_name}
    return Draft(DocumentKind.REFERRAL_SLIP, referral.issued_by.organisation, actor, body,
                 case=case, referral=referral, province=case.province)


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
