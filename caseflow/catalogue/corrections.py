"""Corrections to the seeded C1–C17 catalogue (issue 10), applied to existing databases.

`flask seed` inserts missing categories from seed/data/prohibited_categories.csv; a database
seeded before a correction still holds the old wording. `apply_corrections` moves each field
from its old seeded value to the corrected one, as a new catalogue version in force from the
day it runs, and leaves alone a field an administrator has changed since (the value no longer
matches the old one). Migration 0008 applies the same list to databases upgraded in place.
"""

from __future__ import annotations

from datetime import date

from caseflow.accounts.models import OrgKind
from caseflow.catalogue.models import VERSIONED_FIELDS, Category, CategoryVersion
from caseflow.extensions import db

NOTE = "Hiệu chỉnh căn cứ pháp lý và cơ quan chủ trì (issue 10)"

#: code → field → (old seeded value, corrected value).
CORRECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    # Anti-State material and state secrets are the security police's (Công an — An ninh).
    "C5": {"lead_agency": ("police", "security_police")},
    "C6": {"lead_agency": ("police", "security_police")},
    # Copyright (BLHS Art. 225) and industrial-property (Art. 226) infringement.
    "C8": {"criminal_code_articles": ("Điều 192-195 BLHS", "Điều 192-195, 225, 226 BLHS")},
    # Banned by the Postal Law (Art. 12(1) circulation, 12(4) treaties: UPU Convention Art. 19),
    # not merely by the firms' own rules.
    "C11": {"postal_legal_basis": ("Quy định của doanh nghiệp; Công ước UPU Điều 19",
                                   "Luật Bưu chính Điều 12 khoản 1, 4; Công ước Bưu chính Thế "
                                   "giới Điều 19")},
    # Trading in human tissue or body parts (BLHS Art. 154); Investment Law Art. 6(1)(đ).
    "C12": {"postal_legal_basis": ("Luật Đầu tư Điều 6 khoản 1",
                                   "Luật Bưu chính Điều 12 khoản 1; Luật Đầu tư Điều 6 khoản 1 "
                                   "điểm đ"),
            "criminal_code_articles": ("", "Điều 154 BLHS")},
    # Live organisms travel mostly within the country: QLTT leads, customs for cross-border.
    "C16": {"postal_legal_basis": ("Quy định của doanh nghiệp; Công ước UPU Điều 19",
                                   "Luật Bưu chính Điều 12 khoản 4; Công ước Bưu chính Thế giới "
                                   "Điều 19"),
            "lead_agency": ("customs", "market_surveillance"),
            "support_agencies": ("", "customs")},
    # Consolidated items for several addresses split a shipment past customs declarations.
    "C17": {"lead_agency": ("market_surveillance", "customs"),
            "support_agencies": ("", "market_surveillance")},
}


def _stored(value) -> str:
    return value.value if isinstance(value, OrgKind) else value


def apply_corrections(today: date) -> list[str]:
    """Correct the categories still holding old seeded values; return the codes changed."""
    changed = []
    for code, fields in CORRECTIONS.items():
        category = db.session.get(Category, code)
        if category is None:
            continue
        due = {name: new for name, (old, new) in fields.items()
               if _stored(getattr(category, name)) == old}
        if not due:
            continue
        for name, new in due.items():
            setattr(category, name, OrgKind(new) if name == "lead_agency" else new)
        db.session.add(CategoryVersion(
            category_code=code, valid_from=today, note=NOTE,
            **{name: getattr(category, name) for name in VERSIONED_FIELDS}))
        changed.append(code)
    db.session.flush()
    return changed
