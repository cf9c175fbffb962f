"""Referring a case and the agency's actions on a referral."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import permissions
from caseflow.accounts import queries as accounts_queries
from caseflow.cases import queries
from caseflow.errors import NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import local_input_to_utc
from caseflow.main.forms import ActionForm, attempt
from caseflow.referrals import queries as referral_queries
from caseflow.referrals import services
from caseflow.referrals.forms import ConcludeForm, DetentionForm, ReferForm, TransferForm
from caseflow.workflow import engine

bp = Blueprint("referrals", __name__)


@bp.before_request
def case_roles_only():
    """Keep users without a case role out."""
    if not permissions.can_use_cases(current_user):
        raise NotFound()


def _agency_choices(exclude: int | None = None) -> list[tuple[int, str]]:
    return [(a.id, f"{a.name}") for a in accounts_queries.agencies() if a.id != exclude]


@bp.route("/cases/<int:case_id>/refer", methods=["GET", "POST"])
def refer(case_id: int):
    """Refer a flagged case to agency units; the lead agencies are suggested."""
    case = queries.case_for(current_user, case_id)
    engine.require(case, current_user, "refer")
    form = ReferForm(version=case.version)
    form.agencies.choices = referral_queries.agency_groups(case)
    suggested = services.suggested_agencies(case)
    if request.method == "GET":
        form.agencies.data = [a.id for a in suggested]
    if form.validate_on_submit():
        referrals = services.refer(case, actor=current_user, agency_ids=form.agencies.data,
                                   note=form.note.data, expected_version=form.version.data)
        db.session.commit()
        flash(_("Đã chuyển hồ sơ %(ref)s đến %(n)s đơn vị.", ref=case.reference,
                n=len(referrals)), "success")
        return redirect(url_for("cases.detail", case_id=case.id))
    return render_template("referrals/refer.html", form=form, case=case, suggested=suggested)


@bp.post("/referrals/<int:referral_id>/do/<name>")
def act(referral_id: int, name: str):
    """Press a referral transition that needs at most a reason."""
    referral = referral_queries.referral_for(current_user, referral_id)
    form = ActionForm()
    if not form.validate_on_submit():
        raise ValidationFailed(_("Biểu mẫu không hợp lệ; vui lòng thử lại."))
    services.transition(referral, name, actor=current_user, reason=form.reason.data or "",
                        expected_version=form.version.data)
    db.session.commit()
    flash(_("Đã cập nhật hồ sơ %(ref)s.", ref=referral.case.reference), "success")
    return redirect(url_for("cases.detail", case_id=referral.case_id))


@bp.route("/referrals/<int:referral_id>/transfer", methods=["GET", "POST"])
def transfer(referral_id: int):
    """Hand the referral over to another unit."""
    referral = referral_queries.referral_for(current_user, referral_id)
    engine.require(referral, current_user, "transfer")
    form = TransferForm(version=referral.version)
    form.agency_id.choices = [(0, "—"), *_agency_choices(exclude=referral.agency_id)]
    if form.validate_on_submit():
        new = attempt(form, lambda: services.transfer(
            referral, actor=current_user, agency_id=form.agency_id.data, reason=form.reason.data,
            expected_version=form.version.data))
        if new is not None:
            db.session.commit()
            flash(_("Đã chuyển hồ sơ đến %(agency)s.", agency=new.agency.name), "success")
            return redirect(url_for("cases.detail", case_id=referral.case_id))
    return render_template("referrals/transfer.html", form=form, referral=referral)


@bp.route("/referrals/<int:referral_id>/conclude", methods=["GET", "POST"])
def conclude(referral_id: int):
    """Record the agency's conclusion."""
    referral = referral_queries.referral_for(current_user, referral_id)
    engine.require(referral, current_user, "resolve")
    form = ConcludeForm(version=referral.version)
    if form.validate_on_submit() and attempt(form, lambda: services.resolve(
            referral, actor=current_user, data=form.data,
            expected_version=form.version.data)) is not None:
            db.session.commit()
            flash(_("Đã ghi nhận kết luận."), "success")
            return redirect(url_for("cases.detail", case_id=referral.case_id))
    return render_template("referrals/conclude.html", form=form, referral=referral)


@bp.route("/referrals/<int:referral_id>/detention", methods=["GET", "POST"])
def detention(referral_id: int):
    """Record the agency's detention decision; its 7-working-day timer starts from it."""
    referral = referral_queries.referral_for(current_user, referral_id)
    if not permissions.can_record_detention(current_user, referral):
        raise NotFound()
    form = DetentionForm(version=referral.version)
    if form.validate_on_submit() and attempt(form, lambda: services.record_detention(
            referral, actor=current_user, number=form.number.data,
            decided_at=local_input_to_utc(form.decided_at.data),
            expected_version=form.version.data)) is not None:
            db.session.commit()
            flash(_("Đã ghi nhận quyết định tạm giữ."), "success")
            return redirect(url_for("cases.detail", case_id=referral.case_id))
    return render_template("referrals/detention.html", form=form, referral=referral)
