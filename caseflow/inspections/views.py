"""Inspections: list, plan, record the checklist, issue the minute, export."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.accounts import queries as accounts_queries
from caseflow.audit import services as audit
from caseflow.documents import services as documents
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.inspections import exports, minute, queries, services
from caseflow.inspections.forms import InspectionFilterForm, PlanForm, RecordForm
from caseflow.inspections.legal import ChecklistItem, provision_for
from caseflow.inspections.models import ItemResult
from caseflow.main import keyset
from caseflow.main.forms import attempt
from caseflow.reports import exports as sheets

bp = Blueprint("inspections", __name__, url_prefix="/inspections")


@bp.before_request
def firms_and_supervisors_only():
    """Keep everyone but firms and supervisors out."""
    if not permissions.can_open_inspections(current_user):
        raise NotFound()


def firm_choices() -> list[tuple[str, str]]:
    """Return the firms a filter offers: all for supervisors, the own firm for its staff."""
    firms = accounts_queries.firms()
    if current_user.role in permissions.FIRM_ROLES:
        firms = [f for f in firms if f.id == current_user.organisation_id]
    return [("", "—"), *((str(f.id), f.name) for f in firms)]


def list_filters(form):
    """Fill a filter form's firm choices and return its data if valid."""
    form.firm.choices = firm_choices()
    return form.data if form.validate() else {}


@bp.get("/")
def index():
    """List the inspections the user may see, filtered, latest first (keyset pages)."""
    form = InspectionFilterForm(request.args)
    filters = list_filters(form)
    page = keyset.requested_page(queries.filtered_inspections(current_user, filters),
                                 queries.INSPECTION_ORDER,
                                 per_page=current_app.config["CASES_PER_PAGE"])
    return render_template("inspections/list.html", form=form, page=page)


@bp.get("/export.<fmt>")
def export(fmt: str):
    """Export the filtered inspection list; the export is logged."""
    sheets.check_format(fmt)
    form = InspectionFilterForm(request.args)
    filters = list_filters(form)
    sheet, count = exports.inspections_sheet(current_user, filters)
    audit.record("export.inspections", actor=current_user, object_type="inspection",
                 object_id=None, format=fmt, rows=count, filters=request.args.to_dict())
    db.session.commit()
    return sheets.send(sheet, fmt, "kiem-tra")


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Plan an inspection of a firm or one of its service points."""
    if not permissions.can_plan_inspection(current_user):
        raise NotFound()
    form = PlanForm()
    form.firm_id.choices = [(f.id, f.name) for f in accounts_queries.firms() if f.active]
    if form.validate_on_submit():
        inspection = services.plan(actor=current_user, data=form.data)
        db.session.commit()
        flash(_("Đã lập kế hoạch kiểm tra."), "success")
        return redirect(url_for(".detail", inspection_id=inspection.id))
    return render_template("inspections/plan.html", form=form)


@bp.get("/<int:inspection_id>")
def detail(inspection_id: int):
    """Show an inspection: plan, checklist, violations, minutes and the allowed actions."""
    inspection = queries.inspection_for(current_user, inspection_id)
    minutes = [d for d in queries.minutes_of(inspection)
               if permissions.can_read_document(current_user, d)]
    return render_template("inspections/detail.html", inspection=inspection, minutes=minutes)


@bp.route("/<int:inspection_id>/record", methods=["GET", "POST"])
def record(inspection_id: int):
    """Record the checklist of a planned inspection; failed items become violations."""
    inspection = queries.inspection_for(current_user, inspection_id)
    if not permissions.can_record_inspection(current_user, inspection):
        raise NotFound()
    form = RecordForm(data={"version": inspection.version, "inspected_on": inspection.planned_on})
    if form.validate_on_submit():
        violations = attempt(form, lambda: services.record(
            inspection, actor=current_user, inspected_on=form.inspected_on.data,
            results=checklist_results(form), conclusion=form.conclusion.data or "",
            expected_version=form.version.data))
        if violations is not None:
            db.session.commit()
            flash(_("Đã ghi nhận kết quả kiểm tra; %(n)s vi phạm được lập.", n=len(violations)),
                  "success")
            return redirect(url_for(".detail", inspection_id=inspection.id))
    preview = {item: provision_for(item, form.inspected_on.data or inspection.planned_on)
               for item in ChecklistItem}
    return render_template("inspections/record.html", form=form, inspection=inspection,
                           preview=preview)


def checklist_results(form: RecordForm) -> dict[ChecklistItem, tuple[ItemResult, str]]:
    """Read the checklist's results and notes from the form."""
    return {item: (ItemResult(result.data), note.data or "")
            for item, result, note in form.item_fields()}


@bp.post("/<int:inspection_id>/minute")
def issue_minute(inspection_id: int):
    """Issue the biên bản kiểm tra (numbered, hashed, QR-verified) of a recorded inspection."""
    inspection = queries.inspection_for(current_user, inspection_id)
    if not permissions.can_produce_inspection_minute(current_user, inspection):
        raise NotFound()
    root = current_app.config.get("PUBLIC_BASE_URL") or request.url_root
    document = documents.issue(minute.minute_draft(inspection, actor=current_user),
                               url_root=root)
    db.session.commit()
    flash(_("Đã lập %(kind)s số %(number)s.", kind=document.kind.label, number=document.number),
          "success")
    return redirect(url_for(".detail", inspection_id=inspection.id))

