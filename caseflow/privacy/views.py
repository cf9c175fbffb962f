"""Reveal a case's personal data, look cases up by phone or ID, read the processing log."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.accounts import queries as accounts_queries
from caseflow.audit import services as audit
from caseflow.cases import queries as case_queries
from caseflow.cases.pages import render_case_page
from caseflow.db_types import utcnow
from caseflow.errors import NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.main import keyset
from caseflow.main.forms import attempt
from caseflow.privacy import law, purposes, queries, services
from caseflow.privacy.forms import LogFilterForm, LookupForm, RevealForm
from caseflow.reports import exports

bp = Blueprint("privacy", __name__)
LOG_PER_PAGE = 50


@bp.post("/cases/<int:case_id>/reveal")
def reveal(case_id: int):
    """Show this case's personal data once, for a stated reason (logged)."""
    case = case_queries.case_for(current_user, case_id)
    form = RevealForm()
    if not form.validate_on_submit():
        raise ValidationFailed(form.reason.errors[0] if form.reason.errors else
                               _("Vui lòng nêu rõ lý do (ít nhất 10 ký tự)."))
    parties = services.reveal(case, actor=current_user, reason=form.reason.data)
    response = render_case_page(case, parties=parties, masked=False,
                                reveal_reason=form.reason.data)
    db.session.commit()
    return response


@bp.route("/cases/lookup", methods=["GET", "POST"])
def lookup():
    """Find cases by a sender's or recipient's phone or ID number (exact match)."""
    if not permissions.can_use_cases(current_user):
        raise NotFound()
    form, cases = LookupForm(), None
    if form.validate_on_submit():
        query = attempt(form, lambda: services.lookup(current_user, kind=form.kind.data,
                                                      value=form.value.data))
        if query is not None:
            cases = list(db.session.scalars(query.limit(200)))
            db.session.commit()
    return render_template("privacy/lookup.html", form=form, cases=cases)


def _log_filters() -> tuple[LogFilterForm, dict]:
    form = LogFilterForm(request.args)
    form.organisation.choices = [("", "—")] + [(str(o.id), o.name)
                                               for o in accounts_queries.organisations()]
    return form, (form.data if form.validate() else {})


@bp.get("/privacy/log")
def processing_log():
    """Nhật ký truy cập dữ liệu cá nhân, filtered, newest first, 50 a page (keyset)."""
    if not permissions.can_read_processing_log(current_user):
        raise NotFound()
    form, filters = _log_filters()
    page = keyset.requested_page(queries.processing_log(filters), queries.LOG_ORDER,
                                 per_page=LOG_PER_PAGE)
    return render_template("privacy/log.html", form=form, page=page,
                           rules=law.rules_on(utcnow()), describe=purposes.describe,
                           legal_basis=purposes.legal_basis, role_label=purposes.role_label)


@bp.get("/privacy/log.csv")
def processing_log_csv():
    """Export the filtered processing log as CSV (the export itself is logged)."""
    if not permissions.can_read_processing_log(current_user):
        raise NotFound()
    _form, filters = _log_filters()
    sheet = queries.processing_log_sheet(filters, limit=exports.max_rows())
    audit.record("export.processing_log", actor=current_user, object_type="audit",
                 object_id=None)
    db.session.commit()
    return exports.send(sheet, "csv", "nhat-ky-du-lieu-ca-nhan")
