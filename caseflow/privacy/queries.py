"""The personal-data processing log: every view, reveal, look-up, print, export and download."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.i18n import format_datetime_vn, local_input_to_utc
from caseflow.main.keyset import Order
from caseflow.privacy.purposes import describe, legal_basis, role_label
from caseflow.reports.exports import Sheet

#: Actions that process personal data; their log is kept under Decree 13/2023 (to 2025), then
#: Law 91/2025/QH15 and Decree 356/2025/NĐ-CP (from 1/1/2026).
#: Downloads of originals count: they keep the EXIF (GPS, device) and may show people.
PROCESSING_PREFIXES = ("personal_data.", "document.", "export.", "evidence.download",
                       "inspection_photo.download")
#: The log's order, newest first; the paging keys on it (main/keyset.py).
LOG_ORDER = Order(AuditEvent.occurred_at, AuditEvent.id)


def _day(day: date) -> datetime:
    return local_input_to_utc(datetime.combine(day, time.min))


def processing_log(filters: dict[str, Any]) -> sa.Select:
    """Return processing events with actor, organisation and case, newest first."""
    query = (sa.select(AuditEvent)
             .outerjoin(Case, Case.id == AuditEvent.case_id)
             .options(joinedload(AuditEvent.actor), joinedload(AuditEvent.organisation),
                      joinedload(AuditEvent.case))
             .where(sa.or_(*(AuditEvent.action.startswith(p) for p in PROCESSING_PREFIXES))))
    if filters.get("case"):
        query = query.where(Case.reference == filters["case"].upper())
    if filters.get("user"):
        query = query.where(AuditEvent.actor_id == filters["user"])
    if filters.get("organisation"):
        query = query.where(AuditEvent.organisation_id == int(filters["organisation"]))
    if filters.get("date_from"):
        query = query.where(AuditEvent.occurred_at >= _day(filters["date_from"]))
    if filters.get("date_to"):
        query = query.where(AuditEvent.occurred_at < _day(filters["date_to"] + timedelta(days=1)))
    return LOG_ORDER.newest_first(query)


LOG_HEADERS = ("seq", "time", "username", "full_name", "role", "organisation", "case", "action",
               "reason", "ip", "processing", "data", "purpose", "legal_basis")


def _words(event: AuditEvent) -> list[str]:
    purpose = describe(event.action)
    return [str(purpose.action), str(purpose.data), str(purpose.purpose),
            legal_basis(event.occurred_at)]


def processing_log_sheet(filters: dict[str, Any], *, limit: int) -> Sheet:
    """Return the filtered processing log as a table to export."""
    events = db.session.scalars(processing_log(filters).limit(limit))
    rows = ([e.seq, format_datetime_vn(e.occurred_at), e.actor.username if e.actor else "",
             e.actor.full_name if e.actor else "", role_label(e.actor_role),
             e.organisation.name if e.organisation else "",
             e.case.reference if e.case else "", e.action, e.reason, e.ip,
             *_words(e)] for e in events)
    return Sheet("Nhat ky du lieu ca nhan", LOG_HEADERS, rows)
