"""Create, find and revoke API keys; each key acts through a service user of its own."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.api.models import ApiKey
from caseflow.audit import services as audit
from caseflow.db_types import utcnow
from caseflow.errors import NotAllowed, NotFound, ValidationFailed
from caseflow.extensions import db

TOKEN_PREFIX = "cfk_"
#: last_used_at is written at most this often per key (not one UPDATE per API request).
TOUCH_EVERY = timedelta(minutes=1)
#: A service user's password hash: not an argon2 hash, so no password ever matches it.
NO_PASSWORD = "!api-key-service-user"


def token_hash(token: str) -> str:
    """Return the stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def keys_of(user: User) -> list[ApiKey]:
    """Return the keys of the user's organisation, newest first."""
    if not permissions.can_manage_api_keys(user):
        raise NotFound()
    return list(db.session.scalars(sa.select(ApiKey)
                                   .where(ApiKey.organisation_id == user.organisation_id)
                                   .order_by(ApiKey.id.desc())))


def create_key(*, actor: User, name: str) -> tuple[ApiKey, str]:
    """Create a key for the actor's organisation; return it and the token (shown once)."""
    if not permissions.can_manage_api_keys(actor):
        raise NotAllowed(_("Bạn không có quyền quản lý khóa API."))
    name = (name or "").strip()
    if not 3 <= len(name) <= 100:
        message = _("Tên khóa dài từ 3 đến 100 ký tự.")
        raise ValidationFailed(message, {"name": [message]})
    secret = secrets.token_urlsafe(32)
    token = f"{TOKEN_PREFIX}{secret}"
    prefix = token[:12]
    org = actor.organisation
    service_user = User(username=f"api-{prefix.lower()}"[:60], full_name=f"API · {name}"[:120],
                        password_hash=NO_PASSWORD, organisation=org,
                        role=permissions.api_role_for(org.kind))
    key = ApiKey(organisation=org, user=service_user, name=name, prefix=prefix,
                 token_hash=token_hash(token), created_by=actor)
    db.session.add(key)
    db.session.flush()
    audit.record("api_key.create", actor=actor, object_type="api_key", object_id=key.id,
                 prefix=prefix, service_user_id=service_user.id)
    return key, token


def revoke_key(key_id: int, *, actor: User) -> ApiKey:
    """Revoke a key of the actor's organisation; its service user is deactivated."""
    key = next((k for k in keys_of(actor) if k.id == key_id), None)
    if key is None:
        raise NotFound()
    if key.revoked_at is None:
        key.revoked_at, key.revoked_by_id = utcnow(), actor.id
        key.user.active = False
        audit.record("api_key.revoke", actor=actor, object_type="api_key", object_id=key.id,
                     prefix=key.prefix)
        db.session.flush()
    return key


def authenticate(token: str) -> ApiKey | None:
    """Return the active key with this token, its service user and organisation active."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    key = db.session.scalar(sa.select(ApiKey).where(ApiKey.token_hash == token_hash(token)))
    if key is None or not key.active or not key.user.is_active:
        return None
    return key


def touch(key: ApiKey) -> bool:
    """Record the key's use (at most once a minute); tell whether anything changed."""
    now = utcnow()
    if key.last_used_at is not None and now - key.last_used_at < TOUCH_EVERY:
        return False
    db.session.execute(sa.update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=now))
    return True
