"""Every access rule of caseflow, in one place.

Lists, loaders, buttons and POST guards all ask these functions, so what a user sees and what
a user may do cannot drift apart. Anything not allowed here is denied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import Select

from caseflow.accounts.models import Role, User
from caseflow.cases.models import Case, case_category
from caseflow.catalogue.models import Category
from caseflow.referrals.models import Referral
from caseflow.workflow.states import HOLDING_REFERRAL_STATES

if TYPE_CHECKING:
    from caseflow.workflow.transitions import Transition

FIRM_ROLES = frozenset({Role.FIRM_CLERK, Role.FIRM_SECURITY})
SUPERVISOR_ROLES = frozenset({Role.PROVINCIAL_SUPERVISOR, Role.NATIONAL_SUPERVISOR})
#: Roles that work with case content at all; admins manage the system, not cases.
CASE_ROLES = FIRM_ROLES | SUPERVISOR_ROLES | {Role.AGENCY_OFFICER}


def _has_restricted_category(id_range: tuple[int, int] | None = None) -> sa.ColumnElement[bool]:
    """The case carries a restricted category (C5, C6).

    A correlated EXISTS rather than `id NOT IN (all restricted case ids)`: PostgreSQL runs it as
    an anti-join on case_category's primary key for the cases at hand instead of reading every
    restricted case first; with an id range it hashes the few restricted cases in that range
    (bench/dashboard.py: a million cases).
    """
    condition = sa.exists().where(case_category.c.case_id == Case.id,
                                  Category.code == case_category.c.category_code,
                                  Category.restricted.is_(True))
    if id_range:
        condition = condition.where(case_category.c.case_id.between(*id_range))
    # Correlate to the case only: a query that joins case_category or category itself must
    # not turn this into a test of the joined row (a C1 + C5 case would pass as C1).
    return condition.correlate(Case)


def case_visibility(user: User, id_range: tuple[int, int] | None = None
                    ) -> sa.ColumnElement[bool]:
    """Return the WHERE clause that limits cases to those this user may see.

    id_range (low, high), for reports over a period, also limits the cases to those ids and
    lets the rule's subqueries read only that slice.
    """
    clause = _visibility(user, id_range)
    return sa.and_(Case.id.between(*id_range), clause) if id_range else clause


def _visibility(user: User, id_range: tuple[int, int] | None) -> sa.ColumnElement[bool]:
    org = user.organisation
    match user.role:
        case Role.FIRM_CLERK | Role.FIRM_SECURITY:
            return Case.firm_id == org.id
        case Role.AGENCY_OFFICER:
            return Case.id.in_(sa.select(Referral.case_id).where(Referral.agency_id == org.id))
        case Role.PROVINCIAL_SUPERVISOR:
            return sa.and_(Case.reference.is_not(None), Case.province_code == org.province_code,
                           ~_has_restricted_category(id_range))
        case Role.NATIONAL_SUPERVISOR:
            return Case.reference.is_not(None)
    return sa.false()


def visible_cases(user: User, id_range: tuple[int, int] | None = None) -> Select:
    """Return the cases this user may see (within id_range if given), as a query to refine."""
    return sa.select(Case).where(case_visibility(user, id_range))


def visible_referrals(user: User) -> Select:
    """Return the referrals this user may see: those of visible cases."""
    return sa.select(Referral).join(Referral.case).where(case_visibility(user))


def can_use_cases(user: User) -> bool:
    """Tell whether the user works with cases at all (admins do not)."""
    return user.is_authenticated and user.role in CASE_ROLES


def can_flag(user: User) -> bool:
    """Tell whether the user may start a new case."""
    return user.is_authenticated and user.role in FIRM_ROLES


def can_add_note(user: User, case: Case) -> bool:
    """Tell whether the user may add a note to a visible case."""
    return can_use_cases(user) and case.reference is not None


def can_edit_case(user: User, case: Case) -> bool:
    """Tell whether the user may edit the case's data: the owning firm, while a draft."""
    from caseflow.workflow.states import CaseStatus

    return user.role in FIRM_ROLES and case.firm_id == user.organisation_id \
        and case.status is CaseStatus.DRAFT


