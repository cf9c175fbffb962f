"""Login wiring: the user loader and login-required-by-default."""

from __future__ import annotations

from flask import Flask, redirect, request, url_for
from flask_login import current_user

from caseflow.accounts.models import User
from caseflow.extensions import db, login_manager

#: The only endpoints a visitor may reach without logging in; everything else is denied.
PUBLIC_ENDPOINTS = frozenset({
    "static",
    "accounts.login",
    "main.healthz",
    "main.set_language",
    "verify.document",  # the QR code's page: public facts of a document, and the hash check
})


def init_login(app: Flask) -> None:
    """Configure Flask-Login and refuse anonymous requests outside the allow-list."""
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    app.before_request(require_login)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Load the logged-in user by id."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def require_login():
    """Send anonymous visitors to the login page unless the endpoint is public."""
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    if request.endpoint is None:  # unknown URL: let the 404 handler answer
        return None
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
