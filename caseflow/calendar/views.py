"""The business calendar's administration page: a year's days off and make-up working days."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.calendar import services
from caseflow.calendar.forms import CalendarDayForm
from caseflow.calendar.models import CalendarDay
from caseflow.catalogue.services import today
from caseflow.extensions import db
from caseflow.main.forms import attempt

bp = Blueprint("calendar_admin", __name__, url_prefix="/admin/calendar")


@bp.before_request
def admins_only():
    """Admit only those who keep the calendar (permissions.can_manage_calendar)."""
    if not permissions.can_manage_calendar(current_user):
        abort(404)


@bp.route("/", methods=["GET", "POST"])
def index():
    """List a year's listed days; add one."""
    year = min(max(request.args.get("year", type=int) or today().year, 2000), 2100)
    form = CalendarDayForm()
    if form.validate_on_submit():
        row = attempt(form, lambda: services.add_day(
            actor=current_user, day=form.day.data, kind=form.kind.data, name=form.name.data,
            source=form.source.data))
        if row is not None:
            db.session.commit()
            flash(_("Đã thêm ngày %(day)s vào lịch.", day=row.day.strftime("%d/%m/%Y")),
                  "success")
            return redirect(url_for(".index", year=row.day.year))
    return render_template("calendar/index.html", form=form, year=year,
                           days=services.days_of_year(year))


@bp.post("/<int:day_id>/remove")
def remove(day_id: int):
    """Take a day off the list."""
    row = db.get_or_404(CalendarDay, day_id)
    year, label = row.day.year, row.day.strftime("%d/%m/%Y")
    services.remove_day(row, actor=current_user)
    db.session.commit()
    flash(_("Đã xóa ngày %(day)s khỏi lịch.", day=label), "success")
    return redirect(url_for(".index", year=year))
