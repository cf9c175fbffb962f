"""Load the 34 provinces and the C1–C17 catalogue from the CSV files shipped in data/."""

from __future__ import annotations

import csv
from pathlib import Path

from caseflow.accounts.models import OrgKind, Province
from caseflow.catalogue.models import Category, Severity
from caseflow.extensions import db

DATA = Path(__file__).parent / "data"

#: Prefixes of case references (HN-2026-000123), one per province, unique.
REF_PREFIXES = {
    "01": "HN", "04": "CB", "08": "TQ", "10": "LC", "11": "DB", "12": "LCH", "14": "SL",
    "19": "TN", "20": "LS", "22": "QNI", "25": "PT", "27": "BN", "31": "HP", "33": "HY",
    "37": "NB", "38": "TH", "40": "NA", "42": "HT", "45": "QT", "46": "HUE", "48": "DN",
    "51": "QNG", "56": "KH", "64": "GL", "66": "DL", "68": "LD", "72": "TNI", "75": "DNA",
    "79": "HCM", "86": "VL", "87": "DT", "89": "AG", "92": "CT", "96": "CM",
}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_provinces() -> int:
    """Insert or update the provinces; return how many there are."""
    rows = _rows("provinces.csv")
    for row in rows:
        province = db.session.get(Province, row["code"]) or Province(code=row["code"])
        province.name, province.kind = row["name"], row["kind"]
        province.formed_from, province.ref_prefix = row["formed_from"], REF_PREFIXES[row["code"]]
        db.session.add(province)
    return len(rows)


def load_categories() -> int:
    """Insert the categories that are missing and correct the existing ones
    (catalogue/corrections.py); an admin's later edits are kept."""
    from caseflow.catalogue.corrections import apply_corrections
    from caseflow.catalogue.services import today

    rows = _rows("prohibited_categories.csv")
    apply_corrections(today())
    for order, row in enumerate(rows, start=1):
        if db.session.get(Category, row["code"]):
            continue
        db.session.add(Category(
            code=row["code"], sort_order=order, name_vi=row["name_vi"], name_en=row["name_en"],
            postal_legal_basis=row["postal_legal_basis"],
            criminal_code_articles=row["criminal_code_articles"],
            lead_agency=OrgKind(row["lead_agency"]),
            support_agencies=",".join(v for v in row["support_agencies"].split(";") if v),
            restricted=row["restricted"] == "true", severity=Severity(row["severity"])))
    return len(rows)


def load_reference_data() -> tuple[int, int]:
    """Load both lists and the public holidays (caseflow/calendar), and flush."""
    from caseflow.calendar.seed import load_holidays

    counts = load_provinces(), load_categories()
    load_holidays()
    db.session.flush()
    return counts
