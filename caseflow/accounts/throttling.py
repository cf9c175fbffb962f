"""Login throttling: a per-account backoff and a per-address limit, never global.

- Per account (the username as typed, normalised, existing or not): after LOGIN_BACKOFF_AFTER
  consecutive failures the account is locked for LOGIN_BACKOFF_SECONDS, doubled at each further
  failure up to LOGIN_BACKOFF_MAX_SECONDS. While locked, attempts are refused (even with the
  right password) with the time left; once it runs out, the right password logs in and clears
  the count. No CAPTCHA.
- Per address (LOGIN_LIMITS_PER_IP, Flask-Limiter): failed steps from one address, for people
  who have not logged in from that address before. A post office behind one NAT keeps working
  while a guesser there is stopped: whoever has logged in successfully from the address is
  exempt (the per-account backoff still applies to them).
- The code step: failed codes per pending user (LOGIN_LIMITS_PER_ACCOUNT).

Counts live in the limiter's storage (RATELIMIT_STORAGE_URI: memory, or Redis shared by the
workers). Only failed steps count (a step that does not redirect), tested before the view runs,
so a refused attempt costs no password hash. LOGIN_THROTTLING switches it all off (the test
suite, except the tests of throttling).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from functools import wraps

from flask import Flask, Response, current_app, make_response, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address

from caseflow.extensions import db, limiter

log = logging.getLogger(__name__)
THROTTLED = _l("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng đợi vài phút rồi thử lại.")
#: The session key holding the id of a user who passed the password step (views.py).
PENDING_USER = "_2fa_user"
PREFIX = "caseflow/login/"
#: How long consecutive failures are remembered, and an address where a user logged in.
FAILURE_MEMORY_SECONDS = 24 * 3600
KNOWN_ADDRESS_SECONDS = 30 * 24 * 3600
BACKOFF_DEFAULTS = {"LOGIN_BACKOFF_AFTER": 5, "LOGIN_BACKOFF_SECONDS": 30,
                    "LOGIN_BACKOFF_MAX_SECONDS": 900}


def _off() -> bool:
    return not current_app.config["LOGIN_THROTTLING"]


def _setting(name: str) -> int:
    return int(current_app.config.get(name, BACKOFF_DEFAULTS[name]))


def _failed(response: Response) -> bool:
    """A login step failed when it did not move on (every success redirects)."""
    return response.status_code != 302


def normalised(username: str | None) -> str:
    """Return the username as the login looks it up."""
    return (username or "").strip().lower()


def _storage():
    return limiter.storage


def _pending_username() -> str:
    from caseflow.accounts.models import User

    user = db.session.get(User, session.get(PENDING_USER) or 0)
    return user.username if user else ""


# --- per account: exponential backoff ---------------------------------------------------------

def locked_for(username: str) -> int:
    """Return the seconds the account stays locked (0 when it is not)."""
    key = f"{PREFIX}lock/{username}"
    if not username or _storage().get(key) <= 0:
        return 0
    return max(1, math.ceil(_storage().get_expiry(key) - time.time()))


def record_failure(username: str) -> int:
    """Count a failed password; lock the account once there are too many. Return the lock."""
    failures = _storage().incr(f"{PREFIX}failures/{username}", FAILURE_MEMORY_SECONDS)
    over = failures - _setting("LOGIN_BACKOFF_AFTER")
    if over < 0:
        return 0
    seconds = min(_setting("LOGIN_BACKOFF_MAX_SECONDS"),
                  _setting("LOGIN_BACKOFF_SECONDS") * 2 ** min(over, 30))
    _storage().clear(f"{PREFIX}lock/{username}")
    _storage().incr(f"{PREFIX}lock/{username}", int(seconds))
    return int(seconds)


def password_accepted(username: str) -> None:
    """Clear the account's failures and remember this address as one the user logs in from."""
    if _off():
        return
    username = normalised(username)
    _storage().clear(f"{PREFIX}failures/{username}")
    _storage().clear(f"{PREFIX}lock/{username}")
    _storage().incr(_known_key(username), KNOWN_ADDRESS_SECONDS)


def wait_text(seconds: int) -> str:
    """Say how long to wait, in seconds under two minutes, else in minutes."""
    if seconds < 120:
        return _("%(n)s giây", n=seconds)
    return _("%(n)s phút", n=math.ceil(seconds / 60))


def locked_response(username: str, seconds: int) -> Response:
    """Answer 429 naming the lock and the time it still lasts."""
    from caseflow.main.errors import render_error

    message = _("Tài khoản %(user)s tạm bị khóa vì nhập sai mật khẩu nhiều lần. "
                "Vui lòng thử lại sau %(wait)s.", user=username, wait=wait_text(seconds))
    response = make_response(render_error(429, message))
    response.headers["Retry-After"] = str(seconds)
    return response


def per_account(view: Callable) -> Callable:
    """Refuse a locked account's attempts; count the failed ones."""
    @wraps(view)
    def guarded(*args, **kwargs):
        if request.method != "POST" or _off():
            return view(*args, **kwargs)
        username = normalised(request.form.get("username"))
        if seconds := locked_for(username):
            log.warning("login refused: %s locked for %s s", username, seconds)
            return locked_response(username, seconds)
        response = make_response(view(*args, **kwargs))
        if username and _failed(response) and (seconds := record_failure(username)):
            log.warning("login: %s locked for %s s", username, seconds)
        return response
    return guarded


# --- per address, per pending user -----------------------------------------------------------

def _known_key(username: str) -> str:
    return f"{PREFIX}known/{get_remote_address()}/{username}"


def known_here() -> bool:
    """Tell whether the user of this step has logged in from this address before."""
    username = normalised(request.form.get("username")) or normalised(_pending_username())
    return bool(username) and _storage().get(_known_key(username)) > 0


def _pending_key() -> str:
    return f"pending:{session.get(PENDING_USER, '')}"


def _account_limits() -> str:
    return current_app.config["LOGIN_LIMITS_PER_ACCOUNT"]


def _address_limits() -> str:
    return current_app.config["LOGIN_LIMITS_PER_IP"]


#: Failed codes per user between the password step and the code step.
per_pending_user = limiter.limit(_account_limits, key_func=_pending_key, methods=["POST"],
                                 exempt_when=_off, deduct_when=_failed)
#: Failed login steps per client address, shared by the password and the code steps; people
#: who have logged in from the address before are exempt.
per_address = limiter.shared_limit(_address_limits, scope="login-address",
                                   key_func=get_remote_address, methods=["POST"],
                                   exempt_when=lambda: _off() or known_here(),
                                   deduct_when=_failed)


def init_throttling(app: Flask) -> None:
    """Bind the limiter and answer a throttled request in Vietnamese."""
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, handle_throttled)


def handle_throttled(error: RateLimitExceeded):
    """Answer 429 with the site's error page, the time to wait and a Retry-After."""
    from caseflow.main.errors import render_error

    db.session.rollback()
    log.warning("login throttled: %s from %s", error.description, request.remote_addr)
    limit = limiter.current_limit
    seconds = max(1, math.ceil(limit.reset_at - time.time())) if limit is not None else 60
    message = f"{THROTTLED} " + _("Thử lại sau %(wait)s.", wait=wait_text(seconds))
    response = make_response(render_error(429, message))
    response.headers["Retry-After"] = str(seconds)
    return response
