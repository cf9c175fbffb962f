"""An API key's service user never logs in on the site, and the account admin cannot give it a
password or re-activate it; one rule (permissions.can_set_login) hides the fields and guards the
POST."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from caseflow import permissions
from caseflow.accounts.models import OrgKind, Role, User
from caseflow.accounts.services import hash_password
from caseflow.api import keys
from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from tests.conftest import csrf_token, login, post
from tests.factories import DEFAULT_PASSWORD, make_org, make_user

NEW_PASSWORD = "mat-khau-cho-may-chu"


@pytest.fixture
def firm(app):
    return make_org(kind=OrgKind.POSTAL_FIRM)


@pytest.fixture
def admin(app):
    user = make_user(role=Role.ADMIN, username="quantri")
    db.session.commit()
    return user


@pytest.fixture
def key(firm):
    """A firm's API key; its service user has no usable password."""
    security = make_user(role=Role.FIRM_SECURITY, org=firm)
    api_key, token = keys.create_key(actor=security, name="Máy soi chiếu")
    db.session.commit()
    api_key.token = token
    return api_key


def reloaded(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def try_login(client, username: str, password: str):
    return client.post("/login", data={"csrf_token": csrf_token(client), "username": username,
                                       "password": password})


def form_for(user: User, **overrides) -> dict:
    return {"username": user.username, "full_name": user.full_name, "email": "",
            "role": user.role.value, "organisation_id": str(user.organisation_id),
            "password": "", "active": "y" if user.active else "", **overrides}


def has_field(html: str, name: str) -> bool:
    return re.search(rf'name="{name}"', html) is not None


# --- the rules -------------------------------------------------------------------------------

def test_the_rules_tell_a_service_user_from_a_person(admin, key, firm):
    person = make_user(role=Role.FIRM_CLERK, org=firm)
    assert permissions.is_service_user(key.user) and not permissions.is_service_user(person)
    assert not permissions.can_log_in(key.user) and permissions.can_log_in(person)
    assert not permissions.can_set_login(admin, key.user)
    assert permissions.can_set_login(admin, person)
    assert not permissions.can_set_login(person, person)  # only admins, as the page


def test_a_service_user_named_like_one_but_without_a_key_is_a_person(admin, firm):
    lookalike = make_user(role=Role.FIRM_CLERK, org=firm, username="api-cfk_giongthat")
    assert permissions.can_log_in(lookalike) and permissions.can_set_login(admin, lookalike)


# --- the web login -------------------------------------------------------------------------------

def test_a_service_user_cannot_log_in_without_a_password(client, key):
    response = try_login(client, key.user.username, keys.NO_PASSWORD)
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)


def test_a_service_user_cannot_log_in_even_with_a_password_hash_set(client, key):
    key.user.password_hash = hash_password(DEFAULT_PASSWORD)  # as if written behind our back
    db.session.commit()
    response = try_login(client, key.user.username, DEFAULT_PASSWORD)
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "_user_id" not in session
    failed = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "login.failed"))
    assert [e.object_id for e in failed] == [key.user.id]
    assert reloaded(key.user).last_login_at is None


# --- the account admin ---------------------------------------------------------------------------

def test_the_admin_form_of_a_service_user_has_no_password_field(client, admin, key):
    login(client, admin)
    html = client.get(f"/admin/users/{key.user.id}").get_data(as_text=True)
    assert not has_field(html, "password") and 'id="service-user-note"' in html
    assert has_field(html, "active")  # an active one may still be switched off
    person_page = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    assert has_field(person_page, "password") and 'id="service-user-note"' not in person_page


def test_a_posted_password_for_a_service_user_is_refused(client, admin, key):
    before = key.user.password_hash
    login(client, admin)
    response = post(client, f"/admin/users/{key.user.id}",
                    form_for(key.user, password=NEW_PASSWORD))
    assert response.status_code == 403
    assert "Tài khoản dịch vụ của khóa API" in response.get_data(as_text=True)
    assert reloaded(key.user).password_hash == before == keys.NO_PASSWORD
    assert try_login(client.application.test_client(), key.user.username,
                     NEW_PASSWORD).status_code == 200


def test_a_revoked_keys_service_user_cannot_be_activated_again(client, admin, key, firm):
    keys.revoke_key(key.id, actor=key.created_by)
    db.session.commit()
    login(client, admin)
    html = client.get(f"/admin/users/{key.user.id}").get_data(as_text=True)
    assert not has_field(html, "active") and not has_field(html, "password")
    response = post(client, f"/admin/users/{key.user.id}", form_for(key.user, active="y"))
    assert response.status_code == 403 and reloaded(key.user).active is False
    api = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {key.token}"})
    assert api.status_code == 401


def test_an_admin_may_still_switch_a_service_user_off(client, admin, key):
    login(client, admin)
    response = post(client, f"/admin/users/{key.user.id}", form_for(key.user, active=""))
    assert response.status_code == 302 and reloaded(key.user).active is False
    api = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {key.token}"})
    assert api.status_code == 401


def test_renaming_a_service_user_keeps_it_a_service_user(client, admin, key):
    login(client, admin)
    post(client, f"/admin/users/{key.user.id}", form_for(key.user, username="may-soi"))
    user = reloaded(key.user)
    assert user.username == "may-soi" and not permissions.can_log_in(user)
    assert user.password_hash == keys.NO_PASSWORD
