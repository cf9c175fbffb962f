"""Request tests of the home redirect, the health check, the language switch, error pages."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import Role
from caseflow.cases import queries as case_queries
from caseflow.extensions import db
from tests.conftest import csrf_token, login, post
from tests.factories import make_user


@pytest.fixture
def clerk(app):
    user = make_user(role=Role.FIRM_CLERK)
    db.session.commit()
    return user


def lang_of(html: str) -> str:
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


# --- home and health ----------------------------------------------------------------------

def test_home_sends_a_visitor_to_the_login_page(client, app):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_home_sends_a_case_worker_to_the_case_list(client, clerk):
    login(client, clerk)
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/cases/"


def test_home_sends_an_admin_to_the_users(client, app):
    admin = make_user(role=Role.ADMIN)
    db.session.commit()
    login(client, admin)
    assert client.get("/").headers["Location"] == "/admin/users"


def test_healthz_answers_without_login(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(client, app, monkeypatch):
    def broken(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable"}


# --- language -----------------------------------------------------------------------------

def test_the_interface_is_vietnamese_by_default(client, app):
    assert lang_of(client.get("/login").get_data(as_text=True)) == "vi"


def test_language_switches_to_english_and_back(client, clerk):
    login(client, clerk)
    back_to = {"Referer": "http://localhost/cases/new"}
    response = post(client, "/language/en", headers=back_to)
    assert response.status_code == 302 and response.headers["Location"].endswith("/cases/new")
    english = client.get("/cases/new").get_data(as_text=True)
    assert lang_of(english) == "en"
    assert "Narcotics, psychotropic substances and precursors" in english

    post(client, "/language/vi", headers=back_to)
    vietnamese = client.get("/cases/new").get_data(as_text=True)
    assert lang_of(vietnamese) == "vi"
    assert "Ma túy, chất hướng thần, tiền chất" in vietnamese
    assert "Narcotics, psychotropic substances and precursors" not in vietnamese


def test_the_chosen_language_survives_login(client, clerk):
    post(client, "/language/en")
    login(client, clerk)
    assert lang_of(client.get("/cases/").get_data(as_text=True)) == "en"


def test_an_unknown_language_is_ignored(client, app):
    post(client, "/language/fr")
    assert lang_of(client.get("/login").get_data(as_text=True)) == "vi"


def test_language_switch_never_redirects_off_site(client, app):
    response = post(client, "/language/en", headers={"Referer": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_language_switch_needs_the_csrf_token(client, app):
    csrf_token(client)
    assert client.post("/language/en").status_code == 400
    assert lang_of(client.get("/login").get_data(as_text=True)) == "vi"


# --- error pages --------------------------------------------------------------------------

def test_an_unknown_url_gets_a_vietnamese_404_page(client, app):
    response = client.get("/khong-co-trang-nay")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc hồ sơ bạn yêu cầu." in html
    assert "<nav" in html  # in the site's layout


def test_a_wrong_method_gets_a_405_page(client, app):
    response = client.get("/language/en")
    assert response.status_code == 405
    assert "Phương thức không được hỗ trợ." in response.get_data(as_text=True)


def test_an_unexpected_error_shows_an_incident_id_and_no_traceback(client, clerk, monkeypatch,
                                                                  caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr(case_queries, "listed_cases", explode)
    login(client, clerk)
    response = client.get("/cases/")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố." in html and "Mã sự cố:" in html
    assert "Traceback" not in html and "hunter2" not in html and "RuntimeError" not in html
    incident = html.split("Mã sự cố: ", 1)[1][:12]
    assert any(f"incident {incident}" in record.getMessage() for record in caplog.records)


def test_every_page_names_the_favicon_and_it_is_served_without_login(client, app):
    page = client.get("/login").get_data(as_text=True)
    href = page.split('rel="icon"', 1)[1].split('href="', 1)[1].split('"', 1)[0]
    with client.get(href) as icon:
        assert icon.status_code == 200 and b"<svg" in icon.data
