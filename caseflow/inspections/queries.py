"""Scoped loaders and the filtered lists of inspections and violations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.documents.models import Document
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.inspections.models import Inspection, InspectionItem, InspectionPhoto, Violation
from caseflow.main.keyset import Order

#: The lists' orders, latest first; the paging keys on them (main/keyset.py).
INSPECTION_ORDER = Order(Inspection.planned_on, Inspection.id)
VIOLATION_ORDER = Order(Violation.act_date, Violation.id)


def inspection_for(user: User, inspection_id: int) -> Inspection:
    """Load an inspection the user may see, or raise NotFound."""
    found = db.session.scalar(permissions.visible_inspections(user).where(
        Inspection.id == inspection_id).options(
        selectinload(Inspection.items).selectinload(InspectionItem.photos),
        selectinload(Inspection.violations),
        joinedload(Inspection.firm), joinedload(Inspection.inspector_org)))
    if found is None:
        raise NotFound()
    return found


def violation_for(user: User, violation_id: int) -> Violation:
    """Load a violation of a visible inspection, or raise NotFound."""
    found = db.session.scalar(permissions.visible_violations(user).where(
        Violation.id == violation_id).options(joinedload(Violation.inspection),
                                              joinedload(Violation.firm)))
    if found is None:
        raise NotFound()
    return found


def filtered_inspections(user: User, filters: dict[str, Any]) -> sa.Select:
    """Return the visible inspections narrowed by the list's filters, latest first."""
    query = permissions.visible_inspections(user)
    if filters.get("status"):
        query = query.where(Inspection.status == filters["status"])
    if filters.get("firm"):
        query = query.where(Inspection.firm_id == int(filters["firm"]))
    if filters.get("date_from"):
        query = query.where(Inspection.planned_on >= filters["date_from"])
    if filters.get("date_to"):
        query = query.where(Inspection.planned_on < filters["date_to"] + timedelta(days=1))
    return INSPECTION_ORDER.newest_first(query.options(
        joinedload(Inspection.firm), joinedload(Inspection.province),
        selectinload(Inspection.items), selectinload(Inspection.violations)))


def filtered_violations(user: User, filters: dict[str, Any]) -> sa.Select:
    """Return the visible violations narrowed by the list's filters, latest act first."""
    query = permissions.visible_violations(user)
    if filters.get("status"):
        query = query.where(Violation.status == filters["status"])
    if filters.get("firm"):
        query = query.where(Violation.firm_id == int(filters["firm"]))
    if filters.get("date_from"):
        query = query.where(Violation.act_date >= filters["date_from"])
    if filters.get("date_to"):
        query = query.where(Violation.act_date < filters["date_to"] + timedelta(days=1))
    return VIOLATION_ORDER.newest_first(query.options(joinedload(Violation.firm),
                                                      joinedload(Violation.inspection)))


def minutes_of(inspection: Inspection) -> list[Document]:
    """Return the biên bản kiểm tra issued for a (visible) inspection, newest first."""
    return list(db.session.scalars(sa.select(Document).where(
        Document.inspection_id == inspection.id).order_by(Document.id.desc())))


def item_of(inspection: Inspection, item_id: int) -> InspectionItem:
    """Return one checklist item of a (visible) inspection, or raise NotFound."""
    found = next((i for i in inspection.items if i.id == item_id), None)
    if found is None:
        raise NotFound()
    return found


def photo_of(inspection: Inspection, photo_id: int) -> InspectionPhoto:
    """Return one photo of a (visible) inspection's checklist, or raise NotFound."""
    found = db.session.scalar(sa.select(InspectionPhoto).join(InspectionPhoto.item).where(
        InspectionItem.inspection_id == inspection.id, InspectionPhoto.id == photo_id))
    if found is None:
        raise NotFound()
    return found


def photo_totals(inspection: Inspection) -> tuple[int, int]:
    """Return how many photos the inspection's checklist has and their total size in bytes."""
    count, size = db.session.execute(
        sa.select(sa.func.count(InspectionPhoto.id),
                  sa.func.coalesce(sa.func.sum(InspectionPhoto.size_bytes), 0))
        .join(InspectionPhoto.item).where(InspectionItem.inspection_id == inspection.id)).one()
    return int(count), int(size)
