"""Administration of the prohibited-item catalogue."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.catalogue import queries, services
from caseflow.catalogue.commands import sync_command
from caseflow.catalogue.forms import CategoryForm
from caseflow.catalogue.models import Category
from caseflow.extensions import db
from caseflow.main.forms import attempt

bp = Blueprint("catalogue", __name__, url_prefix="/admin/catalogue")
bp.cli.add_command(sync_command)  # flask catalogue sync


@bp.before_request
def admins_only():
    """Admit only administrators."""
    if not permissions.can_manage_system(current_user):
        abort(404)


@bp.get("/")
def index():
    """List every category, active or not."""
    categories = db.session.scalars(sa.select(Category).order_by(Category.sort_order))
    return render_template("catalogue/index.html", categories=list(categories))


@bp.route("/new", methods=["GET", "POST"], defaults={"code": None})
@bp.route("/<code>", methods=["GET", "POST"])
def edit(code: str | None):
    """Create or edit a category."""
    category = db.get_or_404(Category, code) if code else None
    form = CategoryForm(obj=category)
    if category and not form.is_submitted():
        form.support_agencies.data = category.support_agencies.split(",") \
            if category.support_agencies else []
        form.code.render_kw = {"readonly": True}
    if form.validate_on_submit():
        if category:
            form.code.data = category.code  # the code is the category's identity
        saved = attempt(form, lambda: services.save_category(category, actor=current_user,
                                                             data=form.data))
        if saved is not None:
            db.session.commit()
            flash(_("Đã lưu nhóm %(code)s.", code=saved.code), "success")
            return redirect(url_for(".index"))
    history = queries.history(category.code) if category else []
    return render_template("catalogue/form.html", form=form, category=category, history=history,
                           today=services.today())
