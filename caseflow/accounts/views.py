"""Login (the password, then the authenticator code when needed), logout, the own password.

After a correct password a user with two-factor is not logged in: the session only holds the
pending user's id (with the stamp and the time) until the code step, or the enrolment step of a
first login, succeeds.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.accounts import services, throttling, two_factor
from caseflow.accounts.forms import CodeForm, LoginForm, PasswordChangeForm
from caseflow.accounts.models import User
from caseflow.accounts.sessions import end_session, refresh_session, restart_session, start_session
from caseflow.extensions import db
from caseflow.main.forms import attempt

bp = Blueprint("accounts", __name__)

PENDING_USER = throttling.PENDING_USER
PENDING_STAMP, PENDING_AT, PENDING_NEXT, PENDING_SECRET = (
    "_2fa_stamp", "_2fa_at", "_2fa_next", "_2fa_secret")
#: How long the code step waits after the password step.
PENDING_SECONDS = 300


def _safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("main.index")


def wrong_code_message() -> str:
    """Return the message for a wrong, stale or replayed code."""
    return _("Mã xác thực không đúng, đã hết hạn hoặc đã được dùng.")


@bp.route("/login", methods=["GET", "POST"])
@throttling.per_account
@throttling.per_address
def login():
    """Show the login form and check the password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            return _after_password(user)
        db.session.commit()  # the failure's audit event
        flash(_("Tên đăng nhập hoặc mật khẩu không đúng."), "danger")
    return render_template("accounts/login.html", form=form)


def _after_password(user: User):
    """Log in, or hold the user for the code step (or the enrolment a first login needs)."""
    throttling.password_accepted(user.username)
    if not permissions.needs_second_factor(user, enforced=current_app.config["TOTP_REQUIRED"]):
        return _complete_login(user, request.args.get("next"))
    db.session.commit()  # a rehashed password
    restart_session()
    session.update({PENDING_USER: user.id, PENDING_STAMP: user.session_stamp,
                    PENDING_AT: two_factor.clock(), PENDING_NEXT: request.args.get("next") or ""})
    return redirect(url_for(".login_code" if user.has_two_factor else ".login_enrol"))


def _complete_login(user: User, target: str | None):
    """Every step passed: record the login and open the session on a fresh id."""
    services.record_login(user)
    db.session.commit()
    start_session(user)
    return redirect(_safe_next(target))


def _pending_user() -> User | None:
    """Return the user who passed the password step in the last minutes, if still valid."""
    user_id, started = session.get(PENDING_USER), session.get(PENDING_AT)
    if user_id is None or started is None or two_factor.clock() - started > PENDING_SECONDS:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.session_stamp != session.get(PENDING_STAMP):
        return None
    return user


def _back_to_login():
    """Drop a pending login that expired or no longer holds."""
    if PENDING_USER in session:
        flash(_("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."), "warning")
    restart_session()
    return redirect(url_for(".login"))


@bp.route("/login/code", methods=["GET", "POST"])
@throttling.per_pending_user
@throttling.per_address
def login_code():
    """Second step: the code of the user's authenticator app."""
    user = _pending_user()
    if user is None or not user.has_two_factor:
        return _back_to_login()
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.verify_login_code(user, form.code.data):
            return _complete_login(user, session.get(PENDING_NEXT))
        db.session.commit()  # the failure's audit event
        form.code.errors.append(wrong_code_message())
    return render_template("accounts/login_code.html", form=form)


@bp.route("/login/enrol", methods=["GET", "POST"])
@throttling.per_pending_user
@throttling.per_address
def login_enrol():
    """First login of a user who must use two-factor: set up the app, then log in."""
    user = _pending_user()
    if user is None or user.has_two_factor:
        return _back_to_login()
    sealed = session.get(PENDING_SECRET) or two_factor.new_sealed_secret(user)
    session[PENDING_SECRET] = sealed
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.confirm_enrolment(user, sealed, form.code.data):
            return _complete_login(user, session.get(PENDING_NEXT))
        form.code.errors.append(wrong_code_message())
    return render_template("accounts/enrol.html", form=form, at_login=True,
                           **enrolment_view(user, sealed))


def enrolment_view(user: User, sealed: str) -> dict:
    """Return what the enrolment page shows: the QR code and the secret to type by hand."""
    secret = two_factor.unseal(user, sealed)
    uri = two_factor.provisioning_uri(user, secret, current_app.config["TOTP_ISSUER"])
    return {"qr": two_factor.qr_data_uri(uri), "secret": two_factor.grouped(secret)}


@bp.post("/logout")
def logout():
    """End the session and delete it on the server."""
    if current_user.is_authenticated:
        services.record_logout(current_user)
        db.session.commit()
    end_session()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    """Let the user change the own password; every other session of the user ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit() and attempt(form, lambda: services.change_password(
            current_user, form.current_password.data, form.new_password.data)) is not None:
            db.session.commit()
            refresh_session(current_user._get_current_object())
            flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."), "success")
            return redirect(url_for("main.index"))
    return render_template("accounts/password.html", form=form)
