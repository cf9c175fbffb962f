"""Jinja filters and globals: Vietnamese formats and the access rules as tests."""

from __future__ import annotations

from flask import Flask, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from caseflow import i18n
from caseflow.accounts import permissions
from caseflow.db_types import utcnow
from caseflow.workflow import engine, lifecycles, timers
from caseflow.workflow.describe import entry_label


def init_templating(app: Flask) -> None:
    """Register filters and globals."""
    from caseflow.catalogue.services import today
    from caseflow.documents.queries import case_panel
    from caseflow.evidence.queries import evidence_of
    from caseflow.notifications.queries import unread_count

    app.jinja_env.filters.update(
        vn_datetime=i18n.format_datetime_vn,
        vn_date=i18n.format_date_vn,
        money=i18n.format_money,
        vn_decimal=i18n.format_decimal,
        country=i18n.country_name,
        joined=i18n.joined,
    )
    app.jinja_env.globals.update(
        transitions_for=lambda obj: engine.available(obj, current_user),
        transition_url=lifecycles.url_for_transition,
        can_flag=lambda: permissions.can_flag(current_user),
        can_use_cases=lambda: permissions.can_use_cases(current_user),
        can_manage_system=lambda: permissions.can_manage_system(current_user),
        can_reveal=lambda case: permissions.can_reveal(current_user, case),
        can_read_processing_log=lambda: permissions.can_read_processing_log(current_user),
        can_handle_breaches=lambda: permissions.can_handle_breaches(current_user),
        can_edit_case=lambda case: permissions.can_edit_case(current_user, case),
        can_add_note=lambda case: permissions.can_add_note(current_user, case),
        case_documents=lambda case: case_panel(current_user, case),
        can_open_reports=lambda: permissions.can_open_reports(current_user),
        case_evidence=evidence_of,
        can_add_evidence=lambda case: permissions.can_add_evidence(current_user, case),
        can_download_original=lambda case: permissions.can_download_original(current_user, case),
        can_manage_api_keys=lambda: permissions.can_manage_api_keys(current_user),
        can_import_flags=lambda: permissions.can_import_flags(current_user),
        # issue 6: supervision
        can_open_dashboard=lambda: permissions.can_open_dashboard(current_user),
        can_open_inspections=lambda: permissions.can_open_inspections(current_user),
        can_plan_inspection=lambda: permissions.can_plan_inspection(current_user),
        can_record_inspection=lambda i: permissions.can_record_inspection(current_user, i),
        can_produce_inspection_minute=lambda i: permissions.can_produce_inspection_minute(
            current_user, i),
        can_attach_inspection_photo=lambda i: permissions.can_attach_inspection_photo(
            current_user, i),
        can_download_inspection_photo=lambda i: permissions.can_download_inspection_photo(
            current_user, i),
        can_sanction=lambda v: permissions.can_sanction(current_user, v),
        can_record_remedy=lambda v: permissions.can_record_remedy(current_user, v),
        can_open_difficulties=lambda: permissions.can_open_difficulties(current_user),
        can_submit_difficulty=lambda: permissions.can_submit_difficulty(current_user),
        can_export_cases=lambda: permissions.can_export_cases(current_user),
        can_manage_calendar=lambda: permissions.can_manage_calendar(current_user),
        referral_timers=lambda referral: timers.states_of(referral, utcnow()),
        can_record_detention=lambda r: permissions.can_record_detention(current_user, r),
        can_record_offence_report=lambda v: permissions.can_record_offence_report(current_user,
                                                                                  v),
        working_time_words=timers.working_time_words,
        unread_notifications=lambda: unread_count(current_user),
        today_vn=today,
        get_locale=get_locale,
        now_utc=utcnow,
        page_url=page_url,
        describe_entry=entry_label,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def page_url(page: int) -> str:
    """Return the current list URL with another page number, keeping the filters."""
    args = request.args.to_dict()
    args["page"] = str(page)
    return url_for(request.endpoint, **(request.view_args or {}), **args)