def acts_for(user: User, obj: Case | Referral, transition: Transition) -> bool:
    """Tell whether the user may press this transition on this (visible) object."""
    if user.role not in transition.roles:
        return False
    if isinstance(obj, Referral):
        if user.role is Role.AGENCY_OFFICER:
            return obj.agency_id == user.organisation_id
        return user.role in FIRM_ROLES and obj.case.firm_id == user.organisation_id
    if user.role in FIRM_ROLES:
        return obj.firm_id == user.organisation_id
    if user.role is Role.PROVINCIAL_SUPERVISOR:
        return obj.province_code == user.organisation.province_code
    return user.role is Role.NATIONAL_SUPERVISOR


def may_see_personal_data(user: User, case: Case) -> bool:
    """Tell whether sender and recipient data show unmasked: owning firm and holding agencies."""
    if user.role in FIRM_ROLES:
        return case.firm_id == user.organisation_id
    if user.role is Role.AGENCY_OFFICER:
        return any(r.agency_id == user.organisation_id and r.status in HOLDING_REFERRAL_STATES
                   for r in case.referrals)
    return False


def can_reveal(user: User, case: Case) -> bool:
    """Tell whether a supervisor may unmask this case's personal data, stating a reason."""
    return user.role in SUPERVISOR_ROLES and not may_see_personal_data(user, case)


def can_read_processing_log(user: User) -> bool:
    """Tell whether the user reads the personal-data processing log (Decree 13 Art. 38(2))."""
    return user.is_authenticated and user.role in (Role.NATIONAL_SUPERVISOR, Role.ADMIN)


def can_handle_breaches(user: User) -> bool:
    """Tell whether the user records and notifies personal-data breaches for the controller."""
    return can_read_processing_log(user)


def can_manage_system(user: User) -> bool:
    """Tell whether the user administers organisations, users and the catalogue."""
    return user.is_authenticated and user.role is Role.ADMIN


# --- Documents (PDF) ------------------------------------------------------------------------
# Each rule is asked about a case or referral already loaded through the scoped loaders
# (visible_cases), so it only adds what the document needs on top of seeing the case.

#: Roles that may refer a case, and so produce its referral slips.
REFERRER_ROLES = frozenset({Role.FIRM_SECURITY}) | SUPERVISOR_ROLES


def _has_jurisdiction(user: User, case: Case) -> bool:
    """Tell whether a firm user owns the case or a supervisor oversees it."""
    if user.role in FIRM_ROLES:
        return case.firm_id == user.organisation_id
    if user.role is Role.PROVINCIAL_SUPERVISOR:
        return case.province_code == user.organisation.province_code
    return user.role is Role.NATIONAL_SUPERVISOR


def _submitted(case: Case) -> bool:
    from caseflow.workflow.states import CaseStatus

    return case.reference is not None and case.status is not CaseStatus.WITHDRAWN


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


def _holds_case(user: User, case: Case) -> bool:
    return user.role is Role.AGENCY_OFFICER and any(
        r.agency_id == user.organisation_id and r.status in HOLDING_REFERRAL_STATES
        for r in case.referrals)


def can_produce_case_file(user: User, case: Case) -> bool:
    """The full case file: its supervisors, the owning firm's security, and agencies holding an
    accepted referral (they see the personal data in full anyway)."""
    if not _submitted(case):
        return False
    if user.role in SUPERVISOR_ROLES or user.role is Role.FIRM_SECURITY:
        return _has_jurisdiction(user, case)
    return _holds_case(user, case)


def can_produce_summary_report(user: User, province_code: str | None) -> bool:
    """The summary report: national supervisors for any scope, provincial ones for their own."""
    if not user.is_authenticated:
        return False
    if user.role is Role.NATIONAL_SUPERVISOR:
        return True
    return user.role is Role.PROVINCIAL_SUPERVISOR and province_code is not None \
        and province_code == user.organisation.province_code


def can_open_reports(user: User) -> bool:
    """Tell whether the user reaches the summary reports page at all (supervisors)."""
    return user.is_authenticated and user.role in SUPERVISOR_ROLES


