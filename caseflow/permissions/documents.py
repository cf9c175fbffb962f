"""Generated documents (PDF).

Each rule is asked about a case or referral already loaded through the scoped loaders
(visible_cases), so it only adds what the document needs on top of seeing the case.
"""

from __future__ import annotations

from caseflow.accounts.models import Role, User
from caseflow.cases.models import Case
from caseflow.documents.models import DocumentKind as K
from caseflow.permissions._base import (
    FIRM_ROLES,
    SUPERVISOR_ROLES,
    _has_jurisdiction,
    _holds_case,
    _submitted,
)
from caseflow.permissions.inspections import can_read_inspection_minute
from caseflow.permissions.privacy import may_see_personal_data
from caseflow.permissions.supervision import can_produce_summary_report
from caseflow.referrals.models import Referral
from caseflow.workflow.states import HOLDING_REFERRAL_STATES

#: Roles that may refer a case, and so produce its referral slips.
REFERRER_ROLES = frozenset({Role.FIRM_SECURITY}) | SUPERVISOR_ROLES


def can_produce_bien_ban(user: User, case: Case) -> bool:
    """The record of stopping the item: the owning firm's staff, once the case is submitted."""
    return user.role in FIRM_ROLES and _has_jurisdiction(user, case) and _submitted(case)


def can_produce_referral_slip(user: User, referral: Referral) -> bool:
    """A referral's slip: whoever may refer the case (the firm's security, its supervisors)."""
    return user.role in REFERRER_ROLES and _has_jurisdiction(user, referral.case)


def can_record_parcel_inspection(user: User, referral: Referral) -> bool:
    """The biên bản kiểm tra bưu gửi: the agency holding this accepted referral inspects on
    its own written request (Postal Law Art. 14(2)-(4)); the firm never opens the item alone."""
    return user.role is Role.AGENCY_OFFICER and referral.agency_id == user.organisation_id \
        and referral.status in HOLDING_REFERRAL_STATES and _submitted(referral.case)


def can_produce_case_file(user: User, case: Case) -> bool:
    """The full case file: its supervisors, the owning firm's security, and agencies holding an
    accepted referral (they see the personal data in full anyway)."""
    if not _submitted(case):
        return False
    if user.role in SUPERVISOR_ROLES or user.role is Role.FIRM_SECURITY:
        return _has_jurisdiction(user, case)
    return _holds_case(user, case)


def can_read_document(user: User, document) -> bool:
    """Tell whether the user may download a generated document (of a visible case)."""
    if document.kind is K.SUMMARY_REPORT:  # it holds what its issuer could see, no more
        return document.issuer_id == user.organisation_id and \
            can_produce_summary_report(user, document.scope_province_code)
    if document.kind is K.INSPECTION_MINUTE:
        return can_read_inspection_minute(user, document)
    case = document.case
    if document.personal_data and not may_see_personal_data(user, case):
        return False
    if document.kind is K.BIEN_BAN:
        return can_produce_bien_ban(user, case) or _referred_to(user, case)
    if document.kind is K.PARCEL_INSPECTION:  # the agency that made it, and the firm (a party)
        return can_record_parcel_inspection(user, document.referral) or (
            user.role in FIRM_ROLES and case.firm_id == user.organisation_id)
    if document.kind is K.REFERRAL_SLIP:
        return can_produce_referral_slip(user, document.referral) or (
            user.role is Role.AGENCY_OFFICER
            and document.referral.agency_id == user.organisation_id)
    return can_produce_case_file(user, case)


def _referred_to(user: User, case: Case) -> bool:
    return user.role is Role.AGENCY_OFFICER and any(
        r.agency_id == user.organisation_id for r in case.referrals)
