"""TOTP two-factor authentication: enrolment, single-use codes, reset by an administrator.

The secret is stored encrypted (AES-GCM, caseflow.privacy.crypto) and bound to its user row.
A code is accepted for the current 30-second time-step or one step either side, and only once:
the step of the last accepted code is stored, and a code of that step or an older one is
refused. Claiming the step is a conditional UPDATE, so two racing logins cannot both use a code.
"""

from __future__ import annotations

import hmac
import time

import pyotp
import segno
import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from caseflow.accounts.models import User
from caseflow.accounts.services import check_password, end_all_sessions, wrong_current_password
from caseflow.audit import services as audit
from caseflow.db_types import utcnow
from caseflow.errors import NotAllowed
from caseflow.extensions import db
from caseflow.privacy.crypto import associated_data, decrypt, encrypt, key_id_of
from caseflow.privacy.keys import keyring

STEP_SECONDS = 30
DIGITS = 6
#: Steps accepted either side of the current one (clock drift, typing time).
WINDOW = 1


def clock() -> float:
    """Return the current Unix time (the tests of replay and drift move this clock)."""
    return time.time()


def _aad(user: User) -> bytes:
    return associated_data("user", "totp_secret", str(user.id))


def seal(user: User, secret: str) -> str:
    """Encrypt a TOTP secret for this user's row."""
    return encrypt(secret, _aad(user))


def unseal(user: User, sealed: str) -> str:
    """Decrypt a TOTP secret sealed for this user's row."""
    return decrypt(sealed, _aad(user))


def new_sealed_secret(user: User) -> str:
    """Generate a random 160-bit secret for an enrolment, already sealed for the user."""
    return seal(user, pyotp.random_base32())


def provisioning_uri(user: User, secret: str, issuer: str) -> str:
    """Return the otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=issuer)


def qr_data_uri(uri: str) -> str:
    """Draw the URI as a QR code, an SVG data: URI (no request leaves the page)."""
    return segno.make(uri, error="m", micro=False).svg_data_uri(scale=5, border=2)


def grouped(secret: str) -> str:
    """Write a secret in groups of four letters, for typing it into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def matching_step(secret: str, code: str, *, after: int | None, at: float) -> int | None:
    """Return the time-step whose code this is (within WINDOW of `at`, later than `after`)."""
    code = "".join((code or "").split())
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):
        return None
    totp, current = pyotp.TOTP(secret), int(at // STEP_SECONDS)
    for step in range(current - WINDOW, current + WINDOW + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim(user: User, step: int) -> bool:
    """Mark the step used unless this or a later step was used first (atomic on both engines)."""
    result = db.session.execute(
        sa.update(User).where(User.id == user.id, sa.or_(User.totp_last_step.is_(None),
                                                         User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def verify_login_code(user: User, code: str) -> bool:
    """Accept a fresh code of the user's authenticator, once; record a refusal."""
    step = matching_step(unseal(user, user.totp_secret), code, after=user.totp_last_step,
                         at=clock())
    if step is not None and _claim(user, step):
        return True
    audit.record("login.code_failed", actor=None, object_type="user", object_id=user.id)
    return False


def confirm_enrolment(user: User, sealed: str, code: str) -> bool:
    """Store the new secret once the user proves the app shows its codes; end other sessions."""
    step = matching_step(unseal(user, sealed), code, after=None, at=clock())
    if step is None:
        return False
    user.totp_secret, user.totp_last_step, user.totp_enrolled_at = sealed, step, utcnow()
    end_all_sessions(user)
    audit.record("two_factor.enrol", actor=user, object_type="user", object_id=user.id)
    db.session.flush()
    return True


def reset(user: User, *, actor: User) -> None:
    """Remove the user's authenticator (a lost phone) and end the user's sessions."""
    _clear(user)
    audit.record("two_factor.reset", actor=actor, object_type="user", object_id=user.id)
    db.session.flush()


def turn_off(user: User, *, password: str, allowed: bool) -> None:
    """Let a user for whom it is optional remove the own authenticator, with the password."""
    if not allowed:
        raise NotAllowed()
    if not check_password(user, password):
        raise wrong_current_password("password")
    _clear(user)
    audit.record("two_factor.disable", actor=user, object_type="user", object_id=user.id)
    db.session.flush()


def _clear(user: User) -> None:
    user.totp_secret = user.totp_last_step = user.totp_enrolled_at = None
    end_all_sessions(user)


def reseal_all() -> int:
    """Re-encrypt every TOTP secret not under the current key (part of a key rotation)."""
    current, changed = keyring().current, 0
    for user in db.session.scalars(sa.select(User).where(User.totp_secret.is_not(None))):
        if key_id_of(user.totp_secret) != current:
            user.totp_secret = seal(user, unseal(user, user.totp_secret))
            changed += 1
    db.session.flush()
    return changed
