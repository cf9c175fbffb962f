"""Each role's landing pages in real Chromium, in Vietnamese and in English.

Screenshots go to a temporary folder; with CASEFLOW_SCREENSHOTS=docs/screenshots they refresh
the pictures the docs show (docs/screenshots/README.md).
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from caseflow.accounts.models import OrgKind, Role
from caseflow.difficulties import services as difficulties
from caseflow.extensions import db
from caseflow.inspections import services as inspections
from caseflow.inspections.legal import ChecklistItem
from caseflow.inspections.models import ItemResult
from caseflow.privacy import breaches
from caseflow.workflow.states import CaseStatus
from tests.browser.test_navbar import sign_in, switch_to_english
from tests.factories import make_case, make_org, make_user
from tests.privacy.test_breaches import breach_data

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: Letters only Vietnamese uses (tone marks and the six extra vowels and đ).
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữự"
                        r"ỳýỷỹỵ]", re.IGNORECASE)
#: The page's own words: navigation, headings, labels, buttons, table heads and status badges;
#: names of people, units and places (the account menu, table cells, anything in or under a
#: [data-name] element) are left out.
OWN_WORDS = """() => [...document.querySelectorAll(
  'nav .nav-link, nav .dropdown-item, main h1, main h2, main label, main thead th, main button,'
  + ' main .status-badge, main legend')]
  .filter(e => !e.closest('[data-testid=account-menu]') && !e.closest('[data-name]'))
  .map(e => { const own = e.cloneNode(true);
              own.querySelectorAll('[data-name]').forEach(n => n.remove());
              return own.textContent.trim(); }).filter(Boolean)"""

#: Who lands where, the pages each role uses every day, and the detail pages behind them
#: ({case}, {inspection}, {violation}, {difficulty}, {breach}: ids made by the cast fixture).
TOUR = {
    "clerk": ["/cases/", "/cases/new", "/cases/{case}"],
    "security": ["/cases/", "/difficulties/", "/cases/{case}", "/difficulties/{difficulty}",
                 "/api-keys/", "/inspections/{inspection}"],
    "officer": ["/cases/", "/notifications/", "/cases/{case}"],
    "province": ["/reports/", "/cases/", "/inspections/", "/inspections/{inspection}",
                 "/inspections/violations/", "/inspections/violations/{violation}",
                 "/difficulties/{difficulty}"],
    "national": ["/reports/", "/inspections/", "/cases/{case}", "/privacy/log",
                 "/privacy/breaches/", "/privacy/breaches/{breach}"],
    "admin": ["/admin/users", "/admin/organisations", "/admin/catalogue/", "/admin/calendar/"],
}


def shots() -> Path:
    """Return where screenshots go (the docs when asked, a scratch folder otherwise)."""
    folder = Path(os.environ.get("CASEFLOW_SCREENSHOTS") or "/tmp/caseflow-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def cast(live_server) -> dict[str, Any]:
    """One user of each role in Hà Nội, cases for the firm's and the agency's lists, and one
    inspection with a violation, one difficulty and one breach for their detail pages."""
    with live_server.app.app_context():
        firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Tổng công ty Bưu điện Việt Nam")
        qltt = make_org(kind=OrgKind.MARKET_SURVEILLANCE, province_code="01",
                        name="Chi cục Quản lý thị trường Thành phố Hà Nội")
        users = {"clerk": make_user(role=Role.FIRM_CLERK, org=firm, username="tour.clerk"),
                 "security": make_user(role=Role.FIRM_SECURITY, org=firm,
                                       username="tour.security"),
                 "officer": make_user(role=Role.AGENCY_OFFICER, org=qltt, username="tour.qltt"),
                 "province": make_user(role=Role.PROVINCIAL_SUPERVISOR, username="tour.sokhcn"),
                 "national": make_user(role=Role.NATIONAL_SUPERVISOR, username="tour.bo"),
                 "admin": make_user(role=Role.ADMIN, username="tour.admin")}
        db.session.commit()
        cases = [make_case(firm_user=users["clerk"], status=status, agency=qltt,
                           officer=users["officer"], security=users["security"])
                 for status in (CaseStatus.FLAGGED, CaseStatus.INVESTIGATING, CaseStatus.CLOSED)]
        db.session.commit()
        ids = {"case": cases[1].id, **_supervision(users, firm)}
        return {**{role: user.username for role, user in users.items()}, "ids": ids}


def _supervision(users: dict, firm) -> dict[str, int]:
    """Make an inspection with one failed item, a difficulty and a breach; return their ids."""
    inspection = inspections.plan(actor=users["province"], data={
        "firm_id": firm.id, "service_point": "Bưu cục Cầu Giấy", "planned_on": date(2026, 7, 1),
        "decision_number": "12/QĐ-SKHCN", "team": "Nguyễn Văn A", "scope": "Chỉ thị 02"})
    results = {item: (ItemResult.PASSED, "") for item in ChecklistItem}
    results[ChecklistItem.BANNED_LIST_POSTED] = (ItemResult.FAILED, "Chưa niêm yết danh mục.")
    violation = inspections.record(inspection, actor=users["province"],
                                   inspected_on=date(2026, 7, 1), results=results,
                                   conclusion="Khắc phục trong 30 ngày.",
                                   expected_version=inspection.version)[0]
    difficulty = difficulties.submit(actor=users["security"], data={
        "addressee": "province", "province_code": "01", "subject": "Đồng kiểm bưu gửi quốc tế",
        "body": "Người gửi từ chối đồng kiểm thì xử lý thế nào?"})
    breach = breaches.record(actor=users["national"], data=breach_data())
    db.session.commit()
    return {"inspection": inspection.id, "violation": violation.id,
            "difficulty": difficulty.id, "breach": breach.id}


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.ok, (path, response and response.status)
    expect(page.locator("main")).to_be_visible()
    assert "/login" not in page.url, path


@pytest.mark.parametrize("role", list(TOUR))
def test_each_role_lands_on_its_pages_in_vietnamese_and_english(new_page, cast, role):
    page = sign_in(new_page(), cast[role])
    paths = [path.format(**cast["ids"]) for path in TOUR[role]]
    for number, path in enumerate(paths):
        visit(page, path)
        page.screenshot(path=shots() / f"{role}-{number + 1}-vi.png", full_page=False)
    switch_to_english(page)
    failures = []
    for number, path in enumerate(paths):
        visit(page, path)
        page.screenshot(path=shots() / f"{role}-{number + 1}-en.png", full_page=False)
        left = [text for text in page.evaluate(OWN_WORDS) if VIETNAMESE.search(text)]
        if left:
            failures.append(f"{path} in English still says: {left}")
    assert not failures, "\n".join(failures)
