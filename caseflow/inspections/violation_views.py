"""Violations found by inspections: list, sanction (the Sở), remedy (the firm), export."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.audit import services as audit
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.inspections import exports, queries, services
from caseflow.inspections.forms import (
    OffenceReportForm,
    RemedyForm,
    SanctionForm,
    ViolationFilterForm,
)
from caseflow.inspections.minute import violation_row
from caseflow.inspections.views import bp, list_filters
from caseflow.main import keyset
from caseflow.main.forms import attempt
from caseflow.reports import exports as sheets

__all__ = ["bp"]


@bp.get("/violations/")
def violations():
    """List the violations the user may see, filtered, latest act first (keyset pages)."""
    form = ViolationFilterForm(request.args)
    filters = list_filters(form)
    page = keyset.requested_page(queries.filtered_violations(current_user, filters),
                                 queries.VIOLATION_ORDER,
                                 per_page=current_app.config["CASES_PER_PAGE"])
    return render_template("inspections/violations.html", form=form, page=page)


@bp.get("/violations/export.<fmt>")
def export_violations(fmt: str):
    """Export the filtered violation list; the export is logged."""
    sheets.check_format(fmt)
    filters = list_filters(ViolationFilterForm(request.args))
    sheet, count = exports.violations_sheet(current_user, filters)
    audit.record("export.violations", actor=current_user, object_type="violation",
                 object_id=None, format=fmt, rows=count, filters=request.args.to_dict())
    db.session.commit()
    return sheets.send(sheet, fmt, "vi-pham")


@bp.get("/violations/<int:violation_id>")
def violation(violation_id: int):
    """Show a violation with its legal article, fine range, decision and remedy."""
    found = queries.violation_for(current_user, violation_id)
    return _page(found, SanctionForm(data=_sanction_defaults(found)),
                 RemedyForm(data={"version": found.version}))


def _sanction_defaults(found) -> dict:
    return {"version": found.version, "act_date": found.act_date, "article": found.article,
            "fine_min": found.fine_min, "fine_max": found.fine_max, "ongoing": found.ongoing,
            "discovered_on": found.discovered_on}


def _page(found, sanction_form, remedy_form, status: int = 200, report_form=None):
    report_form = report_form or OffenceReportForm(data={"version": found.version})
    return render_template("inspections/violation.html", violation=found,
                           row=violation_row(found), sanction_form=sanction_form,
                           remedy_form=remedy_form, report_form=report_form), status


@bp.post("/violations/<int:violation_id>/offence-report")
def offence_report(violation_id: int):
    """Record the biên bản vi phạm hành chính; a sanction decision needs it first."""
    found = queries.violation_for(current_user, violation_id)
    if not permissions.can_record_offence_report(current_user, found):
        raise NotFound()
    form = OffenceReportForm()
    if form.validate() and attempt(form, lambda: services.record_offence_report(
            found, actor=current_user, number=form.report_number.data,
            report_date=form.report_date.data, expected_version=form.version.data)) is not None:
            db.session.commit()
            flash(_("Đã ghi nhận biên bản vi phạm hành chính."), "success")
            return redirect(url_for(".violation", violation_id=found.id))
    return _page(found, SanctionForm(data=_sanction_defaults(found)),
                 RemedyForm(data={"version": found.version}), 422, report_form=form)


@bp.post("/violations/<int:violation_id>/sanction")
def sanction(violation_id: int):
    """Record the sanction decision; the amount must lie within the article's range."""
    found = queries.violation_for(current_user, violation_id)
    if not permissions.can_sanction(current_user, found):
        raise NotFound()
    form = SanctionForm()
    if form.validate() and attempt(form, lambda: services.sanction(
            found, actor=current_user, data=form.data,
            expected_version=form.version.data)) is not None:
            db.session.commit()
            flash(_("Đã ghi nhận quyết định xử phạt."), "success")
            return redirect(url_for(".violation", violation_id=found.id))
    return _page(found, form, RemedyForm(data={"version": found.version}), 422)


@bp.post("/violations/<int:violation_id>/remedy")
def remedy(violation_id: int):
    """The firm records how it remedied the violation."""
    found = queries.violation_for(current_user, violation_id)
    if not permissions.can_record_remedy(current_user, found):
        raise NotFound()
    form = RemedyForm()
    if form.validate():
        services.record_remedy(found, actor=current_user, note=form.remedy_note.data,
                               expected_version=form.version.data)
        db.session.commit()
        flash(_("Đã báo cáo kết quả khắc phục."), "success")
        return redirect(url_for(".violation", violation_id=found.id))
    return _page(found, SanctionForm(data=_sanction_defaults(found)), form, 422)
