"""Khóa API: the page where a firm's security officer (or an admin) manages API keys."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.api import keys
from caseflow.api.forms import ApiKeyForm, RevokeForm
from caseflow.errors import NotFound
from caseflow.extensions import db

bp = Blueprint("api_keys", __name__, url_prefix="/api-keys")


@bp.before_request
def key_managers_only():
    """Only those who may manage keys reach these pages (404 for everyone else)."""
    if not permissions.can_manage_api_keys(current_user):
        raise NotFound()


@bp.route("/", methods=["GET", "POST"])
def index():
    """List the organisation's keys; create one (its token is shown once, on this answer)."""
    form, token = ApiKeyForm(), None
    if form.validate_on_submit():
        _key, token = keys.create_key(actor=current_user, name=form.name.data)
        db.session.commit()
        form = ApiKeyForm(formdata=None)
    return render_template("api/keys.html", form=form, token=token,
                           keys=keys.keys_of(current_user), revoke_form=RevokeForm())


@bp.post("/<int:key_id>/revoke")
def revoke(key_id: int):
    """Revoke a key at once: the next request with it gets 401."""
    if not RevokeForm().validate_on_submit():
        raise NotFound()
    key = keys.revoke_key(key_id, actor=current_user)
    db.session.commit()
    flash(_("Đã thu hồi khóa %(name)s.", name=key.name), "success")
    return redirect(url_for(".index"))
