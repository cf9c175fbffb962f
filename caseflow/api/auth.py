"""Token authentication for /api/v1: a Bearer token, never a cookie.

The app-wide login check leaves the API's blueprint alone (accounts/auth.py, TOKEN_BLUEPRINTS);
this check runs instead for every API endpoint except the public description of the API. A
request that brings a session cookie but no valid token gets 401 like any other.
"""

from __future__ import annotations

import hashlib
import math
import time

from flask import Response, current_app, g, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse

from caseflow.accounts.models import User
from caseflow.api import keys
from caseflow.api.models import ApiKey
from caseflow.api.problems import problem, unauthorized
from caseflow.extensions import db, limiter

#: Endpoints of the blueprint anyone may read: the OpenAPI document and its page.
PUBLIC_API_ENDPOINTS = frozenset({"api.openapi", "api.docs"})
BAD_KEY_SCOPE = "api-bad-key"
#: How long an address is remembered as one a key has authenticated from.
KNOWN_KEY_SECONDS = 30 * 24 * 3600


def presented_token() -> str:
    """Return the Bearer token of the request, or ''."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def require_api_key():
    """Authenticate the request by its key, or answer 401 (429 after too many wrong keys)."""
    if request.endpoint in PUBLIC_API_ENDPOINTS:
        return None
    token = presented_token()
    if not token:
        return unauthorized(_("Thiếu khóa API (Authorization: Bearer <khóa>)."))
    throttled = _throttling() and not _known_here(token)
    if throttled and not limiter.limiter.test(_bad_key_limit(), BAD_KEY_SCOPE,
                                              get_remote_address()):
        return _too_many_bad_keys()
    key = keys.authenticate(token)
    if key is None:
        if throttled:
            limiter.limiter.hit(_bad_key_limit(), BAD_KEY_SCOPE, get_remote_address())
        return unauthorized(_("Khóa API không hợp lệ hoặc đã bị thu hồi."))
    if _throttling() and not _known_here(token):
        limiter.storage.incr(_known_key(token), KNOWN_KEY_SECONDS)
    g.api_key = key
    if keys.touch(key):
        db.session.commit()
    return None


def _throttling() -> bool:
    """Wrong keys are throttled with the logins (LOGIN_THROTTLING, off in most tests)."""
    return current_app.config["LOGIN_THROTTLING"]


def _bad_key_limit() -> RateLimitItem:
    return parse(current_app.config.get("API_BAD_KEY_LIMIT", "20/minute"))


def _known_key(token: str) -> str:
    return f"caseflow/api/known/{get_remote_address()}/{token_digest(token)}"


def _known_here(token: str) -> bool:
    """Tell whether this token has authenticated from this address before."""
    return limiter.storage.get(_known_key(token)) > 0


def _too_many_bad_keys() -> Response:
    """429 problem with the time until the address may try a new key."""
    stats = limiter.limiter.get_window_stats(_bad_key_limit(), BAD_KEY_SCOPE,
                                             get_remote_address())
    wait = max(1, math.ceil(stats.reset_time - time.time()))
    return problem(429, _("Quá nhiều yêu cầu"),
                   _("Quá nhiều khóa API sai từ địa chỉ này. Thử lại sau %(n)s giây.", n=wait),
                   headers={"Retry-After": str(wait)})


def token_digest(token: str) -> str:
    """Return a digest naming a token in counters (never the token itself)."""
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def api_key() -> ApiKey:
    """Return the key the request was authenticated with."""
    return g.api_key


def actor() -> User:
    """Return the key's service user: the API acts as it, through the usual access rules."""
    return g.api_key.user


def rate_limit_key() -> str:
    """Count requests per presented token (a digest of it), or per address without one."""
    token = presented_token()
    if token:
        return "api-key:" + token_digest(token)
    return "api-ip:" + (request.remote_addr or "")
