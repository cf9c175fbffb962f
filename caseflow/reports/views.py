"""The supervisor's dashboard, its exports, and the case-list export."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.accounts.models import Role
from caseflow.audit import services as audit
from caseflow.catalogue.services import today
from caseflow.db_types import utcnow
from caseflow.documents.queries import report_scopes
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.reports import case_export, kept
from caseflow.reports import exports as sheets
from caseflow.reports.dashboard import Scope
from caseflow.reports.dashboard_context import TABLES, Dashboard, sheet
from caseflow.reports.forms import DashboardForm
from caseflow.reports.queries import Period

bp = Blueprint("reports", __name__)


def _scope() -> tuple[DashboardForm, Scope]:
    """Read the period and province from the query string; 404 outside the user's scope.

    Without dates the period is this month, or the latest month with a case in the user's
    scope when this month has none yet (form.fell_back then names it, for the page to say so).
    """
    form = DashboardForm(request.args)
    form.province.choices = report_scopes(current_user)
    valid = form.validate()
    first = (valid and form.date_from.data) or today().replace(day=1)
    last = (valid and form.date_to.data) or max(today(), first)
    form.fell_back = None
    default = None if current_user.role is Role.NATIONAL_SUPERVISOR \
        else current_user.organisation.province_code
    # An explicit province (or '' for the nation) outside the user's scope is a 404, never a
    # silent fallback.
    province = (request.args["province"] or None) if "province" in request.args else default
    if not permissions.can_view_dashboard(current_user, province):
        raise NotFound()
    form.province.data = province or ""
    scope = Scope(current_user, province, Period.between(first, last))
    if not (valid and (form.date_from.data or form.date_to.data)):
        scope = _latest_month_with_data(form, scope)
    form.date_from.data, form.date_to.data = scope.period.start, scope.period.last
    return form, scope


def _latest_month_with_data(form: DashboardForm, scope: Scope) -> Scope:
    """Return the scope moved to the latest month with a case if its own month has none."""
    start, end = scope.period.bounds
    latest = to_local(scope.latest_submission(end))
    if latest is None or latest >= start:
        return scope
    month = Period.month(latest.year, latest.month)
    form.fell_back = month.label
    return Scope(scope.user, scope.province_code, Period.between(month.start, month.last))


@bp.get("/reports/")
def dashboard():
    """Show the province (or the nation) at a glance; every figure links to its cases."""
    if not permissions.can_open_dashboard(current_user):
        raise NotFound()
    form, scope = _scope()
    shown = kept.figures(scope, fresh="fresh" in request.args)
    return render_template("reports/dashboard.html", form=form, scope=scope, board=shown.board,
                           computed_at=shown.computed_at, presets=presets(scope.province_code))


@bp.get("/reports/export/<table>.<fmt>")
def export_table(table: str, fmt: str):
    """Export one dashboard table for the same period and province; the export is logged."""
    if not permissions.can_open_dashboard(current_user) or table not in TABLES:
        raise NotFound()
    sheets.check_format(fmt)
    _form, scope = _scope()
    data = sheet(Dashboard(scope, utcnow()), table)
    audit.record(f"export.dashboard.{table}", actor=current_user, object_type="dashboard",
                 object_id=None, format=fmt, province=scope.province_code,
                 period=scope.period.key)
    db.session.commit()
    return sheets.send(data, fmt, f"tong-quan_{table}_{scope.period.key}")


@bp.get("/cases/export.<fmt>")
def export_cases(fmt: str):
    """Export the filtered case list (no personal data columns); the export is logged."""
    if not permissions.can_export_cases(current_user):
        raise NotFound()
    sheets.check_format(fmt)
    data, count, filters = case_export.case_sheet(current_user, request.args)
    audit.record("export.cases", actor=current_user, object_type="case", object_id=None,
                 format=fmt, rows=count, filters=filters)
    db.session.commit()
    return sheets.send(data, fmt, "ho-so-vu-viec")


def presets(province: str | None) -> list[tuple[str, str]]:
    """Return quick periods (this month, last month, this quarter, this year) as links."""
    now = today()
    month = now.replace(day=1)
    previous = (month - timedelta(days=1)).replace(day=1)
    quarter = date(now.year, 3 * ((now.month - 1) // 3) + 1, 1)
    spans = [(_("Tháng này"), month, now), (_("Tháng trước"), previous, month - timedelta(days=1)),
             (_("Quý này"), quarter, now), (_("Năm nay"), date(now.year, 1, 1), now)]
    return [(label, url_for(".dashboard", province=province or "",
                            date_from=a.strftime("%d/%m/%Y"), date_to=b.strftime("%d/%m/%Y")))
            for label, a, b in spans]
