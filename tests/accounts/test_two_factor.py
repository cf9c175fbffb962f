"""TOTP two-factor: single-use codes within one step either side, the secret encrypted at rest,
no login before the code step, enrolment with a QR code, enforcement by role, admin reset."""

from __future__ import annotations

import os

import pyotp
import pytest
import sqlalchemy as sa

from caseflow.accounts import two_factor
from caseflow.accounts.models import Role, User
from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.privacy.crypto import DecryptionError, key_id_of
from caseflow.privacy.keys import KeyRing, keyring
from config import Config, DevelopmentConfig, TestingConfig
from tests.conftest import csrf_token, login, post
from tests.factories import (
    DEFAULT_PASSWORD,
    enrol_two_factor,
    make_user,
    totp_code,
    totp_code_from_page,
)

WRONG_CODE = "Mã xác thực không đúng, đã hết hạn hoặc đã được dùng."
NOW = 1_790_000_000.0  # a fixed instant, 10 s into a 30-second step
STEP = int(NOW // 30)
ENFORCED_ROLES = [Role.PROVINCIAL_SUPERVISOR, Role.NATIONAL_SUPERVISOR, Role.AGENCY_OFFICER,
                  Role.ADMIN]
OPTIONAL_ROLES = [Role.FIRM_CLERK, Role.FIRM_SECURITY]


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(two_factor, "clock", lambda: NOW)


@pytest.fixture
def enforced(app, monkeypatch):
    monkeypatch.setitem(app.config, "TOTP_REQUIRED", True)


@pytest.fixture
def clerk(app):
    user = make_user(role=Role.FIRM_CLERK, username="nhanvien")
    db.session.commit()
    return user


@pytest.fixture
def enrolled(clerk):
    """The clerk with an authenticator app; returns its secret."""
    secret = enrol_two_factor(clerk)
    db.session.commit()
    return secret


def password_step(client, user, password: str = DEFAULT_PASSWORD):
    return client.post("/login", data={"csrf_token": csrf_token(client),
                                       "username": user.username, "password": password})


def code_step(client, code: str, step: str = "/login/code"):
    return client.post(step, data={"csrf_token": csrf_token(client), "code": code})


def is_logged_in(client, page: str = "/cases/") -> bool:
    return client.get(page).status_code == 200


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).generate_otp(step)


# --- codes ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("offset", "accepted"), [(-2, False), (-1, True), (0, True), (1, True),
                                                  (2, False)])
def test_a_code_is_accepted_one_step_either_side_and_no_further(offset, accepted):
    secret = pyotp.random_base32()
    found = two_factor.matching_step(secret, code_at(secret, STEP + offset), after=None, at=NOW)
    assert (found == STEP + offset) is accepted


def test_a_code_of_a_used_step_or_an_older_one_is_refused():
    secret = pyotp.random_base32()
    assert two_factor.matching_step(secret, code_at(secret, STEP), after=STEP, at=NOW) is None
    assert two_factor.matching_step(secret, code_at(secret, STEP - 1), after=STEP,
                                    at=NOW) is None
    assert two_factor.matching_step(secret, code_at(secret, STEP + 1), after=STEP,
                                    at=NOW) == STEP + 1


@pytest.mark.parametrize("typed", ["{a} {b}", " {a}{b} "])
def test_spaces_in_a_typed_code_are_ignored(typed):
    secret = pyotp.random_base32()
    code = code_at(secret, STEP)
    typed = typed.format(a=code[:3], b=code[3:])
    assert two_factor.matching_step(secret, typed, after=None, at=NOW) == STEP


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "12a456", "١٢٣٤٥٦"])
def test_anything_but_six_digits_is_refused(typed):
    assert two_factor.matching_step(pyotp.random_base32(), typed, after=None, at=NOW) is None


# --- the secret at rest ---------------------------------------------------------------------

def test_the_secret_is_stored_encrypted_and_bound_to_its_user(app, clerk, enrolled):
    stored = db.session.scalar(sa.select(User.totp_secret).where(User.id == clerk.id))
    assert stored.startswith("v1.") and enrolled not in stored
    assert two_factor.unseal(clerk, stored) == enrolled
    other = make_user(role=Role.FIRM_CLERK)
    with pytest.raises(DecryptionError):
        two_factor.unseal(other, stored)  # copied to another row, it does not decrypt


