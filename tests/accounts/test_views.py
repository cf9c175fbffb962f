"""Request tests of login, logout, the own password, and the admin pages for organisations
and users."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import Organisation, OrgKind, Role, User
from caseflow.extensions import db
from tests.conftest import csrf_token, login, post
from tests.factories import DEFAULT_PASSWORD, make_org, make_user

CSRF_MESSAGE = "Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại."
NEW_PASSWORD = "mot-mat-khau-moi-du-dai"


def logged_in_as(client) -> str | None:
    """Return the id of the session's user (the session keeps "id:stamp")."""
    with client.session_transaction() as session:
        token = session.get("_user_id")
    return token.partition(":")[0] if token else None


def field_error(html: str, field: str) -> str:
    match = re.search(rf'id="{field}-error"[^>]*>(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def try_login(client, username: str, password: str, query: str = ""):
    token = csrf_token(client)
    return client.post(f"/login{query}", data={"csrf_token": token, "username": username,
                                                "password": password})


@pytest.fixture
def clerk(app):
    user = make_user(role=Role.FIRM_CLERK, username="nhanvien")
    db.session.commit()
    return user


@pytest.fixture
def admin(app):
    user = make_user(role=Role.ADMIN, username="quantri")
    db.session.commit()
    return user


# --- login and logout ---------------------------------------------------------------------

def test_login_page_is_in_vietnamese(client, app):
    html = client.get("/login").get_data(as_text=True)
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html


def test_anonymous_visitors_are_sent_to_the_login_page(client, app):
    response = client.get("/cases/?status=flagged")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/cases/?status%3Dflagged"


def test_wrong_password_shows_a_vietnamese_message_and_opens_no_session(client, clerk):
    response = try_login(client, "nhanvien", "sai-mat-khau-roi")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert logged_in_as(client) is None
    assert client.get("/cases/").status_code == 302


def test_login_verifies_a_hash_of_production_strength(client, app, monkeypatch):
    monkeypatch.undo()  # the real argon2 parameters, not the cheap ones of the other tests
    make_user(role=Role.FIRM_CLERK, username="thatsu")
    db.session.commit()
    assert try_login(client, "thatsu", DEFAULT_PASSWORD).status_code == 302


def test_unknown_username_gets_the_same_message(client, clerk):
    response = try_login(client, "khongco", DEFAULT_PASSWORD)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert logged_in_as(client) is None


def test_empty_fields_are_named(client, app):
    html = try_login(client, "", "").get_data(as_text=True)
    assert "Vui lòng nhập tên đăng nhập." in field_error(html, "username")
    assert "Vui lòng nhập mật khẩu." in field_error(html, "password")


def test_login_opens_a_session_and_records_the_time(client, clerk):
    response = try_login(client, "NhanVien ", DEFAULT_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert logged_in_as(client) == str(clerk.id)
    db.session.expire_all()
    assert db.session.get(User, clerk.id).last_login_at is not None


def test_login_follows_a_local_next(client, clerk):
    response = try_login(client, "nhanvien", DEFAULT_PASSWORD, "?next=/cases/%3Fstatus%3Dflagged")
    assert response.headers["Location"] == "/cases/?status=flagged"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/",
                                    "javascript:alert(1)", "cases/"])
