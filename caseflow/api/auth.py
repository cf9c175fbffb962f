"""Token authentication for /api/v1: a Bearer token, never a cookie.

The app-wide login check leaves the API's blueprint alone (accounts/auth.py, TOKEN_BLUEPRINTS);
this check runs instead for every API endpoint except the public description of the API. A
request that brings a session cookie but no valid token gets 401 like any other.
"""

from __future__ import annotations

import hashlib

from flask import g, request
from flask_babel import gettext as _

from caseflow.accounts.models import User
from caseflow.api import keys
from caseflow.api.models import ApiKey
from caseflow.api.problems import unauthorized
from caseflow.extensions import db

#: Endpoints of the blueprint anyone may read: the OpenAPI document and its page.
PUBLIC_API_ENDPOINTS = frozenset({"api.openapi", "api.docs"})


def presented_token() -> str:
    """Return the Bearer token of the request, or ''."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def require_api_key():
    """Authenticate the request by its key, or answer 401."""
    if request.endpoint in PUBLIC_API_ENDPOINTS:
        return None
    token = presented_token()
    if not token:
        return unauthorized(_("Thiếu khóa API (Authorization: Bearer <khóa>)."))
    key = keys.authenticate(token)
    if key is None:
        return unauthorized(_("Khóa API không hợp lệ hoặc đã bị thu hồi."))
    g.api_key = key
    if keys.touch(key):
        db.session.commit()
    return None


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
        return "api-key:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    return "api-ip:" + (request.remote_addr or "")
