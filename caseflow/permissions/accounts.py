"""The system's administration, login and two-factor, API keys and their service users."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role, User
from caseflow.api.models import ApiKey
from caseflow.extensions import db


def can_manage_system(user: User) -> bool:
    """Tell whether the user administers organisations, users and the catalogue."""
    return user.is_authenticated and user.role is Role.ADMIN


# --- Two-factor login -------------------------------------------------------------------------

#: Roles that must pass a second factor (TOTP) when TOTP_REQUIRED is on; anyone may enrol.
TWO_FACTOR_ROLES = frozenset({Role.PROVINCIAL_SUPERVISOR, Role.NATIONAL_SUPERVISOR,
                              Role.AGENCY_OFFICER, Role.ADMIN})


def must_use_two_factor(user: User, *, enforced: bool) -> bool:
    """Tell whether the user's role obliges a second factor under the current setting."""
    return enforced and user.role in TWO_FACTOR_ROLES


def needs_second_factor(user: User, *, enforced: bool) -> bool:
    """Tell whether a login of this user asks for a code: enrolled, or obliged to enrol."""
    return user.has_two_factor or must_use_two_factor(user, enforced=enforced)


def can_turn_off_two_factor(user: User, *, enforced: bool) -> bool:
    """Tell whether the user may remove the own authenticator (only where it is optional)."""
    return user.has_two_factor and not must_use_two_factor(user, enforced=enforced)


def can_reset_two_factor(actor: User, user: User) -> bool:
    """Tell whether the actor may remove another user's authenticator (admins; a lost phone)."""
    return can_manage_system(actor) and user.has_two_factor


# --- API keys' service users ------------------------------------------------------------------
# Each API key acts through a user of its own (api/keys.py) that has no password: it is not a
# person, never logs in on the site, and acts only while its key is unrevoked.

def is_service_user(user: User) -> bool:
    """Tell whether the user is an API key's service user."""
    return user.id is not None and db.session.scalar(
        sa.select(sa.exists().where(ApiKey.user_id == user.id)))


def can_log_in(user: User) -> bool:
    """Tell whether the account may log in on the site: a person's, never a service user's."""
    return not is_service_user(user)


def can_set_login(actor: User, user: User) -> bool:
    """Set or reset a user's password, or activate the account, in the account admin: admins,
    for accounts that may log in (the password field and the activation box follow this)."""
    return can_manage_system(actor) and can_log_in(user)


def api_role_for(org_kind: OrgKind) -> Role | None:
    """The role an API key of this kind of organisation acts with, None where keys are not
    issued: a firm's systems flag and attach evidence (clerk), an agency's take referrals."""
    if org_kind is OrgKind.POSTAL_FIRM:
        return Role.FIRM_CLERK
    return Role.AGENCY_OFFICER if org_kind.is_agency else None


def can_manage_api_keys(user: User) -> bool:
    """API keys of the own organisation: a firm's security officers, and admins of a firm or
    an agency unit."""
    if not user.is_authenticated or api_role_for(user.organisation.kind) is None:
        return False
    return user.role in (Role.FIRM_SECURITY, Role.ADMIN)
