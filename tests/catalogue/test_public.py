"""The public banned-items list, its poster, and the versioned catalogue behind them."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from caseflow.accounts.models import Role
from caseflow.catalogue import queries, services
from caseflow.catalogue.models import Category, CategoryVersion
from caseflow.extensions import db
from tests.catalogue.test_views import category_form
from tests.conftest import login, post
from tests.documents.helpers import embedded_fonts, pdf_text, squash
from tests.factories import make_user


@pytest.fixture
def admin(app):
    user = make_user(role=Role.ADMIN)
    db.session.commit()
    return user


def c8_form(**overrides) -> dict:
    c8 = db.session.get(Category, "C8")
    return category_form(**{"code": "C8", "name_vi": c8.name_vi, "name_en": c8.name_en,
                            "postal_legal_basis": c8.postal_legal_basis,
                            "lead_agency": "market_surveillance", "support_agencies": ["police"],
                            "severity": "high", **overrides})


def test_anyone_reads_the_list_without_logging_in(client, app):
    response = client.get("/catalogue/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Ma túy, chất hướng thần, tiền chất" in html
    assert "Narcotics, psychotropic substances and precursors" in html
    assert html.count('<th scope="row">C') == 17
    assert "Luật Bưu chính" in html and 'href="/catalogue/poster.pdf?size=A3"' in html


@pytest.mark.parametrize(("size", "width_mm"), [("A4", 210), ("A3", 297)])
def test_the_poster_prints_the_list_with_a_qr_code_back_to_the_page(client, app, size,
                                                                    width_mm):
    response = client.get(f"/catalogue/poster.pdf?size={size}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    page = PdfReader(io.BytesIO(response.data)).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == width_mm
    text = pdf_text(response.data)
    for part in ("DANH MỤC HÀNG CẤM GỬI QUA MẠNG BƯU CHÍNH", "Prohibited items",
                 "Ma túy, chất hướng thần, tiền chất", "Luật Bưu chính số 49/2010/QH12",
                 "http://localhost/catalogue/"):
        assert squash(part) in text, part
    assert all(name.startswith("Caseflow-Serif") for name in embedded_fonts(response.data))


def test_the_poster_qr_code_encodes_the_public_page(app):
    from caseflow.catalogue.poster import poster_context
    from caseflow.documents.qr import qr_data_uri

    context = poster_context([], day=services.today(), page_url="https://x.vn/catalogue/",
                             size="A3")
    assert context["qr"] == qr_data_uri("https://x.vn/catalogue/")
    assert context["qr"].startswith("data:image/svg+xml") and context["size"] == "a3"


def test_an_unknown_poster_size_falls_back_to_a4(client, app):
    page = PdfReader(io.BytesIO(client.get("/catalogue/poster.pdf?size=A0").data)).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 210


def test_each_edit_is_a_new_version_and_nothing_is_deleted(client, admin):
    login(client, admin)
    post(client, "/admin/catalogue/C8", c8_form(name_vi="Hàng giả (lần 1)"))
    post(client, "/admin/catalogue/C8", c8_form(name_vi="Hàng giả (lần 2)", note="QĐ số 1"))
    db.session.expire_all()
    versions = services.versions_of("C8")
    assert [v.name_vi for v in versions] == ["Hàng giả (lần 2)", "Hàng giả (lần 1)"]
    assert versions[0].note == "QĐ số 1" and versions[0].created_by_id == admin.id
    assert db.session.get(Category, "C8").name_vi == "Hàng giả (lần 2)"
    page = client.get("/admin/catalogue/C8").get_data(as_text=True)
    assert 'id="versions"' in page and "Hàng giả (lần 1)" in page


def test_a_version_valid_from_tomorrow_waits_for_its_day(client, admin):
    login(client, admin)
    today = services.today()
    tomorrow = (today + timedelta(days=1)).strftime("%d/%m/%Y")
    old_name = db.session.get(Category, "C8").name_vi
    post(client, "/admin/catalogue/C8", c8_form(name_vi="Hàng giả, hàng nhái",
                                                valid_from=tomorrow))
    db.session.expire_all()
    assert db.session.get(Category, "C8").name_vi == old_name  # the app still uses today's
    assert old_name in client.get("/catalogue/").get_data(as_text=True)
    rows = {r["code"]: r for r in queries.public_list(today + timedelta(days=1))}
    assert rows["C8"]["name_vi"] == "Hàng giả, hàng nhái"
    assert services.sync_all(today + timedelta(days=1)) == 1  # the daily `flask catalogue sync`
    assert db.session.get(Category, "C8").name_vi == "Hàng giả, hàng nhái"


def test_a_deactivating_version_leaves_the_public_list_from_its_day(client, admin):
    login(client, admin)
    post(client, "/admin/catalogue/C17", category_form(
        code="C17", name_vi="x", name_en="x", lead_agency="market_surveillance",
        support_agencies=[], severity="low", active=""))
    html = client.get("/catalogue/").get_data(as_text=True)
    assert '<th scope="row">C17</th>' not in html and '<th scope="row">C16</th>' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Category)) == 17


def test_a_new_category_valid_later_is_inactive_until_then(client, admin):
    login(client, admin)
    later = services.today() + timedelta(days=10)
    post(client, "/admin/catalogue/new", category_form(valid_from=later.strftime("%d/%m/%Y")))
    db.session.expire_all()
    assert db.session.get(Category, "C18").active is False
    assert "C18" not in {r["code"] for r in queries.public_list(services.today())}
    assert "C18" in {r["code"] for r in queries.public_list(later)}


def test_the_sync_command_is_idempotent(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["catalogue", "sync"])
    assert result.exit_code == 0 and "0 categories updated" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CategoryVersion)) == 0
