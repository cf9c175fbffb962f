"""Every access rule of caseflow, with one public face: `from caseflow import permissions`.

Lists, loaders, buttons and POST guards all ask these functions, so what a user sees and what
a user may do cannot drift apart. Anything not allowed here is denied. The rules live in one
module per domain; every public `can_*` rule taking the user first is also a template global
with the current user bound (caseflow/main/templating.py).
"""

from __future__ import annotations

from caseflow.permissions._base import (
    CASE_ROLES,
    FIRM_ROLES,
    INSPECTION_ROLES,
    SUPERVISOR_ROLES,
)
from caseflow.permissions.accounts import (
    TWO_FACTOR_ROLES,
    api_role_for,
    can_log_in,
    can_manage_api_keys,
    can_manage_system,
    can_reset_two_factor,
    can_set_login,
    can_turn_off_two_factor,
    is_service_user,
    must_use_two_factor,
    needs_second_factor,
)
from caseflow.permissions.calendar import (
    can_manage_calendar,
)
from caseflow.permissions.cases import (
    acts_for,
    can_add_note,
    can_edit_case,
    can_flag,
    can_record_detention,
    can_see_case,
    can_use_cases,
    case_visibility,
    referred_cases,
    visibility_key,
    visible_cases,
    visible_referrals,
)
from caseflow.permissions.difficulties import (
    acts_on_difficulty,
    can_open_difficulties,
    can_submit_difficulty,
    difficulty_visibility,
    visible_difficulties,
)
from caseflow.permissions.documents import (
    REFERRER_ROLES,
    can_produce_bien_ban,
    can_produce_case_file,
    can_produce_referral_slip,
    can_read_document,
    can_record_parcel_inspection,
)
from caseflow.permissions.evidence import (
    can_add_evidence,
    can_download_original,
    can_import_flags,
)
from caseflow.permissions.inspections import (
    acts_on_inspection,
    acts_on_violation,
    can_attach_inspection_photo,
    can_download_inspection_photo,
    can_open_inspections,
    can_plan_inspection,
    can_produce_inspection_minute,
    can_read_inspection_minute,
    can_record_inspection,
    can_record_offence_report,
    can_record_remedy,
    can_sanction,
    inspection_visibility,
    visible_inspections,
    visible_violations,
)
from caseflow.permissions.notifications import (
    visible_notifications,
)
from caseflow.permissions.privacy import (
    acts_on_breach,
    can_handle_breaches,
    can_read_processing_log,
    can_reveal,
    may_see_personal_data,
)
from caseflow.permissions.supervision import (
    can_export_cases,
    can_open_dashboard,
    can_open_reports,
    can_produce_summary_report,
    can_view_dashboard,
)

__all__ = [
    "CASE_ROLES",
    "FIRM_ROLES",
    "INSPECTION_ROLES",
    "REFERRER_ROLES",
    "SUPERVISOR_ROLES",
    "TWO_FACTOR_ROLES",
    "acts_for",
    "acts_on_breach",
    "acts_on_difficulty",
    "acts_on_inspection",
    "acts_on_violation",
    "api_role_for",
    "can_add_evidence",
    "can_add_note",
    "can_attach_inspection_photo",
    "can_download_inspection_photo",
    "can_download_original",
    "can_edit_case",
    "can_export_cases",
    "can_flag",
    "can_handle_breaches",
    "can_import_flags",
    "can_log_in",
    "can_manage_api_keys",
    "can_manage_calendar",
    "can_manage_system",
    "can_open_dashboard",
    "can_open_difficulties",
    "can_open_inspections",
    "can_open_reports",
    "can_plan_inspection",
    "can_produce_bien_ban",
    "can_produce_case_file",
    "can_produce_inspection_minute",
    "can_produce_referral_slip",
    "can_produce_summary_report",
    "can_read_document",
    "can_read_inspection_minute",
    "can_read_processing_log",
    "can_record_detention",
    "can_record_inspection",
    "can_record_offence_report",
    "can_record_parcel_inspection",
    "can_record_remedy",
    "can_reset_two_factor",
    "can_reveal",
    "can_sanction",
    "can_see_case",
    "can_set_login",
    "can_submit_difficulty",
    "can_turn_off_two_factor",
    "can_use_cases",
    "can_view_dashboard",
    "case_visibility",
    "difficulty_visibility",
    "inspection_visibility",
    "is_service_user",
    "may_see_personal_data",
    "must_use_two_factor",
    "needs_second_factor",
    "referred_cases",
    "visibility_key",
    "visible_cases",
    "visible_difficulties",
    "visible_inspections",
    "visible_notifications",
    "visible_referrals",
    "visible_violations",
]
