"""Login throttling: a per-account backoff and a per-address limit that spares the people who
log in from that address; never global; a Vietnamese 429 with the time to wait."""

from __future__ import annotations

import time

import pytest

from caseflow.accounts.models import Role
from caseflow.extensions import db, limiter
from config import TestingConfig
from tests.conftest import csrf_token, login
from tests.factories import (
    DEFAULT_PASSWORD,
    enrol_two_factor,
    make_user,
    totp_code,
)

THROTTLED = "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng đợi vài phút rồi thử lại."


@pytest.fixture(autouse=True)
def throttling_on(app, monkeypatch):
    """Switch throttling on for these tests only, with empty counters before and after."""
    monkeypatch.setitem(app.config, "LOGIN_THROTTLING", True)
    limiter.reset()
    yield
    limiter.reset()


@pytest.fixture
def clerk(app):
    user = make_user(role=Role.FIRM_CLERK, username="nhanvien")
    db.session.commit()
    return user


@pytest.fixture
def other(app):
    user = make_user(role=Role.FIRM_CLERK, username="nguoikhac")
    db.session.commit()
    return user


def browser(app, address: str = "203.0.113.10"):
    """A test client whose requests come from this address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def try_login(client, username: str, password: str):
    return client.post("/login", data={"csrf_token": csrf_token(client), "username": username,
                                       "password": password})


def fail_logins(client, username: str, times: int) -> list[int]:
    return [try_login(client, username, "sai-mat-khau-roi-nhe").status_code
            for _ in range(times)]


def test_the_sixth_wrong_password_in_a_minute_is_refused_with_a_vietnamese_429(app, clerk):
    client = browser(app)
    assert fail_logins(client, "nhanvien", 5) == [200] * 5
    response = try_login(client, "nhanvien", "sai-mat-khau-roi-nhe")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Tài khoản nhanvien tạm bị khóa vì nhập sai mật khẩu nhiều lần." in page
    assert "Vui lòng thử lại sau 30 giây." in page or "Vui lòng thử lại sau 29 giây." in page
    assert 29 <= int(response.headers["Retry-After"]) <= 30


def test_a_throttled_account_is_refused_even_with_the_right_password(app, clerk):
    client = browser(app)
    fail_logins(client, "nhanvien", 5)
    assert try_login(client, "nhanvien", DEFAULT_PASSWORD).status_code == 429


def test_other_accounts_are_unaffected_by_a_throttled_account(app, clerk, other):
    client = browser(app)
    fail_logins(client, "nhanvien", 5)
    assert try_login(client, "nguoikhac", DEFAULT_PASSWORD).status_code == 302


def test_the_account_limit_holds_when_the_attacker_changes_address(app, clerk):
    for n in range(5):
        fail_logins(browser(app, f"198.51.100.{n}"), "nhanvien", 1)
    assert try_login(browser(app, "198.51.100.99"), "nhanvien",
                     DEFAULT_PASSWORD).status_code == 429


def test_the_username_is_counted_however_it_is_spelled(app, clerk):
    client = browser(app)
    for spelling in ("nhanvien", "NhanVien", " nhanvien", "NHANVIEN ", "nhanVien"):
        fail_logins(client, spelling, 1)
    assert try_login(client, "nhanvien", DEFAULT_PASSWORD).status_code == 429


def test_unknown_usernames_are_throttled_like_real_ones(app):
    client = browser(app)
    fail_logins(client, "khongtontai", 5)
    assert fail_logins(client, "khongtontai", 1) == [429]


def test_one_address_guessing_many_accounts_is_stopped_after_30_failures(app, clerk):
    attacker = browser(app, "192.0.2.66")
    statuses = [fail_logins(attacker, f"doan{n}", 1)[0] for n in range(30)]
    assert statuses == [200] * 30
    assert try_login(attacker, "nhanvien", DEFAULT_PASSWORD).status_code == 429
    assert try_login(browser(app, "192.0.2.67"), "nhanvien", DEFAULT_PASSWORD).status_code == 302


def test_successful_logins_do_not_count(app, clerk):
    for _ in range(8):
        client = browser(app)
        assert try_login(client, "nhanvien", DEFAULT_PASSWORD).status_code == 302


def test_showing_the_login_page_is_never_throttled(app, clerk):
    client = browser(app)
    fail_logins(client, "nhanvien", 5)
    assert client.get("/login").status_code == 200


def test_the_backoff_comes_from_the_configuration(app, clerk, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_BACKOFF_AFTER", 2)
    client = browser(app)
    assert fail_logins(client, "nhanvien", 3) == [200, 200, 429]


@pytest.fixture
def one_second_backoff(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_BACKOFF_SECONDS", 1)


def test_a_logs_in_with_the_right_password_after_the_backoff_expires(app, clerk,
                                                                     one_second_backoff):
    client = browser(app)
    fail_logins(client, "nhanvien", 5)
    assert try_login(client, "nhanvien", DEFAULT_PASSWORD).status_code == 429
    time.sleep(1.1)
    assert try_login(client, "nhanvien", DEFAULT_PASSWORD).status_code == 302
    # the right password cleared the count: the next mistake does not lock again
    assert fail_logins(browser(app), "nhanvien", 1) == [200]


def test_each_failure_after_a_lock_doubles_it_up_to_the_cap(app, clerk, one_second_backoff,
                                                             monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_BACKOFF_MAX_SECONDS", 2)
    client = browser(app)
    fail_logins(client, "nhanvien", 5)
    waits = []
    for _ in range(2):
        waits.append(int(try_login(client, "nhanvien", "sai").headers["Retry-After"]))
        time.sleep(waits[-1] + 0.1)
        fail_logins(client, "nhanvien", 1)  # the lock ran out: one more mistake
    waits.append(int(try_login(client, "nhanvien", "sai").headers["Retry-After"]))
    assert waits == [1, 2, 2]


def test_user_b_on_the_same_address_still_logs_in_while_a_is_locked(app, clerk, other):
    post_office = "203.0.113.50"
    fail_logins(browser(app, post_office), "nhanvien", 6)
    assert try_login(browser(app, post_office), "nhanvien",
                     DEFAULT_PASSWORD).status_code == 429
    assert try_login(browser(app, post_office), "nguoikhac", DEFAULT_PASSWORD).status_code == 302


def test_a_guesser_behind_the_nat_does_not_lock_out_those_who_log_in_there(app, clerk, other):
    post_office = "203.0.113.60"
    assert try_login(browser(app, post_office), "nguoikhac", DEFAULT_PASSWORD).status_code == 302
    guesser = browser(app, post_office)
    for n in range(30):
        fail_logins(guesser, f"doan{n}", 1)
    refused = try_login(guesser, "doan99", "sai")
    assert refused.status_code == 429 and "Thử lại sau" in refused.get_data(as_text=True)
    assert int(refused.headers["Retry-After"]) > 0
    # a colleague who has logged in here before is not affected by the address's limit …
    assert try_login(browser(app, post_office), "nguoikhac", DEFAULT_PASSWORD).status_code == 302
    # … while one who never has waits like the guesser (or logs in from elsewhere)
    assert try_login(browser(app, post_office), "nhanvien", DEFAULT_PASSWORD).status_code == 429
    assert try_login(browser(app, "198.51.100.7"), "nhanvien",
                     DEFAULT_PASSWORD).status_code == 302


def test_wrong_authenticator_codes_are_throttled_per_user(app, clerk):
    secret = enrol_two_factor(clerk)
    db.session.commit()
    client = browser(app)
    try_login(client, "nhanvien", DEFAULT_PASSWORD)
    wrong = next(c for c in ("000000", "111111", "222222", "333333")
                 if c not in {totp_code(secret, offset=n) for n in (-1, 0, 1)})
    statuses = [client.post("/login/code", data={"csrf_token": csrf_token(client),
                                                 "code": wrong}).status_code
                for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_throttling_is_off_in_the_test_configuration(app, clerk, monkeypatch):
    assert TestingConfig.LOGIN_THROTTLING is False
    monkeypatch.setitem(app.config, "LOGIN_THROTTLING", False)
    client = browser(app)
    assert 429 not in fail_logins(client, "nhanvien", 8)
    login(client, clerk)
