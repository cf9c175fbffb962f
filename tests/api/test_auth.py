"""API keys: shown once, stored hashed, revocable; no key, a bad key or a cookie gets 401."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.api.models import ApiKey
from caseflow.extensions import db, limiter
from tests.api.conftest import bearer, flag_json, new_key
from tests.conftest import csrf_token, login
from tests.factories import make_case, make_org, make_user


def test_without_a_key_the_api_answers_401_as_a_problem(client, firm_api):
    response = client.get("/api/v1/cases?changed_since=2026-01-01T00:00:00Z")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["status"] == 401


def test_a_logged_in_browser_session_is_not_accepted(client, firm_api):
    login(client, firm_api.security)
    assert client.get("/cases/").status_code == 200  # the session works on the site
    response = client.post("/api/v1/flags", json=flag_json())
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("token", ["cfk_not-a-real-key", "garbage", "cfk_" + "x" * 200])
def test_an_unknown_key_is_401(client, firm_api, token):
    assert client.get("/api/v1/referrals", headers=bearer(token)).status_code == 401


def test_a_revoked_key_stops_at_once(client, firm_api):
    assert client.get("/api/v1/referrals", headers=firm_api.headers).status_code == 200
    login(client, firm_api.security)
    key = db.session.scalar(sa.select(ApiKey))
    response = client.post(f"/api-keys/{key.id}/revoke", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert client.get("/api/v1/referrals", headers=firm_api.headers).status_code == 401


def test_the_key_is_stored_hashed_and_its_use_is_recorded(client, firm_api):
    key = db.session.scalar(sa.select(ApiKey))
    assert key.token_hash == hashlib.sha256(firm_api.token.encode()).hexdigest()
    assert firm_api.token not in (key.prefix + key.token_hash)
    assert key.last_used_at is None
    client.get("/api/v1/referrals", headers=firm_api.headers)
    db.session.expire_all()
    assert db.session.get(ApiKey, key.id).last_used_at is not None


def test_another_organisations_key_gets_404_for_a_case(client, firm_api):
    clerk = make_user(role=Role.FIRM_CLERK, org=firm_api.firm)
    case = make_case(firm_user=clerk)
    other = make_user(role=Role.FIRM_SECURITY,
                      org=make_org(kind=OrgKind.POSTAL_FIRM, province_code="01"))
    db.session.commit()
    mine, theirs = firm_api.headers, bearer(new_key(other))
    assert client.get(f"/api/v1/cases/{case.reference}", headers=mine).status_code == 200
    response = client.get(f"/api/v1/cases/{case.reference}", headers=theirs)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_the_key_page_shows_a_new_token_once(client, firm_api):
    login(client, firm_api.security)
    page = client.post("/api-keys/", data={"csrf_token": csrf_token(client),
                                           "name": "Máy soi số 2"}).get_data(as_text=True)
    assert 'data-testid="new-token">cfk_' in page
    again = client.get("/api-keys/").get_data(as_text=True)
    assert "data-testid=\"new-token\"" not in again and "Máy soi số 2" in again


@pytest.mark.parametrize(("role", "kind", "allowed"), [
    (Role.FIRM_SECURITY, OrgKind.POSTAL_FIRM, True),
    (Role.FIRM_CLERK, OrgKind.POSTAL_FIRM, False),
    (Role.ADMIN, OrgKind.POSTAL_FIRM, True),
    (Role.ADMIN, OrgKind.POLICE, True),
    (Role.AGENCY_OFFICER, OrgKind.POLICE, False),
    (Role.ADMIN, OrgKind.MINISTRY, False),
    (Role.NATIONAL_SUPERVISOR, OrgKind.MINISTRY, False),
], ids=str)
def test_who_manages_keys(client, app, role, kind, allowed):
    user = make_user(role=role, org=make_org(kind=kind, province_code="01"))
    db.session.commit()
    login(client, user)
    assert client.get("/api-keys/").status_code == (200 if allowed else 404)


def test_each_key_acts_as_a_service_user_named_after_it(client, firm_api):
    key = db.session.scalar(sa.select(ApiKey))
    assert key.user.role is Role.FIRM_CLERK and key.user.organisation_id == firm_api.firm.id
    assert key.user.full_name.startswith("API · ")
    response = client.post("/login", data={"csrf_token": csrf_token(client),
                                           "username": key.user.username, "password": ""})
    assert response.status_code != 302  # a service user cannot log in


def test_the_api_is_rate_limited_per_key(app, client, firm_api, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "2/minute")
    other = bearer(new_key(firm_api.security, "Khóa thứ hai"))
    codes = [client.get("/api/v1/referrals", headers=firm_api.headers).status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/v1/referrals", headers=other).status_code == 200
    limited = client.get("/api/v1/referrals", headers=firm_api.headers)
    assert limited.mimetype == "application/problem+json" and "Retry-After" in limited.headers


# --- wrong keys are throttled per address ----------------------------------------------------

@pytest.fixture
def bad_key_throttling(app, monkeypatch):
    """Switch authentication throttling on, 3 wrong keys a minute, with empty counters."""
    monkeypatch.setitem(app.config, "LOGIN_THROTTLING", True)
    monkeypatch.setitem(app.config, "API_BAD_KEY_LIMIT", "3/minute")
    limiter.reset()
    yield
    limiter.reset()


def from_address(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def guess(client, n: int) -> list[int]:
    return [client.get("/api/v1/referrals", headers=bearer(f"cfk_doan-{i}")).status_code
            for i in range(n)]


def test_wrong_keys_past_the_limit_get_a_429_problem_with_retry_after(app, firm_api,
                                                                      bad_key_throttling):
    client = from_address(app, "203.0.113.20")
    assert guess(client, 4) == [401, 401, 401, 429]
    response = client.get("/api/v1/referrals", headers=bearer("cfk_doan-tiep"))
    assert response.status_code == 429 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["type"].endswith("/rate-limited") and "khóa API sai" in body["detail"]
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_a_throttled_address_cannot_find_out_that_a_key_is_right(app, firm_api,
                                                                 bad_key_throttling):
    client = from_address(app, "203.0.113.21")
    guess(client, 3)
    assert client.get("/api/v1/referrals", headers=firm_api.headers).status_code == 429


def test_a_key_already_used_from_the_address_keeps_working_behind_the_same_nat(
        app, firm_api, bad_key_throttling):
    nat = "203.0.113.22"
    assert from_address(app, nat).get("/api/v1/referrals",
                                      headers=firm_api.headers).status_code == 200
    guess(from_address(app, nat), 4)
    assert from_address(app, nat).get("/api/v1/referrals",
                                      headers=firm_api.headers).status_code == 200
    assert guess(from_address(app, "198.51.100.22"), 1) == [401]  # other addresses unaffected
