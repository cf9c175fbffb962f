"""Login wiring: the user loader and login-required-by-default."""

from __future__ import annotations

import hmac

from flask import Flask, redirect, request, url_for
from flask_login import current_user

from caseflow.accounts.models import User
from caseflow.extensions import db, login_manager

#: The only endpoints a visitor may reach without logging in; everything else is denied.
PUBLIC_ENDPOINTS = frozenset({
    "static",
    "accounts.login",
    # The second login step: they act only on a user who has just passed the password step.
    "accounts.login_code",
    "accounts.login_enrol",
    "main.healthz",
    "main.set_language",
    "verify.document",  # the QR code's page: public facts of a document, and the hash check
    # The banned-items list firms must post (Postal Law Art. 29(7)) and its poster's QR code.
    "public_catalogue.index",
    "public_catalogue.poster_pdf",
    # Prometheus scrapes without a session; the view itself answers only allowed networks or
    # the METRICS_TOKEN, and 404 to everyone else (caseflow/main/metrics.py).
    "metrics",
})
#: Blueprints that authenticate every request themselves by token, never by the session: the
#: JSON API (caseflow/api/auth.py answers 401 to anything without a valid API key).
TOKEN_BLUEPRINTS = frozenset({"api"})


def init_login(app: Flask) -> None:
    """Configure Flask-Login and refuse anonymous requests outside the allow-list."""
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    app.before_request(require_login)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Load the session's user from "id:stamp" while the stamp is current and the user active.

    A new stamp (password change, deactivation, two-factor reset) ends every session holding the
    old one, wherever it was copied to.
    """
    user_id, _, stamp = token.partition(":")
    if not user_id.isdigit() or not stamp:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or not hmac.compare_digest(user.session_stamp, stamp):
        return None
    return user


def require_login():
    """Send anonymous visitors to the login page unless the endpoint is public."""
    if request.endpoint in PUBLIC_ENDPOINTS or request.blueprint in TOKEN_BLUEPRINTS:
        return None
    if current_user.is_authenticated:
        return None
    if request.endpoint is None:  # unknown URL: let the 404 handler answer
        return None
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
