"""The user's own account security: two-factor enrolment and removal, sessions elsewhere."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.accounts import services, two_factor
from caseflow.accounts.forms import CodeForm, PasswordConfirmForm
from caseflow.accounts.models import User
from caseflow.accounts.sessions import refresh_session
from caseflow.accounts.views import enrolment_view, wrong_code_message
from caseflow.errors import ValidationFailed
from caseflow.extensions import db

bp = Blueprint("account", __name__, url_prefix="/account")

ENROL_SECRET = "_enrol_secret"


def _me() -> User:
    return current_user._get_current_object()


def _enforced() -> bool:
    return current_app.config["TOTP_REQUIRED"]


@bp.get("/security")
def security():
    """Show the password, two-factor and session settings of the own account."""
    config = current_app.config
    return render_template(
        "accounts/security.html", confirm_form=PasswordConfirmForm(),
        must_use=permissions.must_use_two_factor(_me(), enforced=_enforced()),
        can_turn_off=permissions.can_turn_off_two_factor(_me(), enforced=_enforced()),
        idle_minutes=int(config["PERMANENT_SESSION_LIFETIME"].total_seconds() // 60),
        absolute_hours=int(config["SESSION_ABSOLUTE_LIFETIME"].total_seconds() // 3600))


@bp.route("/two-factor", methods=["GET", "POST"])
def enrol():
    """Set up an authenticator app: scan the QR code, then confirm with one code."""
    if _me().has_two_factor:
        return redirect(url_for(".security"))
    sealed = session.get(ENROL_SECRET) or two_factor.new_sealed_secret(_me())
    session[ENROL_SECRET] = sealed
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.confirm_enrolment(_me(), sealed, form.code.data):
            db.session.commit()
            session.pop(ENROL_SECRET, None)
            refresh_session(_me())
            flash(_("Đã bật xác thực hai bước. Lần đăng nhập sau, hệ thống sẽ hỏi mã xác thực."),
                  "success")
            return redirect(url_for(".security"))
        form.code.errors.append(wrong_code_message())
    return render_template("accounts/enrol.html", form=form, at_login=False,
                           **enrolment_view(_me(), sealed))


@bp.post("/two-factor/off")
def turn_off():
    """Remove the own authenticator where two-factor is optional (password needed)."""
    form = PasswordConfirmForm()
    if not form.validate_on_submit():
        flash(_("Vui lòng nhập mật khẩu."), "danger")
        return redirect(url_for(".security"))
    allowed = permissions.can_turn_off_two_factor(_me(), enforced=_enforced())
    try:
        two_factor.turn_off(_me(), password=form.password.data, allowed=allowed)
    except ValidationFailed as exc:
        flash(exc.message, "danger")
        return redirect(url_for(".security"))
    db.session.commit()
    refresh_session(_me())
    flash(_("Đã tắt xác thực hai bước."), "success")
    return redirect(url_for(".security"))


@bp.post("/sessions/end")
def end_other_sessions():
    """Log the user out of every other browser and device."""
    services.end_sessions_elsewhere(_me())
    db.session.commit()
    refresh_session(_me())
    flash(_("Đã đăng xuất khỏi mọi thiết bị khác."), "success")
    return redirect(url_for(".security"))
