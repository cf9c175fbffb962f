"""Difficulty reports: list, submit, read, answer / forward / publish / withdraw, guidance."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.accounts import queries as accounts_queries
from caseflow.difficulties import queries, services
from caseflow.difficulties.forms import DifficultyActionForm, DifficultyFilterForm, DifficultyForm
from caseflow.errors import NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.main import keyset
from caseflow.main.forms import attempt
from caseflow.workflow import engine

bp = Blueprint("difficulties", __name__, url_prefix="/difficulties")


@bp.before_request
def firms_and_supervisors_only():
    """Keep everyone but firms and supervisors out."""
    if not permissions.can_open_difficulties(current_user):
        raise NotFound()


@bp.get("/")
def index():
    """List the reports the user may see, newest first (keyset pages)."""
    form = DifficultyFilterForm(request.args)
    filters = form.data if form.validate() else {}
    page = keyset.requested_page(queries.filtered(current_user, filters), queries.REPORT_ORDER,
                                 per_page=current_app.config["CASES_PER_PAGE"])
    return render_template("difficulties/list.html", form=form, page=page)


@bp.get("/guidance")
def guidance():
    """List the answers published as guidance for every firm, newest first (keyset pages)."""
    page = keyset.requested_page(queries.guidance(current_user), queries.GUIDANCE_ORDER,
                                 per_page=current_app.config["CASES_PER_PAGE"], counted=False)
    return render_template("difficulties/guidance.html", page=page)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """A firm submits a difficulty or question."""
    if not permissions.can_submit_difficulty(current_user):
        raise NotFound()
    form = DifficultyForm()
    form.province_code.choices = accounts_queries.province_choices(blank=True)
    if request.method == "GET":
        form.province_code.data = current_user.organisation.province_code or ""
    if form.validate_on_submit():
        difficulty = attempt(form, lambda: services.submit(actor=current_user, data=form.data))
        if difficulty is not None:
            db.session.commit()
            flash(_("Đã gửi phản ánh; hạn trả lời ngày %(d)s.",
                    d=difficulty.due_on.strftime("%d/%m/%Y")), "success")
            return redirect(url_for(".detail", difficulty_id=difficulty.id))
    return render_template("difficulties/form.html", form=form)


@bp.get("/<int:difficulty_id>")
def detail(difficulty_id: int):
    """Show a report, its answer and the actions the user may take."""
    difficulty = queries.difficulty_for(current_user, difficulty_id)
    return render_template("difficulties/detail.html", difficulty=difficulty,
                           actions=engine.available(difficulty, current_user),
                           form=DifficultyActionForm(data={"version": difficulty.version}))


@bp.post("/<int:difficulty_id>/do/<name>")
def act(difficulty_id: int, name: str):
    """Press a transition: answer, forward, publish or withdraw."""
    difficulty = queries.difficulty_for(current_user, difficulty_id)
    form = DifficultyActionForm()
    if not form.validate_on_submit():
        raise ValidationFailed(_("Biểu mẫu không hợp lệ; vui lòng thử lại."))
    transition = services.apply(difficulty, name, actor=current_user, text=form.text.data,
                                expected_version=form.version.data)
    db.session.commit()
    flash(_("Đã thực hiện: %(a)s.", a=transition.label), "success")
    return redirect(url_for(".detail", difficulty_id=difficulty.id))
