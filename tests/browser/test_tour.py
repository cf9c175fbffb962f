"""Each role's landing pages in real Chromium, in Vietnamese and in English.

Screenshots go to a temporary folder; with CASEFLOW_SCREENSHOTS=docs/screenshots they refresh
the pictures the docs show (docs/screenshots/README.md).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from caseflow.accounts.models import OrgKind, Role
from caseflow.extensions import db
from caseflow.workflow.states import CaseStatus
from tests.browser.test_navbar import sign_in, switch_to_english
from tests.factories import make_case, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: Letters only Vietnamese uses (tone marks and the six extra vowels and đ).
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữự"
                        r"ỳýỷỹỵ]", re.IGNORECASE)
#: The page's own words: navigation, headings, labels, buttons, table heads and status badges;
#: names of people, units and places (the account menu, table cells) are left out.
OWN_WORDS = """() => [...document.querySelectorAll(
  'nav .nav-link, nav .dropdown-item, main h1, main h2, main label, main thead th, main button,'
  + ' main .status-badge, main legend')]
  .filter(e => !e.closest('[data-testid=account-menu]') && !e.closest('[data-name]'))
  .map(e => e.innerText.trim()).filter(Boolean)"""

#: Who lands where, and one more page each role uses every day.
TOUR = {
    "clerk": ["/cases/", "/cases/new"],
    "security": ["/cases/", "/difficulties/"],
    "officer": ["/cases/", "/notifications/"],
    "province": ["/reports/", "/cases/"],
    "national": ["/reports/", "/inspections/"],
    "admin": ["/admin/users", "/admin/organisations"],
}


def shots() -> Path:
    """Return where screenshots go (the docs when asked, a scratch folder otherwise)."""
    folder = Path(os.environ.get("CASEFLOW_SCREENSHOTS") or "/tmp/caseflow-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def cast(live_server) -> dict[str, str]:
    """One user of each role in Hà Nội, and cases for the firm's and the agency's lists."""
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
        for status in (CaseStatus.FLAGGED, CaseStatus.INVESTIGATING, CaseStatus.CLOSED):
            make_case(firm_user=users["clerk"], status=status, agency=qltt,
                      officer=users["officer"], security=users["security"])
        db.session.commit()
        return {role: user.username for role, user in users.items()}


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.ok, (path, response and response.status)
    expect(page.locator("main")).to_be_visible()
    assert "/login" not in page.url, path


@pytest.mark.parametrize("role", list(TOUR))
def test_each_role_lands_on_its_pages_in_vietnamese_and_english(new_page, cast, role):
    page = sign_in(new_page(), cast[role])
    for number, path in enumerate(TOUR[role]):
        visit(page, path)
        page.screenshot(path=shots() / f"{role}-{number + 1}-vi.png", full_page=False)
    switch_to_english(page)
    for number, path in enumerate(TOUR[role]):
        visit(page, path)
        page.screenshot(path=shots() / f"{role}-{number + 1}-en.png", full_page=False)
        left = [text for text in page.evaluate(OWN_WORDS) if VIETNAMESE.search(text)]
        assert not left, f"{path} in English still says: {left}"
