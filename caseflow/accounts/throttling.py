"""Login throttling with Flask-Limiter: per account and per address, never global.

Only failed attempts count (a step that does not move on); the limits are tested before the
view runs, so a throttled request costs no password hash. LOGIN_THROTTLING switches it off
(the test suite, except the tests of throttling).
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, current_app, make_response, request, session
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address

from caseflow.extensions import db, limiter

log = logging.getLogger(__name__)
THROTTLED = _l("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng đợi vài phút rồi thử lại.")
#: The session key holding the id of a user who passed the password step (views.py).
PENDING_USER = "_2fa_user"


def _off() -> bool:
    return not current_app.config["LOGIN_THROTTLING"]


def _failed(response: Response) -> bool:
    """A login step failed when it did not move on (every success redirects)."""
    return response.status_code != 302


def _account_key() -> str:
    return "account:" + (request.form.get("username") or "").strip().lower()


def _pending_key() -> str:
    return f"pending:{session.get(PENDING_USER, '')}"


def _account_limits() -> str:
    return current_app.config["LOGIN_LIMITS_PER_ACCOUNT"]


def _address_limits() -> str:
    return current_app.config["LOGIN_LIMITS_PER_IP"]


#: Failed passwords per username (whether or not the account exists).
per_account = limiter.limit(_account_limits, key_func=_account_key, methods=["POST"],
                            exempt_when=_off, deduct_when=_failed)
#: Failed codes per user between the password step and the code step.
per_pending_user = limiter.limit(_account_limits, key_func=_pending_key, methods=["POST"],
                                 exempt_when=_off, deduct_when=_failed)
#: Failed login steps per client address, shared by the password and the code steps.
per_address = limiter.shared_limit(_address_limits, scope="login-address",
                                   key_func=get_remote_address, methods=["POST"],
                                   exempt_when=_off, deduct_when=_failed)


def init_throttling(app: Flask) -> None:
    """Bind the limiter and answer a throttled request in Vietnamese."""
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, handle_throttled)


def handle_throttled(error: RateLimitExceeded):
    """Answer 429 with the site's error page and a Retry-After."""
    from caseflow.main.errors import render_error

    db.session.rollback()
    log.warning("login throttled: %s from %s", error.description, request.remote_addr)
    response = make_response(render_error(429, str(THROTTLED)))
    limit = limiter.current_limit
    if limit is not None:
        response.headers["Retry-After"] = str(max(1, int(limit.reset_at - time.time())))
    return response