# --- logging in with a code -----------------------------------------------------------------

def test_after_the_password_an_enrolled_user_is_not_yet_logged_in(client, clerk, enrolled):
    response = password_step(client, clerk)
    assert response.status_code == 302 and response.headers["Location"] == "/login/code"
    assert not is_logged_in(client)
    with client.session_transaction() as session:
        assert "_user_id" not in session and session["_2fa_user"] == clerk.id


def test_the_right_code_completes_the_login(client, clerk, enrolled):
    password_step(client, clerk)
    response = code_step(client, code_at(enrolled, STEP))
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert is_logged_in(client)
    assert fresh(clerk).totp_last_step == STEP and fresh(clerk).last_login_at is not None


def test_a_wrong_code_is_refused_in_vietnamese_and_recorded(client, clerk, enrolled):
    password_step(client, clerk)
    wrong = next(c for c in ("000000", "111111")
                 if c not in {code_at(enrolled, STEP + n) for n in (-1, 0, 1)})
    response = code_step(client, wrong)
    assert response.status_code == 200 and WRONG_CODE in response.get_data(as_text=True)
    assert not is_logged_in(client)
    assert db.session.scalar(sa.select(AuditEvent.action).where(
        AuditEvent.object_id == clerk.id, AuditEvent.action == "login.code_failed"))


def test_a_code_cannot_be_used_twice(app, clerk, enrolled):
    first, second = app.test_client(), app.test_client()
    code = code_at(enrolled, STEP)
    password_step(first, clerk)
    password_step(second, clerk)
    assert code_step(first, code).status_code == 302
    response = code_step(second, code)
    assert WRONG_CODE in response.get_data(as_text=True)
    assert not is_logged_in(second)


def test_the_code_step_without_the_password_step_goes_back_to_login(client, clerk, enrolled):
    response = code_step(client, code_at(enrolled, STEP))
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not is_logged_in(client)


