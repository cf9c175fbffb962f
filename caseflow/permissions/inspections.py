"""Inspections of postal firms and the violations they find."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Select

from caseflow.accounts.models import Role, User
from caseflow.inspections.models import Inspection, InspectionStatus, Violation, ViolationStatus
from caseflow.permissions._base import FIRM_ROLES, INSPECTION_ROLES, _supervises
from caseflow.workflow.transitions import Transition


def inspection_visibility(user: User) -> sa.ColumnElement[bool]:
    """Limit inspections: the province's Sở, the Ministry, and the inspected firm."""
    if user.role in FIRM_ROLES:
        return Inspection.firm_id == user.organisation_id
    if user.role is Role.PROVINCIAL_SUPERVISOR:
        return Inspection.province_code == user.organisation.province_code
    if user.role is Role.NATIONAL_SUPERVISOR:
        return sa.true()
    return sa.false()


def visible_inspections(user: User) -> Select:
    """Return the inspections this user may see, as a query to refine."""
    return sa.select(Inspection).where(inspection_visibility(user))


def visible_violations(user: User) -> Select:
    """Return the violations of visible inspections."""
    return sa.select(Violation).join(Inspection, Inspection.id == Violation.inspection_id) \
        .where(inspection_visibility(user))


def can_open_inspections(user: User) -> bool:
    """Tell whether the user reaches the inspections pages (firms and supervisors)."""
    return user.is_authenticated and user.role in INSPECTION_ROLES


def can_plan_inspection(user: User) -> bool:
    """Plan an inspection: provincial supervisors, in their own province."""
    return user.is_authenticated and user.role is Role.PROVINCIAL_SUPERVISOR


def can_record_inspection(user: User, inspection: Inspection) -> bool:
    """Record a planned inspection's checklist: the supervisors of its province."""
    return _supervises(user, inspection.province_code) \
        and inspection.status is InspectionStatus.PLANNED


def can_produce_inspection_minute(user: User, inspection: Inspection) -> bool:
    """Issue the biên bản kiểm tra of a recorded inspection: the supervisors of its province."""
    return _supervises(user, inspection.province_code) \
        and inspection.status is InspectionStatus.RECORDED


def can_attach_inspection_photo(user: User, inspection: Inspection) -> bool:
    """Attach photos to a recorded inspection's checklist items: the supervisors of its
    province, who recorded it (the items exist once the checklist is recorded)."""
    return _supervises(user, inspection.province_code) \
        and inspection.status is InspectionStatus.RECORDED


def can_download_inspection_photo(user: User, inspection: Inspection) -> bool:
    """An inspection photo's original (EXIF, GPS and all): the inspecting Sở and the Ministry;
    the inspected firm sees the cleaned display copies only."""
    return user.role is Role.NATIONAL_SUPERVISOR or _supervises(user, inspection.province_code)


def can_sanction(user: User, violation: Violation) -> bool:
    """Record the sanction decision of an open violation: the supervisors of its province."""
    return _supervises(user, violation.inspection.province_code) \
        and violation.status is ViolationStatus.OPEN


def can_record_remedy(user: User, violation: Violation) -> bool:
    """Record the remedy of a violation: the security staff of the firm concerned."""
    return user.role is Role.FIRM_SECURITY and violation.firm_id == user.organisation_id \
        and violation.status is not ViolationStatus.REMEDIED


def can_record_offence_report(user: User, violation: Violation) -> bool:
    """Record the biên bản vi phạm hành chính of an open violation: its province's supervisors."""
    return can_sanction(user, violation) and not violation.offence_report_number


def can_read_inspection_minute(user: User, document) -> bool:
    """A minute goes to whoever sees its inspection: the Sở, the Ministry and the firm."""
    inspection = document.inspection
    if user.role in FIRM_ROLES:
        return inspection.firm_id == user.organisation_id
    return user.role is Role.NATIONAL_SUPERVISOR or _supervises(user, inspection.province_code)


def acts_on_inspection(user: User, inspection: Inspection, transition: Transition) -> bool:
    """Tell whether the user may press an inspection row: a supervisor of its province."""
    return user.role in transition.roles and _supervises(user, inspection.province_code)


def acts_on_violation(user: User, violation: Violation, transition: Transition) -> bool:
    """Tell whether the user may press a violation row: the province's supervisor (sanction),
    the inspected firm's security staff (remedy)."""
    if user.role not in transition.roles:
        return False
    if user.role is Role.FIRM_SECURITY:
        return violation.firm_id == user.organisation_id
    return _supervises(user, violation.inspection.province_code)
