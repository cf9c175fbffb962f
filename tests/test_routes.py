"""Every route of the app, walked from app.url_map: login by default, admin and case areas apart."""

from __future__ import annotations

import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from caseflow.accounts.auth import PUBLIC_ENDPOINTS
from caseflow.accounts.models import OrgKind, Role
from caseflow.extensions import db
from caseflow.workflow.states import CaseStatus
from tests.conftest import csrf_token, login
from tests.factories import make_case, make_officer, make_org, make_user

EXPECTED_PUBLIC = {
    "static", "accounts.login", "main.healthz", "main.set_language",
    # issue 4: the second login step, for a user who has just passed the password step only
    "accounts.login_code", "accounts.login_enrol",
    "verify.document",  # DESIGN.md "Documents": the QR code on paper leads to this page
    # Issue 6: the banned-items list firms must post, and its poster (Postal Law Art. 29(7)).
    "public_catalogue.index", "public_catalogue.poster_pdf",
    # Issue 11: Prometheus has no session; the view answers only allowed networks or a token.
    "metrics",
}
ARGUMENT_RE = re.compile(r"<(?:[^<>:]+:)?([^<>]+)>")
ADMIN_PREFIX, CASE_PREFIXES = "/admin", ("/cases", "/referrals", "/documents")


@pytest.fixture
def things(app):
    """Real objects for the URL arguments, so that a 404 never just means 'no such row'."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
    clerk = make_user(role=Role.FIRM_CLERK, org=firm)
    officer = make_officer(kind=OrgKind.POLICE, province_code="01")
    case = make_case(firm_user=clerk, officer=officer, status=CaseStatus.REFERRED)
    db.session.commit()
    return SimpleNamespace(
        firm=firm, clerk=clerk, officer=officer, case=case,
        values={"case_id": case.id, "referral_id": case.referrals[0].id, "org_id": firm.id,
                "user_id": clerk.id, "code": "C1", "name": "withdraw",
                "filename": "css/app.css"})


def url_of(rule, values: dict) -> str:
    """Fill a rule's arguments with real values ('1' for any argument not known here)."""
    def fill(match: re.Match) -> str:
        if rule.endpoint == "main.set_language":
            return "en"
        return str(values.get(match.group(1), "1"))
    return ARGUMENT_RE.sub(fill, rule.rule)


def requests_to(app, values: dict, prefixes: tuple[str, ...] = ("/",)):
    """Yield (method, url) for every route under the prefixes and every method it takes."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(prefixes):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method, url_of(rule, values)


def send(client, method: str, url: str, token: str | None) -> tuple[int, str]:
    """Send a request (with the form token if given); return the status and redirect path."""
    data = {"csrf_token": token} if token and method != "GET" else None
    with client.open(url, method=method, data=data) as response:
        return response.status_code, urlsplit(response.headers.get("Location", "")).path


def test_the_allow_list_is_exactly_the_expected_public_endpoints():
    assert set(PUBLIC_ENDPOINTS) == EXPECTED_PUBLIC


#: The JSON API's endpoints (caseflow/api): a Bearer key, never the session (issue 5).
API_PREFIX = "api."
EXPECTED_PUBLIC_API = {"api.openapi", "api.docs"}  # the OpenAPI document and its page


def test_every_api_route_needs_a_key_even_with_a_logged_in_session(app, client, things):
    login(client, things.clerk)
    wrong = []
    for rule, method, url in requests_to(app, things.values, ("/api/",)):
        status, _location = send(client, method, url, None)
        expected = 200 if rule.endpoint in EXPECTED_PUBLIC_API else 401
        if status != expected:
            wrong.append((method, url, status))
    assert wrong == []


def test_every_route_requires_login_unless_public(app, client, things):
    token = csrf_token(client)  # an anonymous session's valid form token
    wrong = []
    for rule, method, url in requests_to(app, things.values):
        if rule.endpoint in EXPECTED_PUBLIC or rule.endpoint.startswith(API_PREFIX):
            continue  # the JSON API authenticates by token: test_every_api_route_needs_a_key
        status, location = send(client, method, url, token)
        if (status, location) != (302, "/login"):
            wrong.append((method, url, status, location))
        if method != "GET":  # without a form token: refused as well, one way or another
            status, _ = send(client, method, url, None)
            if 200 <= status < 300:
                wrong.append((method, url, status, "without token"))
    assert wrong == []


@pytest.mark.parametrize(("method", "url", "status"), [
    ("GET",  "/login",              200),
    ("GET",  "/healthz",            200),
    ("GET",  "/static/css/app.css", 200),
    ("POST", "/language/en",        302),    # back where the visitor came from
])  # fmt: skip
def test_public_endpoints_answer_anonymous_visitors(client, method, url, status):
    answer, location = send(client, method, url, csrf_token(client))
    assert answer == status
    assert location != "/login"


@pytest.mark.parametrize("role", [Role.FIRM_CLERK, Role.FIRM_SECURITY, Role.AGENCY_OFFICER,
                                  Role.PROVINCIAL_SUPERVISOR, Role.NATIONAL_SUPERVISOR], ids=str)
def test_admin_endpoints_are_404_for_everyone_but_admins(app, client, things, role):
    user = {Role.FIRM_CLERK: things.clerk, Role.AGENCY_OFFICER: things.officer}.get(role) \
        or make_user(role=role, org=things.firm if role is Role.FIRM_SECURITY else None)
    db.session.commit()
    login(client, user)
    token = csrf_token(client)
    answers = {(method, url): send(client, method, url, token)[0]
               for _, method, url in requests_to(app, things.values, (ADMIN_PREFIX,))}
    assert answers
    assert {key: status for key, status in answers.items() if status != 404} == {}


def test_admin_endpoints_answer_admins(app, client, things):
    admin = make_user(role=Role.ADMIN)
    db.session.commit()
    login(client, admin)
    answers = {url: client.get(url).status_code
               for _, method, url in requests_to(app, things.values, (ADMIN_PREFIX,))
               if method == "GET"}
    assert answers
    assert {url: status for url, status in answers.items() if status != 200} == {}


@pytest.mark.parametrize("org", ["owning firm", "ministry"])
def test_case_endpoints_are_404_for_admins(app, client, things, org):
    admin = make_user(role=Role.ADMIN, org=things.firm if org == "owning firm" else None)
    db.session.commit()
    login(client, admin)
    token = csrf_token(client)
    answers = {(method, url): send(client, method, url, token)[0]
               for _, method, url in requests_to(app, things.values, CASE_PREFIXES)}
    assert answers
    assert {key: status for key, status in answers.items() if status != 404} == {}


def test_case_page_answers_a_national_supervisor(client, things):
    """The counterpart of the admins' 404: the same page exists for a case role."""
    national = make_user(role=Role.NATIONAL_SUPERVISOR)
    db.session.commit()
    login(client, national)
    assert client.get(f"/cases/{things.case.id}").status_code == 200