def can_read_document(user: User, document) -> bool:
    """Tell whether the user may download a generated document (of a visible case)."""
    from caseflow.documents.models import DocumentKind as K

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


# --- Two-factor login -------------------------------------------------------------------------

#: Roles that must pass a second factor (TOTP) when TOTP_REQUIRED is on; anyone may enrol.
TWO_FACTOR_ROLES = frozenset({Role.PROVINCIAL_SUPERVISOR, Role.NATIONAL_SUPERVISOR,
                              Role.AGENCY_OFFICER, Role.ADMIN})


def must_use_two_factor(user: User, *, enforced: bool) -> bool:
    """Tell whether the user's role obliges a second factor under the current setting."""
    return enforced and user.role in TWO_FACTOR_ROLES


def needs_second_factor(user: User, *, enforced: bool) -> bool:
    """Tell whether a login of this user asks for a code: enrolled, or obliged to enrol."""
    return user.has_two_factor or must_use_two_factor(user, enforced=enforced)


def can_turn_off_two_factor(user: User, *, enforced: bool) -> bool:
    """Tell whether the user may remove the own authenticator (only where it is optional)."""
    return user.has_two_factor and not must_use_two_factor(user, enforced=enforced)


def can_reset_two_factor(actor: User, user: User) -> bool:
    """Tell whether the actor may remove another user's authenticator (admins; a lost phone)."""
    return can_manage_system(actor) and user.has_two_factor


# --- API keys' service users ------------------------------------------------------------------
# Each API key acts through a user of its own (api/keys.py) that has no password: it is not a
# person, never logs in on the site, and acts only while its key is unrevoked.

def is_service_user(user: User) -> bool:
    """Tell whether the user is an API key's service user."""
    from caseflow.api.models import ApiKey
    from caseflow.extensions import db

    return user.id is not None and db.session.scalar(
        sa.select(sa.exists().where(ApiKey.user_id == user.id)))


def can_log_in(user: User) -> bool:
    """Tell whether the account may log in on the site: a person's, never a service user's."""
    return not is_service_user(user)


def can_set_login(actor: User, user: User) -> bool:
    """Set or reset a user's password, or activate the account, in the account admin: admins,
    for accounts that may log in (the password field and the activation box follow this)."""
    return can_manage_system(actor) and can_log_in(user)


# --- Evidence, the JSON API and bulk import (issue 5) ---------------------------------------
# Seeing a case (visible_cases) is seeing its evidence list and the display copies of photos.


def can_add_evidence(user: User, case: Case) -> bool:
    """The owning firm's staff attach photos and PDFs until the case is closed or withdrawn."""
    from caseflow.workflow.states import CaseStatus

    return user.role in FIRM_ROLES and case.firm_id == user.organisation_id \
        and case.status not in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN)


def can_download_original(user: User, case: Case) -> bool:
    """Original evidence files (with their metadata): the owning firm and agencies holding an
    accepted referral; supervisors and everyone else see the cleaned display copies."""
    if user.role in FIRM_ROLES:
        return case.firm_id == user.organisation_id
    return _holds_case(user, case)


def api_role_for(org_kind) -> Role | None:
    """The role an API key of this kind of organisation acts with, None where keys are not
    issued: a firm's systems flag and attach evidence (clerk), an agency's take referrals."""
    from caseflow.accounts.models import OrgKind

    if org_kind is OrgKind.POSTAL_FIRM:
        return Role.FIRM_CLERK
    return Role.AGENCY_OFFICER if org_kind.is_agency else None


def can_manage_api_keys(user: User) -> bool:
    """API keys of the own organisation: a firm's security officers, and admins of a firm or
    an agency unit."""
    if not user.is_authenticated or api_role_for(user.organisation.kind) is None:
        return False
    return user.role in (Role.FIRM_SECURITY, Role.ADMIN)


def can_import_flags(user: User) -> bool:
    """Bulk import of flagged items from a CSV or Excel file: a firm's security officers."""
    return user.is_authenticated and user.role is Role.FIRM_SECURITY


