"""Request tests of the catalogue administration."""

from __future__ import annotations

import re

import pytest

from caseflow.accounts.models import OrgKind, Role
from caseflow.cases.models import Case
from caseflow.catalogue.models import Category, Severity
from caseflow.extensions import db
from caseflow.workflow.states import CaseStatus
from tests.conftest import login, post
from tests.factories import make_case, make_user


@pytest.fixture
def admin(app):
    user = make_user(role=Role.ADMIN)
    db.session.commit()
    return user


def category_form(**overrides) -> dict:
    return {"code": "C18", "sort_order": "18", "name_vi": "Thuốc lá điện tử",
            "name_en": "E-cigarettes", "postal_legal_basis": "Luật Bưu chính Điều 12",
            "criminal_code_articles": "", "lead_agency": "market_surveillance",
            "support_agencies": ["customs"], "severity": "medium", "active": "y", **overrides}


def category(code: str) -> Category | None:
    db.session.expire_all()
    return db.session.get(Category, code)


def field_error(html: str, field: str) -> str:
    match = re.search(rf'id="{field}-error"[^>]*>(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def test_admin_lists_every_category(client, admin):
    login(client, admin)
    html = client.get("/admin/catalogue/").get_data(as_text=True)
    for n in range(1, 18):
        assert f'href="/admin/catalogue/C{n}"' in html
    assert "Ma túy, chất hướng thần, tiền chất" in html


def test_admin_adds_a_category(client, admin):
    login(client, admin)
    assert client.get("/admin/catalogue/new").status_code == 200
    response = post(client, "/admin/catalogue/new", category_form())
    assert response.status_code == 302
    added = category("C18")
    assert added.name_vi == "Thuốc lá điện tử" and added.lead_agency is OrgKind.MARKET_SURVEILLANCE
    assert added.support_kinds == [OrgKind.CUSTOMS] and added.severity is Severity.MEDIUM


def test_a_duplicate_code_is_refused(client, admin):
    login(client, admin)
    response = post(client, "/admin/catalogue/new", category_form(code="C1"))
    assert "Mã nhóm đã tồn tại." in field_error(response.get_data(as_text=True), "code")
    assert category("C1").name_en == "Narcotics, psychotropic substances and precursors"


def test_a_malformed_code_is_refused(client, admin):
    login(client, admin)
    response = post(client, "/admin/catalogue/new", category_form(code="X18"))
    assert "Mã nhóm có dạng C + số, ví dụ C18." in field_error(response.get_data(as_text=True),
                                                              "code")
    assert category("X18") is None


def test_the_edit_form_shows_the_category(client, admin):
    login(client, admin)
    html = client.get("/admin/catalogue/C8").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="code"[^>]*readonly', html)
    assert re.search(r'<input[^>]*checked[^>]*value="police"', html)


def test_admin_edits_a_category_but_not_its_code(client, admin):
    login(client, admin)
    post(client, "/admin/catalogue/C8", category_form(
        code="C99", name_vi="Hàng giả, hàng xâm phạm sở hữu trí tuệ", name_en="Counterfeits",
        lead_agency="market_surveillance", support_agencies=["police", "customs"],
        severity="high"))
    edited = category("C8")
    assert edited.name_vi == "Hàng giả, hàng xâm phạm sở hữu trí tuệ"
    assert set(edited.support_kinds) == {OrgKind.POLICE, OrgKind.CUSTOMS}
    assert category("C99") is None


def test_a_deactivated_category_leaves_the_flag_form_but_old_cases_keep_it(client, admin):
    clerk = make_user(role=Role.FIRM_CLERK)
    draft = make_case(firm_user=clerk, status=CaseStatus.DRAFT, categories=("C17",))
    flagged = make_case(firm_user=clerk, status=CaseStatus.FLAGGED, categories=("C17",))
    db.session.commit()
    login(client, admin)
    c17 = category("C17")
    post(client, "/admin/catalogue/C17", category_form(
        code="C17", name_vi=c17.name_vi, name_en=c17.name_en, lead_agency="market_surveillance",
        support_agencies=[], severity="low", active=""))
    assert category("C17").active is False

    clerk_client = client.application.test_client()
    login(clerk_client, clerk)
    assert 'value="C17"' not in clerk_client.get("/cases/new").get_data(as_text=True)
    assert 'value="C16"' in clerk_client.get("/cases/new").get_data(as_text=True)
    edit_page = clerk_client.get(f"/cases/{draft.id}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="C17"', edit_page)
    assert c17.name_vi in clerk_client.get(f"/cases/{flagged.id}").get_data(as_text=True)
    db.session.expire_all()
    assert [c.code for c in db.session.get(Case, flagged.id).categories] == ["C17"]


def test_the_catalogue_is_hidden_from_everyone_but_admins(client, app):
    clerk = make_user(role=Role.FIRM_CLERK)
    db.session.commit()
    login(client, clerk)
    assert client.get("/admin/catalogue/").status_code == 404
    response = post(client, "/admin/catalogue/C1", category_form(code="C1", name_vi="Đổi tên"))
    assert response.status_code == 404
    assert category("C1").name_vi == "Ma túy, chất hướng thần, tiền chất"


def test_an_unknown_category_is_not_found(client, admin):
    login(client, admin)
    assert client.get("/admin/catalogue/C404").status_code == 404
