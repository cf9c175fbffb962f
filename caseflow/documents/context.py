"""Plain-dict contexts for the document templates: no ORM object ever reaches a template."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from caseflow.accounts.models import Organisation, OrgKind, Province, User
from caseflow.cases.models import Case
from caseflow.cases.privacy import parties_for
from caseflow.cases.timeline import rows_for_page
from caseflow.db_types import utcnow
from caseflow.i18n import country_name, format_datetime_vn, format_money, to_local
from caseflow.privacy import law
from caseflow.referrals.models import Referral
from caseflow.workflow.describe import entry_label


def place_name(province: Province | None) -> str:
    """Name the place in a dateline: Hà Nội, Thành phố Hồ Chí Minh, Cao Bằng."""
    if province is None:
        return "Hà Nội"  # the Ministry and nationwide firms sit in the capital
    short = province.name.removeprefix("Thành phố ")
    return province.name if short == "Hồ Chí Minh" else short


def date_words(when: datetime) -> str:
    """Write a date as administrative documents do: ngày 05 tháng 01 năm 2026 (Decree 30/2020)."""
    return date_words_of_day(to_local(when).date())


def date_words_of_day(day: date) -> str:
    """Write a calendar date (no time zone) as date_words does."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("ngày %(d)s tháng %(m)s năm %(y)s", d=f"{day.day:02d}", m=month, y=day.year)


def time_words(when: datetime | None) -> str:
    """Write a moment as 14 giờ 30 phút, ngày 05 tháng 6 năm 2026."""
    if when is None:
        return ""
    local = to_local(when)
    return _("%(h)s giờ %(mi)s phút, %(date)s", h=f"{local.hour:02d}",
             mi=f"{local.minute:02d}", date=date_words(when))


def header(issuer: Organisation, *, number: str, when: datetime,
           province: Province | None) -> dict[str, str]:
    """Return the national header's parts: organisation, number, place and date."""
    parent, unit = org_parts(issuer)
    return {"org_parent": parent, "org_unit": unit, "org_name": issuer.name, "number": number,
            "dateline": f"{place_name(issuer.province or province)}, {date_words(when)}",
            **signer_titles(issuer)}


#: Words that separate a unit from its parent in an organisation's name.
NAME_SEPARATOR = " – "


def org_parts(org: Organisation) -> tuple[str, str]:
    """Split an organisation into (parent body, unit) for the header (Decree 30/2020, Annex I).

    A Sở KH&CN sits under its province's People's Committee (UBND); a name written
    "Parent – Unit" (a Ministry's department, a firm's branch) is split there, except police
    units, which are named "Unit – Parent" (Phòng Cảnh sát kinh tế – Công an Thành phố Hà Nội).
    """
    if org.kind is OrgKind.DOST and org.province:
        province = org.province.name
        if org.province.kind == "province":  # cities carry "Thành phố" in their name already
            province = _("tỉnh %(p)s", p=province)
        unit = org.name
        for suffix in (province, org.province.name, org.province.name.removeprefix("Thành phố ")):
            unit = unit.removesuffix(f" {suffix}").strip()
        return _("UBND %(p)s", p=province), unit or org.name
    if NAME_SEPARATOR in org.name:
        left, right = (x.strip() for x in org.name.split(NAME_SEPARATOR, 1))
        return (right, left) if org.kind is OrgKind.POLICE else (left, right)
    return "", org.name


def signer_titles(org: Organisation) -> dict[str, str]:
    """Return who signs for the organisation: a Ministry's department signs "TL. BỘ TRƯỞNG"
    over its head's title (Decree 30/2020 Art. 13); a Sở's director signs as GIÁM ĐỐC."""
    parent, unit = org_parts(org)
    if org.kind is OrgKind.MINISTRY and parent:
        return {"sign_for": _("TL. BỘ TRƯỞNG"), "signer_title": f"{_head_title(unit)} {unit}"}
    if org.kind is OrgKind.MINISTRY:
        return {"sign_for": "", "signer_title": _("BỘ TRƯỞNG")}
    if org.kind is OrgKind.DOST:
        return {"sign_for": "", "signer_title": _("GIÁM ĐỐC")}
    return {"sign_for": "", "signer_title": _("THỦ TRƯỞNG ĐƠN VỊ")}


def _head_title(unit: str) -> str:
    """Vụ → Vụ trưởng, Cục → Cục trưởng; any other unit → Thủ trưởng."""
    first = unit.split(" ", 1)[0]
    return _("%(unit)s trưởng", unit=first) if first in ("Vụ", "Cục") else _("Thủ trưởng")