# --- Supervision: dashboard, exports, inspections, difficulty reports -------------------------
# Lists start from the visible_* queries below; buttons and POST guards ask the can_* functions.

def can_open_dashboard(user: User) -> bool:
    """Tell whether the user has a supervisor's dashboard (supervisors)."""
    return can_open_reports(user)


def can_view_dashboard(user: User, province_code: str | None) -> bool:
    """The dashboard of a scope: national supervisors any (None: the nation), provincial their
    own province; the figures still count only cases the user sees (visible_cases)."""
    return can_produce_summary_report(user, province_code)


def can_export_cases(user: User) -> bool:
    """Tell whether the user may export the case list (whoever works with cases)."""
    return can_use_cases(user)


#: Roles that reach inspections and violations at all.
INSPECTION_ROLES = FIRM_ROLES | SUPERVISOR_ROLES


def _supervises(user: User, province_code: str | None) -> bool:
    """Tell whether the user is a provincial supervisor of that province."""
    return user.role is Role.PROVINCIAL_SUPERVISOR and province_code is not None \
        and province_code == user.organisation.province_code


def inspection_visibility(user: User) -> sa.ColumnElement[bool]:
    """Limit inspections: the province's Sở, the Ministry, and the inspected firm."""
    from caseflow.inspections.models import Inspection

    if user.role in FIRM_ROLES:
        return Inspection.firm_id == user.organisation_id
    if user.role is Role.PROVINCIAL_SUPERVISOR:
        return Inspection.province_code == user.organisation.province_code
    if user.role is Role.NATIONAL_SUPERVISOR:
        return sa.true()
    return sa.false()


def visible_inspections(user: User) -> Select:
    """Return the inspections this user may see, as a query to refine."""
    from caseflow.inspections.models import Inspection

    return sa.select(Inspection).where(inspection_visibility(user))


def visible_violations(user: User) -> Select:
    """Return the violations of visible inspections."""
    from caseflow.inspections.models import Inspection, Violation

    return sa.select(Violation).join(Inspection, Inspection.id == Violation.inspection_id) \
        .where(inspection_visibility(user))


def can_open_inspections(user: User) -> bool:
    """Tell whether the user reaches the inspections pages (firms and supervisors)."""
    return user.is_authenticated and user.role in INSPECTION_ROLES


def can_plan_inspection(user: User) -> bool:
    """Plan an inspection: provincial supervisors, in their own province."""
    return user.is_authenticated and user.role is Role.PROVINCIAL_SUPERVISOR


def can_record_inspection(user: User, inspection) -> bool:
    """Record a planned inspection's checklist: the supervisors of its province."""
    from caseflow.inspections.models import InspectionStatus

    return _supervises(user, inspection.province_code) \
        and inspection.status is InspectionStatus.PLANNED


def can_produce_inspection_minute(user: User, inspection) -> bool:
    """Issue the biên bản kiểm tra of a recorded inspection: the supervisors of its province."""
    from caseflow.inspections.models import InspectionStatus

    return _supervises(user, inspection.province_code) \
        and inspection.status is InspectionStatus.RECORDED


def can_attach_inspection_photo(user: User, inspection) -> bool:
    """Attach photos to a recorded inspection's checklist items: the supervisors of its
    province, who recorded it (the items exist once the checklist is recorded)."""
    from caseflow.inspections.models import InspectionStatus

    return _supervises(user, inspection.province_code) \
        and inspection.status is InspectionStatus.RECORDED


def can_download_inspection_photo(user: User, inspection) -> bool:
    """An inspection photo's original (EXIF, GPS and all): the inspecting Sở and the Ministry;
    the inspected firm sees the cleaned display copies only."""
    return user.role is Role.NATIONAL_SUPERVISOR or _supervises(user, inspection.province_code)


def can_sanction(user: User, violation) -> bool:
    """Record the sanction decision of an open violation: the supervisors of its province."""
    from caseflow.inspections.models import ViolationStatus

    return _supervises(user, violation.inspection.province_code) \
        and violation.status is ViolationStatus.OPEN