def test_the_code_step_expires_five_minutes_after_the_password(client, clerk, enrolled,
                                                               monkeypatch):
    password_step(client, clerk)
    monkeypatch.setattr(two_factor, "clock", lambda: NOW + 301)
    response = code_step(client, code_at(enrolled, int((NOW + 301) // 30)))
    assert response.headers["Location"] == "/login"
    assert not is_logged_in(client)


def test_the_login_helper_passes_the_code_step(client, clerk, enrolled):
    login(client, clerk)
    assert is_logged_in(client)


# --- enforcement and enrolment at first login ------------------------------------------------

def test_enforcement_is_on_in_production_and_off_in_development_and_tests():
    assert Config.TOTP_REQUIRED is True
    assert DevelopmentConfig.TOTP_REQUIRED is False and TestingConfig.TOTP_REQUIRED is False


@pytest.mark.parametrize("role", ENFORCED_ROLES, ids=str)
def test_a_role_that_must_use_two_factor_enrols_at_first_login(client, enforced, role):
    user = make_user(role=role)
    db.session.commit()
    response = password_step(client, user)
    assert response.headers["Location"] == "/login/enrol"
    page = client.get("/login/enrol").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn in the page itself
    assert not is_logged_in(client, "/account/security")
    response = code_step(client, totp_code_from_page(page), "/login/enrol")
    assert response.status_code == 302
    assert is_logged_in(client, "/account/security")
    assert fresh(user).has_two_factor


@pytest.mark.parametrize("role", OPTIONAL_ROLES, ids=str)
def test_firm_staff_log_in_with_a_password_only_unless_they_enrolled(client, enforced, role):
    user = make_user(role=role)
    db.session.commit()
    response = password_step(client, user)
    assert response.headers["Location"] == "/"
    assert is_logged_in(client)


def test_without_enforcement_a_supervisor_logs_in_with_a_password_only(client, app):
    user = make_user(role=Role.NATIONAL_SUPERVISOR)
    db.session.commit()
    assert password_step(client, user).headers["Location"] == "/"


def test_a_wrong_code_at_enrolment_enrols_nothing(client, enforced):
    user = make_user(role=Role.ADMIN)
    db.session.commit()
    password_step(client, user)
    client.get("/login/enrol")
    response = code_step(client, "000000", "/login/enrol")
    assert WRONG_CODE in response.get_data(as_text=True)
    assert not fresh(user).has_two_factor


def test_the_login_helper_enrols_a_user_who_must(client, enforced):
    user = make_user(role=Role.PROVINCIAL_SUPERVISOR)
    db.session.commit()
    login(client, user)
    assert fresh(user).has_two_factor


# --- the own account page -------------------------------------------------------------------

def test_a_clerk_enrols_from_the_account_page_and_is_then_asked_for_codes(app, client, clerk):
    login(client, clerk)
    page = client.get("/account/two-factor").get_data(as_text=True)
    response = post(client, "/account/two-factor", {"code": totp_code_from_page(page)})
    assert response.headers["Location"] == "/account/security"
    assert is_logged_in(client)  # this browser stays logged in
    assert password_step(app.test_client(), clerk).headers["Location"] == "/login/code"


def test_enrolling_ends_the_sessions_of_other_browsers(app, client, clerk):
    other = app.test_client()
    login(other, clerk)
    login(client, clerk)
    page = client.get("/account/two-factor").get_data(as_text=True)
    post(client, "/account/two-factor", {"code": totp_code_from_page(page)})
    assert not is_logged_in(other)


def test_a_clerk_may_turn_two_factor_off_with_the_password(client, clerk, enrolled):
    login(client, clerk)
    response = post(client, "/account/two-factor/off", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and not fresh(clerk).has_two_factor


def test_turning_two_factor_off_needs_the_right_password(client, clerk, enrolled):
    login(client, clerk)
    post(client, "/account/two-factor/off", {"password": "khong-dung-dau-nhe"})
    assert fresh(clerk).has_two_factor


def test_a_role_that_must_use_two_factor_cannot_turn_it_off(client, enforced):
    officer = make_user(role=Role.AGENCY_OFFICER)
    enrol_two_factor(officer)
    db.session.commit()
    login(client, officer)
    response = post(client, "/account/two-factor/off", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 403 and fresh(officer).has_two_factor


def test_the_account_page_shows_the_status(client, clerk):
    login(client, clerk)
    page = client.get("/account/security").get_data(as_text=True)
    assert "Bảo mật tài khoản" in page and "Chưa bật." in page


# --- recovery by an administrator -----------------------------------------------------------

def test_an_admin_resets_a_lost_authenticator_and_it_is_audited(app, client, enforced):
    officer = make_user(role=Role.AGENCY_OFFICER)
    enrol_two_factor(officer)
    admin = make_user(role=Role.ADMIN)
    enrol_two_factor(admin)
    db.session.commit()
    officer_browser = app.test_client()
    login(officer_browser, officer)
    login(client, admin)
    response = post(client, f"/admin/users/{officer.id}/two-factor/reset")
    assert response.status_code == 302
    assert not fresh(officer).has_two_factor
    assert not is_logged_in(officer_browser)  # the open sessions end with it
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "two_factor.reset"))
    assert event.actor_id == admin.id and event.object_id == officer.id
    assert password_step(app.test_client(), officer).headers["Location"] == "/login/enrol"


def test_only_admins_may_reset_two_factor(client, clerk, enrolled):
    other = make_user(role=Role.FIRM_SECURITY, org=clerk.organisation)
    db.session.commit()
    login(client, other)
    assert post(client, f"/admin/users/{clerk.id}/two-factor/reset").status_code == 404
    assert fresh(clerk).has_two_factor


def test_the_helpers_make_codes_that_the_app_accepts(clerk, enrolled):
    assert two_factor.matching_step(enrolled, totp_code(enrolled), after=None, at=NOW) == STEP


def test_a_key_rotation_reseals_the_secrets_under_the_new_key(app, clerk, enrolled,
                                                             monkeypatch):
    old = keyring()
    ring = KeyRing("k-new", {**old.data_keys, "k-new": os.urandom(32)}, old.index_key,
                   old.audit_key)
    monkeypatch.setitem(app.extensions, "caseflow_keys", ring)
    assert two_factor.reseal_all() == 1
    assert key_id_of(clerk.totp_secret) == "k-new"
    assert two_factor.unseal(clerk, clerk.totp_secret) == enrolled
    assert two_factor.reseal_all() == 0