def test_login_ignores_a_next_that_is_not_a_local_path(client, clerk, target):
    response = try_login(client, "nhanvien", DEFAULT_PASSWORD, f"?next={target}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_never_redirects_off_site_through_a_backslash(client, clerk):
    location = try_login(client, "nhanvien", DEFAULT_PASSWORD,
                         "?next=/\\evil.example").headers["Location"]
    assert urlsplit(location).netloc == "" and "\\" not in location
    assert not location.startswith("//")


def test_a_logged_in_user_is_sent_away_from_the_login_page(client, clerk):
    login(client, clerk)
    response = client.get("/login")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_logout_is_post_only(client, clerk):
    login(client, clerk)
    assert client.get("/logout").status_code == 405
    assert logged_in_as(client) == str(clerk.id)


def test_logout_ends_the_session(client, clerk):
    login(client, clerk)
    response = post(client, "/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert logged_in_as(client) is None
    assert client.get("/cases/").status_code == 302


def test_a_post_without_csrf_token_is_refused_with_a_vietnamese_message(client, clerk):
    login(client, clerk)
    response = client.post("/logout")
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    assert logged_in_as(client) == str(clerk.id)


def test_a_login_without_csrf_token_is_refused(client, clerk):
    response = client.post("/login", data={"username": "nhanvien", "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    assert logged_in_as(client) is None


def test_an_inactive_user_cannot_log_in(client, app):
    make_user(role=Role.FIRM_CLERK, username="danghi", active=False)
    db.session.commit()
    response = try_login(client, "danghi", DEFAULT_PASSWORD)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert logged_in_as(client) is None


def test_a_user_of_an_inactive_organisation_cannot_log_in(client, app):
    org = make_org(kind=OrgKind.POSTAL_FIRM, active=False)
    make_user(role=Role.FIRM_CLERK, org=org, username="dongcua")
    db.session.commit()
    try_login(client, "dongcua", DEFAULT_PASSWORD)
    assert logged_in_as(client) is None


# --- the own password ---------------------------------------------------------------------

def test_password_change_needs_the_current_password(client, clerk):
    login(client, clerk)
    response = post(client, "/account/password", {"current_password": "khong-phai-mat-khau",
                                                  "new_password": NEW_PASSWORD})
    html = response.get_data(as_text=True)
    assert "Mật khẩu hiện tại không đúng." in field_error(html, "current_password")
    assert try_login(client.application.test_client(), "nhanvien",
                     DEFAULT_PASSWORD).status_code == 302


def test_a_short_new_password_is_refused(client, clerk):
    login(client, clerk)
    response = post(client, "/account/password", {"current_password": DEFAULT_PASSWORD,
                                                  "new_password": "ngan-qua"})
    assert "Mật khẩu phải dài từ 12 đến 128 ký tự." in field_error(
        response.get_data(as_text=True), "new_password")


def test_password_change_replaces_the_password(client, clerk):
    login(client, clerk)
    response = post(client, "/account/password", {"current_password": DEFAULT_PASSWORD,
                                                  "new_password": NEW_PASSWORD})
    assert response.status_code == 302
    fresh = client.application.test_client()
    assert try_login(fresh, "nhanvien", DEFAULT_PASSWORD).status_code == 200
    assert try_login(fresh, "nhanvien", NEW_PASSWORD).status_code == 302


# --- admin: organisations -----------------------------------------------------------------

def organisation_form(**overrides) -> dict:
    return {"name": "Công an tỉnh Lào Cai", "short_name": "CA Lào Cai", "kind": "police",
            "province_code": "10", "address": "Lào Cai", "phone": "0214 3820 000",
            "active": "y", **overrides}


def organisation_named(name: str) -> Organisation | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(Organisation).where(Organisation.name == name))


def test_admin_lists_organisations(client, admin):
    make_org(kind=OrgKind.CUSTOMS, province_code="79", name="Chi cục Hải quan Tân Sơn Nhất")
    db.session.commit()
    login(client, admin)
    html = client.get("/admin/organisations").get_data(as_text=True)
    assert "Chi cục Hải quan Tân Sơn Nhất" in html and "Hải quan" in html


def test_admin_creates_an_organisation(client, admin):
    login(client, admin)
    assert client.get("/admin/organisations/new").status_code == 200
    response = post(client, "/admin/organisations/new", organisation_form())
    assert response.status_code == 302
    org = organisation_named("Công an tỉnh Lào Cai")
    assert org.kind is OrgKind.POLICE and org.province_code == "10" and org.active


def test_a_provincial_organisation_needs_a_province(client, admin):
    login(client, admin)
    response = post(client, "/admin/organisations/new", organisation_form(province_code=""))
    assert "Đơn vị cấp tỉnh phải chọn tỉnh, thành phố." in field_error(
        response.get_data(as_text=True), "province_code")
    assert organisation_named("Công an tỉnh Lào Cai") is None


def test_a_postal_firm_needs_no_province(client, admin):
    login(client, admin)
    post(client, "/admin/organisations/new",
         organisation_form(name="Tổng công ty Bưu điện", kind="postal_firm", province_code=""))
    assert organisation_named("Tổng công ty Bưu điện").province_code is None


def test_a_duplicate_organisation_name_is_refused(client, admin):
    make_org(kind=OrgKind.POLICE, province_code="10", name="Công an tỉnh Lào Cai")
    db.session.commit()
    login(client, admin)
    response = post(client, "/admin/organisations/new", organisation_form())
    assert "Tên đơn vị đã tồn tại." in field_error(response.get_data(as_text=True), "name")
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id)).where(
        Organisation.name == "Công an tỉnh Lào Cai")) == 1


def test_admin_edits_an_organisation(client, admin):
    org = make_org(kind=OrgKind.POLICE, province_code="10", name="Công an tỉnh Lào Cai")
    db.session.commit()
    login(client, admin)
    page = client.get(f"/admin/organisations/{org.id}").get_data(as_text=True)
    assert 'value="Công an tỉnh Lào Cai"' in page
    post(client, f"/admin/organisations/{org.id}",
         organisation_form(phone="0214 1111 111", active=""))
    edited = organisation_named("Công an tỉnh Lào Cai")
    assert edited.id == org.id and edited.phone == "0214 1111 111" and not edited.active


# --- admin: users -------------------------------------------------------------------------

def user_form(org: Organisation, **overrides) -> dict:
    return {"username": "can.bo.moi", "full_name": "Lê Thị Cán Bộ", "email": "canbo@example.vn",
            "role": "agency_officer", "organisation_id": str(org.id),
            "password": "mat-khau-du-muoi-hai", "active": "y", **overrides}


