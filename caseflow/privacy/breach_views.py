"""Personal-data breaches: list, record, the 72-hour clock, notification PDF."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.audit import services as audit
from caseflow.db_types import utcnow
from caseflow.errors import NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import local_input_to_utc
from caseflow.main.forms import apply_field_errors, attempt
from caseflow.privacy import breaches, law
from caseflow.privacy.breach_forms import BreachForm, NotifiedForm
from caseflow.privacy.models import Breach

bp = Blueprint("breaches", __name__, url_prefix="/privacy/breaches")


@bp.before_request
def controllers_only():
    """Admit the national supervisor and the admin, who act for the data controller."""
    if not permissions.can_handle_breaches(current_user):
        raise NotFound()


@bp.get("/")
def index():
    """List breaches with their clocks."""
    items = [(b, breaches.clock(b)) for b in breaches.all_breaches()]
    return render_template("privacy/breaches.html", items=items,
                           rules=law.rules_on(utcnow()))


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Record a suspected breach."""
    form = BreachForm()
    if form.validate_on_submit():
        data = {**form.data, "detected_at": local_input_to_utc(form.detected_at.data),
                "occurred_at": local_input_to_utc(form.occurred_at.data)}
        breach = attempt(form, lambda: breaches.record(actor=current_user, data=data))
        if breach is not None:
            db.session.commit()
            flash(_("Đã ghi nhận sự cố. Hạn thông báo: 72 giờ kể từ khi xảy ra vi phạm."),
                  "warning")
            return redirect(url_for(".detail", breach_id=breach.id))
    return render_template("privacy/breach_form.html", form=form)


@bp.get("/<int:breach_id>")
def detail(breach_id: int):
    """Show a breach and its 72-hour clock."""
    breach = db.get_or_404(Breach, breach_id)
    return render_template("privacy/breach.html", breach=breach, clock=breaches.clock(breach),
                           form=NotifiedForm(version=breach.version))


@bp.post("/<int:breach_id>/notified")
def notified(breach_id: int):
    """Record that the notification has been sent."""
    breach = db.get_or_404(Breach, breach_id)
    form = NotifiedForm()
    if not form.validate_on_submit():
        raise ValidationFailed(_("Biểu mẫu không hợp lệ; vui lòng thử lại."))
    try:
        breaches.mark_notified(breach, actor=current_user, expected_version=form.version.data,
                               late_reason=form.late_reason.data or "")
    except ValidationFailed as exc:
        apply_field_errors(form, exc)
        return render_template("privacy/breach.html", breach=breach,
                               clock=breaches.clock(breach), form=form), 422
    db.session.commit()
    flash(_("Đã ghi nhận việc thông báo."), "success")
    return redirect(url_for(".detail", breach_id=breach.id))


@bp.get("/<int:breach_id>/notification.pdf")
def notification_pdf(breach_id: int):
    """The notification to the Ministry of Public Security, as a PDF, always in Vietnamese."""
    from caseflow.documents.pdf import render_pdf

    breach = db.get_or_404(Breach, breach_id)
    with force_locale("vi"):  # an official notice, whatever the interface language
        html = render_template("privacy/breach_notification.html",
                               b=breaches.notification_context(breach))
    pdf = render_pdf(html)
    audit.record("document.breach_notification", actor=current_user, object_type="breach",
                 object_id=breach.id)
    db.session.commit()
    return Response(pdf.content, mimetype="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=thong-bao-vi-pham-dlcn-{breach.id}.pdf",
        "Cache-Control": "no-store"})


