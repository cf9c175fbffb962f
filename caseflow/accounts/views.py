"""Login, logout and the user's own password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from caseflow.accounts import services
from caseflow.accounts.forms import LoginForm, PasswordChangeForm
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.main.forms import apply_field_errors

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form and log the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        db.session.commit()
        if user:
            lang = session.get("lang")
            session.clear()  # a fresh session at login: no fixation
            if lang:
                session["lang"] = lang
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash(_("Tên đăng nhập hoặc mật khẩu không đúng."), "danger")
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    """End the session."""
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    """Let the user change the own password."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.new_password.data)
        except ValidationFailed as exc:
            apply_field_errors(form, exc)
        else:
            db.session.commit()
            flash(_("Đã đổi mật khẩu."), "success")
            return redirect(url_for("main.index"))
    return render_template("accounts/password.html", form=form)
