"""Security headers on every response, no inline script or style in any template, and error
pages that show an incident id and never a traceback."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from caseflow.accounts.models import Role
from caseflow.extensions import db
from tests.apps import app_with_routes
from tests.conftest import login
from tests.factories import make_user

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: Print templates, rendered to PDF by WeasyPrint on the server and never served to a browser.
PRINT_ONLY = TEMPLATES / "documents" / "pdf"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
EVERYWHERE = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+\s*=", re.I)


@pytest.fixture
def clerk(app):
    user = make_user(role=Role.FIRM_CLERK)
    db.session.commit()
    return user


def assert_hardened(response) -> None:
    for name, value in EVERYWHERE.items():
        assert response.headers.get(name) == value, name


@pytest.mark.parametrize("url", ["/login", "/healthz", "/khong-co-trang-nay",
                                 "/static/css/app.css"])
def test_anonymous_responses_carry_the_security_headers(client, url):
    with client.get(url) as response:
        assert_hardened(response)


def test_an_authenticated_page_carries_the_headers_and_is_never_cached(client, clerk):
    login(client, clerk)
    response = client.get("/cases/")
    assert response.status_code == 200
    assert_hardened(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_redirect_of_a_logged_in_user_is_not_cached_either(client, clerk):
    login(client, clerk)
    response = client.get("/")
    assert response.status_code == 302 and "no-store" in response.headers["Cache-Control"]


def test_static_files_stay_cacheable(client):
    with client.get("/static/css/app.css") as response:
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_the_policy_allows_no_inline_script_or_style():
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


def test_no_hsts_over_plain_http_in_development_and_tests(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_production_sends_hsts(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "HSTS_SECONDS", 31_536_000)
    header = client.get("/login").headers["Strict-Transport-Security"]
    assert header == "max-age=31536000; includeSubDomains"


def page_templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*.html") if PRINT_ONLY not in p.parents)


@pytest.mark.parametrize("template", page_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_style_or_event_handlers(template):
    assert INLINE.findall(template.read_text()) == []


def test_the_inline_pattern_catches_what_the_policy_would_block():
    for bad in ('<script>alert(1)</script>', '<div style="color:red">', '<a onclick="x()">',
                '<style>p{}</style>', '<body onload = "x()">'):
        assert INLINE.search(bad), bad
    assert not INLINE.search('<script src="/static/js/app.js" defer></script>')


# --- error pages ----------------------------------------------------------------------------

def _exploding_routes(bp) -> None:
    @bp.get("/explode")
    def explode():
        raise RuntimeError("secret internals: password=hunter2")


def test_an_unexpected_error_shows_an_incident_id_and_no_traceback(app, clerk, caplog):
    with app_with_routes(app, _exploding_routes) as test_app:
        client = test_app.test_client()
        login(client, clerk)
        with caplog.at_level(logging.ERROR):
            response = client.get("/test-only/explode")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố." in html and "Mã sự cố:" in html
    for leak in ("Traceback", "RuntimeError", "hunter2", "explode"):
        assert leak not in html
    incident = re.search(r"Mã sự cố: ([0-9a-f]{12})", html).group(1)
    assert any(f"incident {incident}" in record.getMessage() for record in caplog.records)
    assert_hardened(response)
    assert response.headers["Cache-Control"] == "no-store"
