"""The case list, the flag form and the case page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.cases import choices, listing, queries, services
from caseflow.cases.formdata import (
    case_to_form,
    flag_data,
    partial_flag_data,
    prepare_flag_form,
)
from caseflow.cases.forms import CloseForm, FlagForm
from caseflow.cases.models import Case
from caseflow.cases.pages import render_case_page
from caseflow.errors import Conflict, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.main.forms import ActionForm, NoteForm, apply_field_errors, attempt
from caseflow.privacy import services as privacy_services
from caseflow.workflow import engine

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.before_request
def case_roles_only():
    """Keep administrators and anyone else without a case role out of case content."""
    if not permissions.can_use_cases(current_user):
        raise NotFound()


@bp.get("/")
def index():
    """List the cases the user may see, filtered, newest first, a page after or before a
    position (keyset: see main/keyset.py)."""
    filters, filters_html = choices.filter_panel(request.args)
    cases, order = queries.listed_cases(current_user, filters)
    page = listing.requested_page(cases, order=order, counted=not filters.get("q"),
                                  per_page=current_app.config["CASES_PER_PAGE"])
    return render_template("cases/list.html", filters_html=filters_html, page=page)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Báo cáo bưu gửi nghi vấn: start a new report."""
    if not permissions.can_flag(current_user):
        raise NotFound()
    form = prepare_flag_form(FlagForm())
    if request.method == "GET":
        form.province_code.data = current_user.organisation.province_code
    if form.validate_on_submit():
        case = services.save_draft(None, actor=current_user, data=flag_data(form))
        return _saved(case, form)
    if form.is_submitted():
        return _keep_valid_parts(None, form)
    return render_template("cases/form.html", form=form, case=None,
                           required_fields=services.REQUIRED_FIELDS)


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
def edit(case_id: int):
    """Edit a draft; 'submit' also sends it."""
    case = queries.case_for(current_user, case_id)
    if not permissions.can_edit_case(current_user, case):
        engine.require(case, current_user, "submit")  # explains a draft sent from another tab
        raise NotFound()
    form = prepare_flag_form(FlagForm(data=case_to_form(case)), case)
    if form.validate_on_submit():
        saved = attempt(form, lambda: services.save_draft(
            case, actor=current_user, data=flag_data(form), expected_version=form.version.data),
            (Conflict,))
        if saved is not None:
            return _saved(saved, form)
    elif form.is_submitted():
        return _keep_valid_parts(case, form)
    return render_template("cases/form.html", form=form, case=case,
                           required_fields=services.REQUIRED_FIELDS)


def _keep_valid_parts(case: Case | None, form: FlagForm):
    """Save what was typed correctly, then show every error at once: the fields' own and,
    when the user pressed send, what the report still lacks."""
    data = partial_flag_data(form, case)
    try:
        if data is not None:
            case = services.save_draft(case, actor=current_user, data=data,
                                       expected_version=form.version.data if case else None)
    except Conflict as exc:
        db.session.rollback()
        form.form_errors.append(exc.message)
        data = None
    if data is not None:
        db.session.commit()
        form.version.data = case.version
        form.form_errors.append(_("Đã lưu bản nháp, trừ các ô có lỗi bên dưới; hãy sửa các ô "
                                  "đó rồi lưu hoặc gửi lại."))
    if data is not None and "submit" in request.form:
        for name, messages in services.completeness_errors(case).items():
            if not form[name].errors:
                form[name].errors = list(messages)
    return render_template("cases/form.html", form=form, case=case,
                           required_fields=services.REQUIRED_FIELDS), 422


def _saved(case: Case, form: FlagForm):
    """Commit a saved draft, then submit it when asked; a failed submit keeps the draft."""
    _warn_same_parcel(case)
    if "submit" in request.form:
        try:
            services.submit(case, actor=current_user)
        except ValidationFailed as exc:
            db.session.commit()
            apply_field_errors(form, exc)
            form.version.data = case.version
            return render_template("cases/form.html", form=form, case=case,
                           required_fields=services.REQUIRED_FIELDS), 422
        db.session.commit()
        flash(_("Đã gửi báo cáo %(ref)s.", ref=case.reference), "success")
        return redirect(url_for(".detail", case_id=case.id))
    db.session.commit()
    flash(_("Đã lưu bản nháp."), "success")
    return redirect(url_for(".edit", case_id=case.id))


def _warn_same_parcel(case: Case) -> None:
    """Warn, without refusing, when the tracking number is already on another case."""
    others = queries.same_parcel(current_user, case)
    if others:
        flash(_("Số hiệu bưu gửi %(number)s đã có trong hồ sơ khác: %(refs)s. Hãy kiểm tra "
                "để tránh báo cáo trùng.", number=case.tracking_number,
                refs=", ".join(c.label for c in others)), "warning")


@bp.get("/<int:case_id>")
def detail(case_id: int):
    """Show the case: parcel, parties, categories, referrals, timeline and allowed actions."""
    case = queries.case_for(current_user, case_id)
    parties, masked = privacy_services.parties_for_page(current_user, case)
    response = render_case_page(case, parties=parties, masked=masked)
    db.session.commit()  # the view of unmasked personal data is logged
    return response


@bp.post("/<int:case_id>/do/<name>")
def act(case_id: int, name: str):
    """Press a case transition that needs at most a reason."""
    case = queries.case_for(current_user, case_id)
    form = ActionForm()
    if not form.validate_on_submit():
        raise ValidationFailed(_("Biểu mẫu không hợp lệ; vui lòng thử lại."))
    services.transition(case, name, actor=current_user, reason=form.reason.data or "",
                        expected_version=form.version.data)
    db.session.commit()
    flash(_("Đã cập nhật hồ sơ %(ref)s.", ref=case.label), "success")
    return redirect(url_for(".detail", case_id=case.id))


@bp.route("/<int:case_id>/close", methods=["GET", "POST"])
def close(case_id: int):
    """Record the parcel's disposition and close the case."""
    case = queries.case_for(current_user, case_id)
    engine.require(case, current_user, "close")
    form = CloseForm(obj=case)
    if request.method == "GET":
        form.disposition.data = services.suggested_disposition(case)
    if form.validate_on_submit():
        services.close(case, actor=current_user, disposition=form.disposition.data,
                       note=form.note.data, expected_version=form.version.data)
        db.session.commit()
        flash(_("Đã đóng hồ sơ %(ref)s.", ref=case.reference), "success")
        return redirect(url_for(".detail", case_id=case.id))
    return render_template("cases/close.html", form=form, case=case)


@bp.post("/<int:case_id>/notes")
def add_note(case_id: int):
    """Add a note to the case's timeline."""
    case = queries.case_for(current_user, case_id)
    form = NoteForm()
    if not permissions.can_add_note(current_user, case):
        raise NotFound()
    if not form.validate_on_submit():
        raise ValidationFailed(_("Ghi chú không được để trống."))
    engine.add_note(case, actor=current_user, text=form.text.data)
    db.session.commit()
    flash(_("Đã thêm ghi chú."), "success")
    return redirect(url_for(".detail", case_id=case.id) + "#timeline")
