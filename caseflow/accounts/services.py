"""Passwords, login, and the management of organisations and users."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _

from caseflow import permissions
from caseflow.accounts.models import (
    ROLES_BY_ORG_KIND,
    Organisation,
    OrgKind,
    Role,
    User,
    new_session_stamp,
)
from caseflow.accounts.passwords import check_password_rule
from caseflow.accounts.sessions import delete_sessions_of
from caseflow.audit import services as audit
from caseflow.db_types import utcnow
from caseflow.errors import NotAllowed, ValidationFailed
from caseflow.extensions import db

_hasher = PasswordHasher()
# Verifying against this keeps the time of a login with an unknown username the same.
_DUMMY_HASH = _hasher.hash("caseflow-timing-equaliser")


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def check_password(user: User | None, password: str) -> bool:
    """Tell whether the password is the user's, in constant-ish time."""
    try:
        return _hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and \
            user is not None
    except (VerificationError, InvalidHashError):
        return False


def authenticate(username: str, password: str) -> User | None:
    """Return the active user these credentials belong to, recording a failure.

    A correct password is only the first step when the user has two-factor: record_login()
    marks the login once every step has passed.
    """
    user = db.session.scalar(db.select(User).where(User.username == username.strip().lower()))
    if not check_password(user, password) or not user.is_active \
            or not permissions.can_log_in(user):
        audit.record("login.failed", actor=None, object_type="user",
                     object_id=user.id if user else None)
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def record_login(user: User) -> None:
    """Note a completed login (every step passed)."""
    user.last_login_at = utcnow()
    audit.record("login", actor=user, object_type="user", object_id=user.id)


def record_logout(user: User) -> None:
    """Note a logout."""
    audit.record("logout", actor=user, object_type="user", object_id=user.id)


def end_all_sessions(user: User) -> None:
    """End every session of the user, everywhere: a new stamp, and the stored rows deleted."""
    user.session_stamp = new_session_stamp()
    delete_sessions_of(user)


def wrong_current_password(field: str = "current_password") -> ValidationFailed:
    """Return the error for a wrong current password, shown next to the field."""
    return ValidationFailed(_("Mật khẩu hiện tại không đúng."),
                            {field: [_("Mật khẩu hiện tại không đúng.")]})


def change_password(user: User, current: str, new: str) -> None:
    """Replace the user's password after checking the current one; end the user's sessions."""
    if not check_password(user, current):
        raise wrong_current_password()
    check_password_rule(new, field="new_password")
    user.password_hash = hash_password(new)
    end_all_sessions(user)
    audit.record("password.change", actor=user, object_type="user", object_id=user.id)
    db.session.flush()


def end_sessions_elsewhere(user: User) -> None:
    """Log the user out of every browser (the caller re-issues the current one)."""
    end_all_sessions(user)
    audit.record("sessions.end_all", actor=user, object_type="user", object_id=user.id)
    db.session.flush()


def check_role_fits(role: Role, organisation: Organisation) -> None:
    """Refuse a role the organisation's kind cannot hold."""
    if role not in ROLES_BY_ORG_KIND[organisation.kind]:
        message = _("Vai trò “%(role)s” không phù hợp với %(kind)s.",
                    role=role.label, kind=organisation.kind.label)
        raise ValidationFailed(message, {"role": [message]})


def check_login_change(user: User, *, actor: User, data: dict) -> None:
    """Refuse a password or an activation the account admin may not give this account."""
    gives_login = bool(data.get("password")) or (data["active"] and not user.active)
    if gives_login and not permissions.can_set_login(actor, user):
        raise NotAllowed(_("Tài khoản dịch vụ của khóa API không có mật khẩu và không đăng nhập "
                           "được. Khóa đã thu hồi không dùng lại được: hãy tạo khóa mới trên "
                           "trang Khóa API."))


def save_user(user: User | None, *, actor: User, data: dict) -> User:
    """Create or update a user from validated form data."""
    organisation = db.session.get(Organisation, data["organisation_id"])
    role = Role(data["role"])
    check_role_fits(role, organisation)
    username = data["username"].strip().lower()
    clash = db.session.scalar(db.select(User.id).where(User.username == username))
    if clash and (user is None or clash != user.id):
        raise ValidationFailed(_("Tên đăng nhập đã tồn tại."),
                               {"username": [_("Tên đăng nhập đã tồn tại.")]})
    if data.get("password"):
        check_password_rule(data["password"])
    if user is not None:
        check_login_change(user, actor=actor, data=data)
    if user is None:
        if not data.get("password"):
            raise ValidationFailed(_("Vui lòng đặt mật khẩu."),
                                   {"password": [_("Vui lòng đặt mật khẩu.")]})
        user = User()
        db.session.add(user)
    # A password reset or a deactivation ends the sessions the user has open.
    ends_sessions = user.id is not None and (bool(data.get("password"))
                                             or (user.active and not data["active"]))
    user.username, user.full_name, user.email = username, data["full_name"], data["email"] or ""
    user.role, user.organisation, user.active = role, organisation, data["active"]
    user.job_title = data.get("job_title") or ""
    if data.get("password"):
        user.password_hash = hash_password(data["password"])
    if ends_sessions:
        end_all_sessions(user)
    db.session.flush()
    audit.record("user.save", actor=actor, object_type="user", object_id=user.id)
    return user


def save_organisation(org: Organisation | None, *, actor: User, data: dict) -> Organisation:
    """Create or update an organisation from validated form data."""
    kind = OrgKind(data["kind"])
    province = data.get("province_code") or None
    if kind not in (OrgKind.MINISTRY, OrgKind.POSTAL_FIRM) and not province:
        raise ValidationFailed(_("Đơn vị cấp tỉnh phải chọn tỉnh, thành phố."),
                               {"province_code": [_("Đơn vị cấp tỉnh phải chọn tỉnh, thành phố.")]})
    clash = db.session.scalar(db.select(Organisation.id).where(Organisation.name == data["name"]))
    if clash and (org is None or clash != org.id):
        raise ValidationFailed(_("Tên đơn vị đã tồn tại."), {"name": [_("Tên đơn vị đã tồn tại.")]})
    if org is None:
        org = Organisation()
        db.session.add(org)
    org.name, org.short_name, org.kind = data["name"], data["short_name"] or "", kind
    org.province_code, org.address, org.phone = province, data["address"] or "", data["phone"] or ""
    org.duty_contact = data.get("duty_contact") or ""
    if org.active and not data["active"] and org.id is not None:
        end_sessions_of_organisation(org)
    org.active = data["active"]
    db.session.flush()
    audit.record("organisation.save", actor=actor, object_type="organisation", object_id=org.id)
    return org


def end_sessions_of_organisation(org: Organisation) -> None:
    """End the sessions of every member of an organisation being deactivated."""
    for user in db.session.scalars(db.select(User).where(User.organisation_id == org.id)):
        end_all_sessions(user)