def issuer_code(org: Organisation) -> str:
    """Abbreviate the issuer for the number, as in 01/BC-SKHCN (Decree 30/2020, Annex I).

    A Sở is SKHCN (its province is in the parent's name), a Ministry's department numbers in
    its Ministry's name (BKHCN); others by their own initials. Connectives are skipped and
    marks dropped (Ủy → U), but Đ stays.
    """
    parent, unit = org_parts(org)
    name = parent if org.kind is OrgKind.MINISTRY and parent else unit
    if org.kind is OrgKind.POSTAL_FIRM and parent:
        name = parent
    words = [w for w in re.split(r"[^\w]+", name) if w and w.lower() not in ("và", "của")]
    initials = "".join(w if w.isdigit() else w[0] for w in words).upper()
    return "".join(c for c in unicodedata.normalize("NFD", initials)
                   if not unicodedata.combining(c))


def case_facts(case: Case) -> dict[str, Any]:
    """Return the item and the detection as printable strings."""
    service = " · ".join(str(x.label) for x in (case.service_scope, case.service_type) if x)
    return {
        "reference": case.reference or "", "status": str(case.status.label),
        "firm": case.firm.name, "province": case.province.name,
        "tracking_number": case.tracking_number, "service": service,
        "accepted_at": format_datetime_vn(case.accepted_at),
        "acceptance_office": case.acceptance_office,
        "origin": _place(case.origin_province, case.origin_country),
        "destination": _place(case.destination_province, case.destination_country),
        "declared_contents": case.declared_contents,
        "declared_value": format_money(case.declared_value),
        "weight": _weight(case),
        "pieces": str(case.pieces or ""),
        "detection": str(case.detection_method.label) if case.detection_method else "",
        "dong_kiem": _("Đã đồng kiểm") if case.dong_kiem_done else _("Chưa đồng kiểm"),
        "description": case.description, "stopped_at": format_datetime_vn(case.stopped_at),
        "stopped_words": time_words(case.stopped_at), "held_at": case.held_at,
        "seal_number": case.seal_number,
        "disposition": str(case.disposition.label) if case.disposition else "",
        "disposition_note": case.disposition_note,
    }


def _weight(case: Case) -> str:
    if not case.weight_kg:
        return ""
    return f"{case.weight_kg.normalize():f}".replace(".", ",") + " kg"


def _place(province: Province | None, country: str | None) -> str:
    return " ".join(x for x in ((province.name if province else ""), country_name(country, "vi"))
                    if x)


def category_rows(case: Case) -> list[dict[str, str]]:
    """Return the suspected categories with their legal basis."""
    return [{"code": c.code, "name": c.name_vi, "legal_basis": c.postal_legal_basis,
             "criminal": c.criminal_code_articles} for c in case.categories]


def parties(user: User, case: Case) -> dict[str, Any]:
    """Return sender and recipient as this reader may see them (masked or not)."""
    values, masked = parties_for(user, case)
    return {**values, "masked": masked, "privacy_law": str(law.rules_on(utcnow()).short)}


def referral_row(referral: Referral) -> dict[str, Any]:
    """Return one referral and its outcome as printable strings."""
    return {
        "agency": referral.agency.name, "status": str(referral.status.label),
        "issued_at": format_datetime_vn(referral.issued_at),
        "due_at": format_datetime_vn(referral.due_at),
        "due_words": time_words(referral.due_at),
        "accepted_at": format_datetime_vn(referral.accepted_at),
        "closed_at": format_datetime_vn(referral.closed_at), "note": referral.note,
        "outcome": str(referral.outcome.label) if referral.outcome else "",
        "sanction": referral.sanction_decision_number,
        "criminal": referral.criminal_case_reference,
        "fine": format_money(referral.fine_amount), "legal_basis": referral.legal_basis,
        "disposition": str(referral.disposition.label) if referral.disposition else "",
        "conclusion": referral.conclusion_note,
    }


def timeline_rows(case: Case) -> list[dict[str, str]]:
    """Return the timeline as the case page shows it, oldest first.

    Draft saves are left out and the engine's own case move after a referral's change is
    folded into that row's event (cases/timeline.rows_for_page), as on the case page.
    """
    rows = []
    for row in rows_for_page(case):
        e = row.entry
        event = entry_label(e) if e.transition else str(e.kind.label)
        if e.referral is not None:
            event = f"{event} — {e.referral.agency.name}"
        if row.consequence is not None:
            event = f"{event} → {entry_label(row.consequence)}"
        actor = e.actor.full_name if e.actor else _("Hệ thống")
        org = (e.actor.organisation.short_name or e.actor.organisation.name) if e.actor else ""
        rows.append({"at": format_datetime_vn(e.created_at), "actor": actor, "org": org,
                     "event": event, "text": e.text})
    return rows


def evidence_rows(case: Case) -> list[dict[str, str]]:
    """Return the evidence files (name, sha256, image data: URI or '') for the case file.

    Photos are embedded from their display copies (no EXIF/GPS), re-checked against their
    hashes; a copy that fails the check is left out and raises an integrity alert.
    """
    from caseflow.evidence.printing import evidence_for_print

    return evidence_for_print(case)
