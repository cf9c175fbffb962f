"""Home, health check and language switch."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, redirect, request, session, url_for
from flask_login import current_user

from caseflow import permissions
from caseflow.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """Send each user to where the work is."""
    if permissions.can_manage_system(current_user):
        return redirect(url_for("accounts_admin.users"))
    if permissions.can_open_dashboard(current_user):  # a supervisor's home
        return redirect(url_for("reports.dashboard"))
    return redirect(url_for("cases.index"))


@bp.get("/healthz")
def healthz():
    """Report that the app and its database answer."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.post("/language/<code>")
def set_language(code: str):
    """Remember the chosen language for this session."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    target = request.referrer or ""
    host = request.host_url
    return redirect(target if target.startswith(host) else url_for("main.index"))
