"""Administration of organisations and users (admins only)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.accounts import queries, services, two_factor
from caseflow.accounts.forms import OrganisationForm, UserForm
from caseflow.accounts.models import Organisation, User
from caseflow.accounts.sessions import refresh_session
from caseflow.extensions import db
from caseflow.main.forms import attempt

bp = Blueprint("accounts_admin", __name__, url_prefix="/admin")


@bp.before_request
def admins_only():
    """Admit only administrators to every page of this blueprint."""
    if not permissions.can_manage_system(current_user):
        abort(404)


@bp.get("/organisations")
def organisations():
    """List organisations."""
    return render_template("admin/organisations.html", organisations=queries.organisations())


@bp.route("/organisations/new", methods=["GET", "POST"], defaults={"org_id": None})
@bp.route("/organisations/<int:org_id>", methods=["GET", "POST"])
def organisation(org_id: int | None):
    """Create or edit an organisation."""
    org = db.get_or_404(Organisation, org_id) if org_id else None
    form = OrganisationForm(obj=org)
    form.province_code.choices = queries.province_choices(blank=True)
    if form.validate_on_submit():
        saved = attempt(form, lambda: services.save_organisation(org, actor=current_user,
                                                                 data=form.data))
        if saved is not None:
            db.session.commit()
            flash(_("Đã lưu đơn vị %(name)s.", name=saved.name), "success")
            return redirect(url_for(".organisations"))
    return render_template("admin/organisation_form.html", form=form, org=org)


@bp.get("/users")
def users():
    """List users."""
    return render_template("admin/users.html", users=queries.users())


@bp.route("/users/new", methods=["GET", "POST"], defaults={"user_id": None})
@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int | None):
    """Create or edit a user."""
    user = db.get_or_404(User, user_id) if user_id else None
    form = UserForm(obj=user)
    form.organisation_id.choices = queries.organisation_choices()
    if form.validate_on_submit():
        saved = attempt(form, lambda: services.save_user(user, actor=current_user, data=form.data))
        if saved is not None:
            db.session.commit()
            _keep_own_session(saved)
            flash(_("Đã lưu tài khoản %(name)s.", name=saved.username), "success")
            return redirect(url_for(".users"))
    login_editable = user is None or permissions.can_set_login(current_user, user)
    return render_template("admin/user_form.html", form=form, user=user,
                           login_editable=login_editable)


@bp.post("/users/<int:user_id>/two-factor/reset")
def reset_two_factor(user_id: int):
    """Remove a user's authenticator (a lost phone); the user enrols again at next login."""
    user = db.get_or_404(User, user_id)
    if not permissions.can_reset_two_factor(current_user, user):
        abort(404)
    two_factor.reset(user, actor=current_user)
    db.session.commit()
    _keep_own_session(user)
    flash(_("Đã gỡ xác thực hai bước của tài khoản %(name)s; các phiên đăng nhập của tài khoản "
            "đã kết thúc.", name=user.username), "success")
    return redirect(url_for(".user", user_id=user.id))


def _keep_own_session(user: User) -> None:
    """Re-issue the admin's own session when the change ended the admin's sessions."""
    if user.id == current_user.id and user.is_active:
        refresh_session(user)