def can_record_remedy(user: User, violation) -> bool:
    """Record the remedy of a violation: the security staff of the firm concerned."""
    from caseflow.inspections.models import ViolationStatus

    return user.role is Role.FIRM_SECURITY and violation.firm_id == user.organisation_id \
        and violation.status is not ViolationStatus.REMEDIED


def can_record_detention(user: User, referral: Referral) -> bool:
    """Record a detention decision: an officer of the unit holding the referral, once."""
    from caseflow.workflow.states import ReferralStatus

    return user.role is Role.AGENCY_OFFICER and referral.agency_id == user.organisation_id \
        and referral.status in (ReferralStatus.ACCEPTED, ReferralStatus.INFO_REQUESTED) \
        and referral.detention_decided_at is None


def can_record_offence_report(user: User, violation) -> bool:
    """Record the biên bản vi phạm hành chính of an open violation: its province's supervisors."""
    return can_sanction(user, violation) and not violation.offence_report_number


def can_read_inspection_minute(user: User, document) -> bool:
    """A minute goes to whoever sees its inspection: the Sở, the Ministry and the firm."""
    inspection = document.inspection
    if user.role in FIRM_ROLES:
        return inspection.firm_id == user.organisation_id
    return user.role is Role.NATIONAL_SUPERVISOR or _supervises(user, inspection.province_code)


def difficulty_visibility(user: User) -> sa.ColumnElement[bool]:
    """Limit difficulty reports: the firm's own, those addressed to the user's Sở (also after
    forwarding), all for the Ministry; published guidance for every firm and supervisor."""
    from caseflow.difficulties.models import Difficulty, DifficultyStatus

    published = Difficulty.status == DifficultyStatus.PUBLISHED
    if user.role in FIRM_ROLES:
        return sa.or_(Difficulty.firm_id == user.organisation_id, published)
    if user.role is Role.PROVINCIAL_SUPERVISOR:
        return sa.or_(Difficulty.province_code == user.organisation.province_code, published)
    if user.role is Role.NATIONAL_SUPERVISOR:
        return sa.true()
    return sa.false()


def visible_difficulties(user: User) -> Select:
    """Return the difficulty reports this user may see, as a query to refine."""
    from caseflow.difficulties.models import Difficulty

    return sa.select(Difficulty).where(difficulty_visibility(user))


def can_open_difficulties(user: User) -> bool:
    """Tell whether the user reaches difficulty reports and guidance (firms, supervisors)."""
    return user.is_authenticated and user.role in INSPECTION_ROLES


def can_submit_difficulty(user: User) -> bool:
    """Tell whether the user may submit a difficulty report (a firm's staff)."""
    return user.is_authenticated and user.role in FIRM_ROLES


def acts_on_difficulty(user: User, difficulty, transition: Transition) -> bool:
    """Tell whether the user may press this transition: the firm on its own report, the Sở
    holding a report addressed to it, the Ministry on reports addressed (or forwarded) to it."""
    from caseflow.difficulties.models import Addressee

    if user.role not in transition.roles:
        return False
    if user.role in FIRM_ROLES:
        return difficulty.firm_id == user.organisation_id
    if user.role is Role.PROVINCIAL_SUPERVISOR:
        return difficulty.addressee is Addressee.PROVINCE \
            and _supervises(user, difficulty.province_code)
    return user.role is Role.NATIONAL_SUPERVISOR and difficulty.addressee is Addressee.MINISTRY


def visible_notifications(user: User) -> Select:
    """Return the user's own notifications."""
    from caseflow.notifications.models import Notification

    return sa.select(Notification).where(Notification.user_id == user.id)


# --- Business calendar and referral timers ----------------------------------------------------

def can_see_case(user: User, case: Case) -> bool:
    """Tell whether the user sees this case (visible_cases for one case): who a timer's
    escalation may name it to."""
    from caseflow.extensions import db

    return db.session.scalar(visible_cases(user).where(Case.id == case.id)
                             .with_only_columns(Case.id)) is not None


def can_manage_calendar(user: User) -> bool:
    """Keep the public holidays and make-up working days of the business calendar: admins."""
    return can_manage_system(user)
