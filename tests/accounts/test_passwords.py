"""The password rule: 12–128 characters, not on the shipped common-password lists, wherever a
password is set (admin forms, the own password, the create-user command)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from caseflow.accounts import passwords
from caseflow.accounts.models import OrgKind, Role, User
from caseflow.accounts.services import change_password, save_user
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from tests.conftest import login, post
from tests.factories import DEFAULT_PASSWORD, make_org, make_user

TOO_COMMON = "Mật khẩu này quá phổ biến, rất dễ bị đoán. Vui lòng chọn mật khẩu khác."
LENGTH = "Mật khẩu phải dài từ 12 đến 128 ký tự."
GOOD = "ngua-van-chay-qua-cau-2026"


@pytest.fixture
def admin(app):
    user = make_user(role=Role.ADMIN, username="quantri")
    db.session.commit()
    return user


def user_form(org_id: int, password: str) -> dict:
    return {"username": "can.bo.moi", "full_name": "Lê Thị Cán Bộ", "email": "",
            "role": "agency_officer", "organisation_id": str(org_id), "password": password,
            "active": "y"}


def user_named(username: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.username == username))


# --- the rule -------------------------------------------------------------------------------

@pytest.mark.parametrize(("password", "problem"), [
    ("a" * 11,                 LENGTH),
    ("b" * 129,                LENGTH),
    ("ngắn-quá",               LENGTH),
    ("qwerty123456",           TOO_COMMON),   # Django's list
    ("1Qaz2Wsx3Edc",           TOO_COMMON),   # any case
    ("password1234",           TOO_COMMON),
    ("matkhau123456",          TOO_COMMON),   # the Vietnamese list
    ("AnhYeuEm123456",         TOO_COMMON),
    ("x" * 12,                 None),
    ("y" * 128,                None),
    ("Mật-khẩu-có-dấu-đủ-dài", None),         # characters, not bytes
    (GOOD,                     None),
])  # fmt: skip
def test_the_password_rule(password, problem):
    assert passwords.password_problem(password) == problem


def test_a_common_password_with_extra_characters_is_acceptable():
    assert passwords.password_problem("qwerty123456-con-meo-den") is None


def test_the_lists_are_loaded_once_and_hold_both_sources():
    loaded = passwords.common_passwords()
    assert passwords.common_passwords() is loaded
    assert len(loaded) > 19_000
    assert {"qwerty123456", "matkhau123456", "caseflow2026"} <= loaded


# --- wherever a password is set -------------------------------------------------------------

def test_an_admin_cannot_give_a_new_user_a_common_password(client, admin):
    police = make_org(kind=OrgKind.POLICE, province_code="01")
    db.session.commit()
    login(client, admin)
    response = post(client, "/admin/users/new", user_form(police.id, "Qwerty123456"))
    assert TOO_COMMON in response.get_data(as_text=True)
    assert user_named("can.bo.moi") is None


def test_an_admin_cannot_reset_a_password_to_a_common_one(client, admin):
    clerk = make_user(role=Role.FIRM_CLERK, username="nhanvien")
    db.session.commit()
    login(client, admin)
    form = {**user_form(clerk.organisation_id, "matkhau123456"), "username": "nhanvien",
            "role": "firm_clerk"}
    response = post(client, f"/admin/users/{clerk.id}", form)
    assert TOO_COMMON in response.get_data(as_text=True)
    login(client.application.test_client(), clerk)  # the old password still works


def test_a_user_cannot_change_to_a_common_password(client, app):
    clerk = make_user(role=Role.FIRM_CLERK)
    db.session.commit()
    login(client, clerk)
    response = post(client, "/account/password", {"current_password": DEFAULT_PASSWORD,
                                                  "new_password": "1q2w3e4r5t6y"})
    assert TOO_COMMON in response.get_data(as_text=True)
    login(app.test_client(), clerk)


def test_a_user_may_change_to_a_good_password(client, app):
    clerk = make_user(role=Role.FIRM_CLERK)
    db.session.commit()
    login(client, clerk)
    response = post(client, "/account/password", {"current_password": DEFAULT_PASSWORD,
                                                  "new_password": GOOD})
    assert response.status_code == 302
    login(app.test_client(), clerk, GOOD)


def test_the_services_refuse_a_bad_password_without_any_form(app, admin):
    police = make_org(kind=OrgKind.POLICE, province_code="01")
    data = {"username": "can.bo.moi", "full_name": "Cán Bộ", "email": "",
            "role": "agency_officer", "organisation_id": police.id, "active": True}
    with pytest.raises(ValidationFailed) as refused:
        save_user(None, actor=admin, data={**data, "password": "qwertyqwerty"})
    assert refused.value.field_errors == {"password": [TOO_COMMON]}
    with pytest.raises(ValidationFailed) as refused:
        change_password(admin, DEFAULT_PASSWORD, "short")
    assert refused.value.field_errors == {"new_password": [LENGTH]}


def test_the_create_user_command_refuses_a_common_password(app):
    ministry = make_org(kind=OrgKind.MINISTRY)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--username", "quantri.dau", "--full-name", "Quản trị",
        "--role", "admin", "--organisation-id", str(ministry.id),
        "--password", "password1234"])
    assert result.exit_code != 0
    assert user_named("quantri.dau") is None