def user_named(username: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.username == username))


@pytest.fixture
def police(app):
    org = make_org(kind=OrgKind.POLICE, province_code="01", name="Công an Hà Nội")
    db.session.commit()
    return org


def test_admin_lists_users(client, admin, clerk):
    login(client, admin)
    html = client.get("/admin/users").get_data(as_text=True)
    assert "nhanvien" in html and "quantri" in html and "Nhân viên bưu cục" in html


def test_admin_creates_a_user_who_can_then_log_in(client, admin, police):
    login(client, admin)
    assert client.get("/admin/users/new").status_code == 200
    response = post(client, "/admin/users/new", user_form(police))
    assert response.status_code == 302
    user = user_named("can.bo.moi")
    assert user.role is Role.AGENCY_OFFICER and user.organisation_id == police.id
    fresh = client.application.test_client()
    assert try_login(fresh, "can.bo.moi", "mat-khau-du-muoi-hai").status_code == 302


def test_a_role_that_does_not_fit_the_organisation_is_refused(client, admin, police):
    login(client, admin)
    response = post(client, "/admin/users/new", user_form(police, role="firm_clerk"))
    assert "Vai trò “Nhân viên bưu cục” không phù hợp với Công an." in field_error(
        response.get_data(as_text=True), "role")
    assert user_named("can.bo.moi") is None


def test_an_invalid_email_is_refused(client, admin, police):
    login(client, admin)
    response = post(client, "/admin/users/new", user_form(police, email="canbo@"))
    assert "Địa chỉ thư điện tử không hợp lệ." in field_error(response.get_data(as_text=True),
                                                              "email")
    assert user_named("can.bo.moi") is None


def test_a_duplicate_username_is_refused(client, admin, police, clerk):
    login(client, admin)
    response = post(client, "/admin/users/new", user_form(police, username="nhanvien"))
    assert "Tên đăng nhập đã tồn tại." in field_error(response.get_data(as_text=True), "username")
    assert user_named("nhanvien").organisation_id == clerk.organisation_id


def test_a_password_shorter_than_12_is_refused(client, admin, police):
    login(client, admin)
    response = post(client, "/admin/users/new", user_form(police, password="ngan-qua-1"))
    assert "Mật khẩu phải dài từ 12 đến 128 ký tự." in field_error(
        response.get_data(as_text=True), "password")
    assert user_named("can.bo.moi") is None


def test_a_new_user_needs_a_password(client, admin, police):
    login(client, admin)
    response = post(client, "/admin/users/new", user_form(police, password=""))
    assert "Vui lòng đặt mật khẩu." in field_error(response.get_data(as_text=True), "password")
    assert user_named("can.bo.moi") is None


def test_a_deactivated_user_can_no_longer_log_in(client, admin, clerk):
    user_client = client.application.test_client()
    login(user_client, clerk)
    login(client, admin)
    page = client.get(f"/admin/users/{clerk.id}").get_data(as_text=True)
    assert 'value="nhanvien"' in page
    response = post(client, f"/admin/users/{clerk.id}", user_form(
        clerk.organisation, username="nhanvien", role="firm_clerk", password="", active=""))
    assert response.status_code == 302
    assert user_named("nhanvien").active is False
    assert try_login(client.application.test_client(), "nhanvien",
                     DEFAULT_PASSWORD).status_code == 200
    assert user_client.get("/cases/").status_code == 302  # the open session ends too


def test_editing_a_user_without_a_password_keeps_the_old_one(client, admin, clerk):
    login(client, admin)
    post(client, f"/admin/users/{clerk.id}", user_form(
        clerk.organisation, username="nhanvien", role="firm_security", password=""))
    assert user_named("nhanvien").role is Role.FIRM_SECURITY
    assert try_login(client.application.test_client(), "nhanvien",
                     DEFAULT_PASSWORD).status_code == 302


@pytest.mark.parametrize("url", ["/admin/users", "/admin/users/new", "/admin/organisations",
                                 "/admin/organisations/new"])
def test_admin_pages_are_hidden_from_everyone_else(client, clerk, url):
    login(client, clerk)
    assert client.get(url).status_code == 404


def test_an_unknown_user_or_organisation_is_not_found(client, admin):
    login(client, admin)
    assert client.get("/admin/users/999999").status_code == 404
    assert client.get("/admin/organisations/999999").status_code == 404


def test_admin_records_the_duty_contact_and_the_position_printed_on_documents(client, admin):
    login(client, admin)
    post(client, "/admin/organisations/new",
         organisation_form(duty_contact="Trực ban: 0214 3820 111"))
    org = organisation_named("Công an tỉnh Lào Cai")
    assert org.duty_contact == "Trực ban: 0214 3820 111"
    post(client, "/admin/users/new", user_form(org, job_title="Đội trưởng"))
    db.session.expire_all()
    user = db.session.scalar(sa.select(User).where(User.username == "can.bo.moi"))
    assert user.job_title == "Đội trưởng"
