"""Create many flags at once: per-item validation and errors, one transaction per batch.

The API's single and bulk endpoints and the file import all come here. Each item is checked
with the flag form's rules (validation.FlagValidator); items whose (firm, tracking number) is
already known come back as "exists" with their case, so a retried request or a re-imported
file creates nothing new (IntakeRecord's unique constraint backs this in the database). The
valid new items become rows, not ORM objects (personal data sealed by the model's own Encrypted
fields): one counter UPDATE per province for their references, then the workflow engine moves
them to "flagged" and inserts them with their timeline rows and audit events, and the
categories and intake records follow — each table in one multi-row write (COPY on
PostgreSQL). bench/api.py measures it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from caseflow import permissions
from caseflow.accounts.models import Province, User
from caseflow.cases.models import Case, ReferenceCounter, case_category
from caseflow.cases.services import CASE_FIELDS, format_reference
from caseflow.database import bump_counter, copy_rows
from caseflow.db_types import utcnow
from caseflow.errors import NotAllowed
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.intake.models import IntakeRecord, IntakeSource
from caseflow.intake.validation import FlagValidator
from caseflow.privacy.fields import encrypted_fields
from caseflow.referrals.models import Referral
from caseflow.workflow import engine
from caseflow.workflow.states import CaseStatus


@dataclass
class ItemResult:
    """What became of one item: created, exists (with its case) or rejected (with errors)."""

    index: int
    status: str
    tracking_number: str = ""
    case: Case | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Checked:
    """A batch after validation and the look-up of known tracking numbers."""

    results: list[ItemResult]
    #: (result, case data) of the valid items not known yet, in input order.
    new: list[tuple[ItemResult, dict[str, Any]]]


def check_items(actor: User, items: Sequence[Mapping[str, Any]],
                validator: FlagValidator | None = None) -> Checked:
    """Validate every item and find the ones already created; write nothing."""
    if not permissions.can_flag(actor):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))
    validator = validator or FlagValidator()
    results, valid = [], []
    for index, values in enumerate(items):
        data, errors = validator.validate(values)
        tracking = data["tracking_number"] if data else str(values.get("tracking_number") or "")
        result = ItemResult(index, "rejected" if errors else "new", tracking, errors=errors)
        results.append(result)
        if data:
            valid.append((result, data))
    known = _known_cases(actor.organisation_id, {d["tracking_number"] for _r, d in valid})
    new, seen = [], {}
    for result, data in valid:
        number = data["tracking_number"]
        if number in known or number in seen:
            result.status, result.case = "exists", known.get(number) or seen[number]
        else:
            seen[number] = None
            new.append((result, data))
    return Checked(results, new)


def _known_cases(firm_id: int, numbers: set[str]) -> dict[str, Case]:
    """Return the firm's existing cases by tracking number (one query per batch)."""
    if not numbers:
        return {}
    cases = db.session.scalars(sa.select(Case).where(Case.firm_id == firm_id,
                                                     Case.tracking_number.in_(numbers))
                               .options(selectinload(Case.referrals)
                                        .joinedload(Referral.agency))
                               .order_by(Case.id))
    return {c.tracking_number: c for c in cases}


@dataclass(frozen=True)
class CreatedCase:
    """A case the batch inserted, with the facts an answer shows (no ORM object is loaded)."""

    id: int
    reference: str
    tracking_number: str
    status: CaseStatus
    province_code: str
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime
    referrals: tuple = ()


def create_flags(actor: User, items: Sequence[Mapping[str, Any]], *, source: IntakeSource,
                 api_key_id: int | None = None, batch_id: int | None = None,
                 validator: FlagValidator | None = None) -> list[ItemResult]:
    """Validate the items and create the new ones as submitted cases; flush, never commit."""
    checked = check_items(actor, items, validator)
    if checked.new:
        rows = _case_rows(actor, [data for _r, data in checked.new])
        via = {"via": source.value, **({"api_key_id": api_key_id} if api_key_id else {})}
        engine.apply_to_new(rows, "submit", actor=actor, **via)
        _insert_links(actor, rows, [data for _r, data in checked.new], source=source,
                      api_key_id=api_key_id, batch_id=batch_id)
        for (result, _data), row in zip(checked.new, rows, strict=True):
            result.status, result.case = "created", CreatedCase(
                row["id"], row["reference"], row["tracking_number"], row["status"],
                row["province_code"], row["created_at"], row["updated_at"], row["submitted_at"])
    _link_duplicates(checked.results)
    return checked.results


def _insert_links(actor: User, rows: list[dict], data: list[dict[str, Any]], *,
                  source: IntakeSource, api_key_id: int | None, batch_id: int | None) -> None:
    """Insert the new cases' categories and intake records (one executemany each)."""
    copy_rows(db.session(), case_category, [
        {"case_id": row["id"], "category_code": code}
        for row, values in zip(rows, data, strict=True)
        for code in dict.fromkeys(values["categories"])])
    copy_rows(db.session(), IntakeRecord.__table__, [
        {"firm_id": actor.organisation_id, "tracking_number": row["tracking_number"],
         "case_id": row["id"], "source": source, "api_key_id": api_key_id,
         "batch_id": batch_id, "created_at": row["created_at"]} for row in rows])


def _link_duplicates(results: list[ItemResult]) -> None:
    """Point an item repeated within the batch at the case its first copy created."""
    created = {r.tracking_number: r.case for r in results if r.status == "created"}
    for result in results:
        if result.status == "exists" and result.case is None:
            result.case = created.get(result.tracking_number)


PLAIN_FIELDS = tuple(name for name in CASE_FIELDS if name not in encrypted_fields(Case))


def _column_defaults() -> dict[str, Any]:
    """The defaults of the cases' NOT NULL text columns, which an empty field leaves to them."""
    return {c.name: c.default.arg for c in Case.__table__.columns
            if c.name in PLAIN_FIELDS and not c.nullable and c.default is not None}


def _case_rows(actor: User, values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Make the draft cases' rows, personal data encrypted, with their references."""
    sealed, defaults, now = encrypted_fields(Case).items(), _column_defaults(), utcnow()
    rows = []
    for data in values:
        row = {name: data.get(name) for name in PLAIN_FIELDS}
        for name, default in defaults.items():
            if row[name] is None:
                row[name] = default
        row.update(firm_id=actor.organisation_id, created_by_id=actor.id, uid=uuid.uuid4().hex,
                   status=CaseStatus.DRAFT, submitted_at=now, created_at=now, updated_at=now,
                   version=1, round=1)
        for name, field_ in sealed:
            row[name], index = field_.sealed(Case.__tablename__, row["uid"], data.get(name))
            if field_.index:
                row[field_.index] = index
        rows.append(row)
    _assign_references(rows, to_local(now).year)
    return rows


def _assign_references(rows: list[dict[str, Any]], year: int) -> None:
    """Take a block of numbers per province with one UPDATE each, in input order."""
    by_province: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_province[row["province_code"]].append(row)
    prefixes = {code: prefix for code, prefix in db.session.execute(
        sa.select(Province.code, Province.ref_prefix).where(Province.code.in_(by_province)))}
    for code in sorted(by_province):  # a fixed order: concurrent batches cannot deadlock
        group = by_province[code]
        last = bump_counter(db.session(), ReferenceCounter, by=len(group), province_code=code,
                            year=year)
        for offset, row in enumerate(group):
            row["reference"] = format_reference(prefixes[code], year,
                                                last - len(group) + offset + 1)
