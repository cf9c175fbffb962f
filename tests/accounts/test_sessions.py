"""Server-side sessions: a new id at login, gone at logout, ended everywhere by a password
change or a deactivation, idle and absolute timeouts, and never a commit of half-done work."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import current_app, session

from caseflow.accounts import sessions
from caseflow.accounts.models import OrgKind, Role, ServerSession, User
from caseflow.db_types import utcnow
from caseflow.errors import Conflict
from caseflow.extensions import db
from config import Config, DevelopmentConfig
from tests.apps import app_with_routes
from tests.conftest import csrf_token, login, post
from tests.factories import DEFAULT_PASSWORD, make_org, make_user

NEW_PASSWORD = "mot-mat-khau-moi-du-dai"


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


@pytest.fixture
def clock(monkeypatch):
    """A clock for the session store and the timeouts that the test moves forward."""
    class Clock:
        now = utcnow()

        def advance(self, **delta) -> None:
            self.now += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(sessions, "now", lambda: clock.now)
    return clock


def cookie(client) -> str | None:
    found = client.get_cookie("session")
    return found.value if found else None


def replay(client, value: str) -> None:
    client.set_cookie("session", value)


def is_logged_in(client, page: str = "/cases/") -> bool:
    return client.get(page).status_code == 200


def stored_sessions(user: User | None = None) -> list[ServerSession]:
    db.session.expire_all()
    query = sa.select(ServerSession)
    if user is not None:
        query = query.where(ServerSession.user_id == user.id)
    return list(db.session.scalars(query))


def save_user_form(user: User, **overrides) -> dict:
    return {"username": user.username, "full_name": user.full_name, "email": "",
            "role": user.role.value, "organisation_id": str(user.organisation_id),
            "password": "", "active": "y", **overrides}


# --- where the session lives ----------------------------------------------------------------

def test_the_cookie_holds_only_a_random_id_and_the_data_stays_in_the_database(client, clerk):
    login(client, clerk)
    (row,) = stored_sessions(clerk)
    assert cookie(client) == row.session_id and len(row.session_id) >= 40
    assert row.user_id == clerk.id


def test_the_session_cookie_is_http_only_and_same_site_lax(client, clerk):
    response = login(client, clerk)
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in header and "SameSite=Lax" in header


def test_cookies_are_secure_in_production_only():
    assert Config.SESSION_COOKIE_SECURE is True and Config.SESSION_COOKIE_HTTPONLY is True
    assert DevelopmentConfig.SESSION_COOKIE_SECURE is False
    assert Config.SESSION_COOKIE_SAMESITE == "Lax"


def test_login_moves_the_session_to_a_new_id_and_deletes_the_old_one(client, clerk):
    client.get("/login")  # an anonymous session with a form token, in the cookie
    before = cookie(client)
    assert before and stored_sessions() == []
    login(client, clerk)
    assert cookie(client) != before
    assert [row.session_id for row in stored_sessions()] == [cookie(client)]


# --- anonymous visitors: a signed cookie, no row ----------------------------------------------

ANONYMOUS_PAGES = ["/login", "/catalogue/", "/verify/khong-co", "/", "/login?next=/cases/"]


def test_anonymous_pages_create_no_session_row(app, clerk):
    for _visitor in range(3):
        client = app.test_client()
        for page in ANONYMOUS_PAGES:
            assert client.get(page).status_code in (200, 302, 404), page
        assert cookie(client)  # the form token travels in the signed cookie
    assert stored_sessions() == []


def test_the_login_form_works_from_the_anonymous_cookie_and_stores_one_row(client, clerk):
    client.get("/login")
    assert stored_sessions() == []
    login(client, clerk)
    (row,) = stored_sessions()
    assert row.user_id == clerk.id and cookie(client) == row.session_id


def test_a_forged_anonymous_cookie_carries_no_form_token(client, clerk):
    client.get("/login")
    token = csrf_token(client)
    forged = cookie(client)[:-2] + ("AA" if not cookie(client).endswith("AA") else "BB")
    replay(client, forged)
    response = client.post("/login", data={"csrf_token": token, "username": clerk.username,
                                           "password": DEFAULT_PASSWORD})
    assert response.status_code == 400 and not is_logged_in(client)
    assert stored_sessions() == []


def test_an_anonymous_cookie_older_than_the_idle_lifetime_is_empty(client, clerk, monkeypatch):
    client.get("/login")
    token = csrf_token(client)
    later = time.time() + 31 * 60
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    response = client.post("/login", data={"csrf_token": token, "username": clerk.username,
                                           "password": DEFAULT_PASSWORD})
    assert response.status_code == 400 and stored_sessions() == []


def test_logout_leaves_no_row_but_still_shows_its_message(client, clerk):
    login(client, clerk)
    response = post(client, "/logout", follow_redirects=True)
    assert "Bạn đã đăng xuất." in response.get_data(as_text=True)
    assert stored_sessions() == []


# --- logout, password change, deactivation -------------------------------------------------

def test_a_replayed_session_cookie_after_logout_is_refused(client, clerk):
    login(client, clerk)
    stolen = cookie(client)
    post(client, "/logout")
    replay(client, stolen)
    response = client.get("/cases/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_logout_deletes_the_session_on_the_server(client, clerk):
    login(client, clerk)
    post(client, "/logout")
    assert stored_sessions(clerk) == []


def test_a_password_change_ends_the_session_in_the_other_browser(app, client, clerk):
    other_browser = app.test_client()
    login(other_browser, clerk)
    login(client, clerk)
    response = post(client, "/account/password", {"current_password": DEFAULT_PASSWORD,
                                                  "new_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert not is_logged_in(other_browser)
    assert is_logged_in(client)  # the browser that changed it goes on, on a new session id
    assert len(stored_sessions(clerk)) == 1


def test_a_copied_cookie_dies_with_a_password_change(app, client, clerk):
    login(client, clerk)
    stolen = cookie(client)
    post(client, "/account/password", {"current_password": DEFAULT_PASSWORD,
                                       "new_password": NEW_PASSWORD})
    thief = app.test_client()
    replay(thief, stolen)
    assert not is_logged_in(thief)


def test_a_session_holding_an_old_stamp_is_refused_even_if_its_row_survives(client, clerk):
    login(client, clerk)
    clerk.session_stamp = "a-newer-stamp"  # as a password change does, rows left in place
    db.session.commit()
    assert stored_sessions(clerk) != []
    assert not is_logged_in(client)


def test_a_session_naming_the_user_without_a_stamp_is_refused(client, clerk):
    login(client, clerk)
    with client.session_transaction() as saved:
        saved["_user_id"] = str(clerk.id)
    assert not is_logged_in(client)


def test_an_admin_password_reset_ends_the_users_sessions(app, client, clerk, admin):
    user_browser = app.test_client()
    login(user_browser, clerk)
    login(client, admin)
    post(client, f"/admin/users/{clerk.id}", save_user_form(clerk, password=NEW_PASSWORD))
    assert not is_logged_in(user_browser)
    assert is_logged_in(client, "/admin/users")


def test_an_admin_edit_without_a_new_password_keeps_the_users_sessions(app, client, clerk,
                                                                       admin):
    user_browser = app.test_client()
    login(user_browser, clerk)
    login(client, admin)
    post(client, f"/admin/users/{clerk.id}", save_user_form(clerk, full_name="Tên mới"))
    assert is_logged_in(user_browser)


def test_deactivation_ends_the_users_sessions_in_every_browser(app, client, clerk, admin):
    browsers = [app.test_client(), app.test_client()]
    for browser in browsers:
        login(browser, clerk)
    login(client, admin)
    post(client, f"/admin/users/{clerk.id}", save_user_form(clerk, active=""))
    assert [is_logged_in(b) for b in browsers] == [False, False]
    assert stored_sessions(clerk) == []


def test_deactivating_an_organisation_ends_its_members_sessions(app, client, admin):
    firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu chính Đóng cửa")
    member = make_user(role=Role.FIRM_CLERK, org=firm)
    db.session.commit()
    member_browser = app.test_client()
    login(member_browser, member)
    login(client, admin)
    post(client, f"/admin/organisations/{firm.id}", {
        "name": firm.name, "short_name": "", "kind": "postal_firm", "province_code": "",
        "address": "", "phone": "", "active": ""})
    assert not is_logged_in(member_browser)


def test_logging_out_everywhere_else_keeps_this_browser(app, client, clerk):
    other_browser = app.test_client()
    login(other_browser, clerk)
    login(client, clerk)
    post(client, "/account/sessions/end")
    assert not is_logged_in(other_browser)
    assert is_logged_in(client)


# --- timeouts -------------------------------------------------------------------------------

def test_a_session_idle_for_more_than_30_minutes_is_refused(client, clerk, clock):
    login(client, clerk)
    clock.advance(minutes=31)
    response = client.get("/cases/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert stored_sessions(clerk) == []


def test_activity_every_25_minutes_keeps_the_session_open(client, clerk, clock):
    login(client, clerk)
    for _ in range(4):
        clock.advance(minutes=25)
        assert is_logged_in(client)


def test_a_busy_session_still_ends_12_hours_after_login(client, clerk, clock):
    login(client, clerk)
    for _ in range(28):  # 11 h 40 min of steady work
        clock.advance(minutes=25)
        assert is_logged_in(client)
    clock.advance(minutes=25)
    response = client.get("/cases/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    page = client.get("/login").get_data(as_text=True)
    assert "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại." in page


def test_an_unchanged_session_is_written_at_most_once_a_minute(client, clerk, clock):
    login(client, clerk)
    client.get("/cases/")  # the first page adds the form token to the session
    (first,) = stored_sessions(clerk)
    expiry = first.expiry
    clock.advance(seconds=30)
    client.get("/cases/")
    assert stored_sessions(clerk)[0].expiry == expiry
    clock.advance(seconds=60)
    client.get("/cases/")
    assert stored_sessions(clerk)[0].expiry > expiry


def test_the_cleanup_command_deletes_expired_sessions(app, client, clerk, clock):
    login(client, clerk)
    clock.advance(hours=1)
    result = app.test_cli_runner().invoke(args=["session_cleanup"])
    assert result.exit_code == 0, result.output
    assert stored_sessions() == []


# --- the session store and the request's unit of work ---------------------------------------

def _half_done_routes(bp) -> None:
    @bp.post("/fail")
    def fail():
        user = db.session.scalar(sa.select(User).where(User.username == "nhanvien"))
        user.full_name = "Đổi dở dang"
        db.session.flush()
        session["touched"] = True  # the session is saved after the error page
        raise Conflict("xung đột")

    @bp.post("/no-commit")
    def no_commit():
        user = db.session.scalar(sa.select(User).where(User.username == "nhanvien"))
        user.full_name = "Quên commit"
        db.session.flush()
        session["touched"] = True
        return "ok"

    @bp.post("/delete-own-row")
    def delete_own_row():
        current_app.session_interface._delete_session(session.sid)  # a logout elsewhere
        session["touched"] = True
        return "ok"


@pytest.mark.parametrize("route", ["fail", "no-commit"])
def test_saving_the_session_never_commits_half_done_work(app, clerk, route):
    with app_with_routes(app, _half_done_routes) as test_app:
        client = test_app.test_client()
        login(client, clerk)
        post(client, f"/test-only/{route}")
        with client.session_transaction() as saved:
            assert saved.get("touched") is True  # the session itself was saved
    db.session.expire_all()
    assert db.session.get(User, clerk.id).full_name == clerk.full_name


def test_a_request_in_flight_cannot_bring_back_a_deleted_session(app, clerk):
    with app_with_routes(app, _half_done_routes) as test_app:
        client = test_app.test_client()
        login(client, clerk)
        stolen = cookie(client)
        post(client, "/test-only/delete-own-row")
        replay(client, stolen)
        assert not is_logged_in(client)
    assert stored_sessions(clerk) == []
