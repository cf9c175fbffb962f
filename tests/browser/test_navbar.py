"""The top bar in real Chromium: one line at 1,280 px, and its grouped entries still lead on."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from caseflow.accounts.models import OrgKind, Role
from caseflow.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: A long name: the account button cuts it short rather than pushing the bar onto two lines.
LONG_NAME = "Nguyễn Hoàng Phương Thảo Quỳnh"
#: Height and top of the bar's entries, and whether the page scrolls sideways.
GEOMETRY = """() => {
  const nav = document.querySelector('nav.navbar');
  const tops = [...nav.querySelectorAll('.navbar-nav > li, [data-testid=notifications]')]
    .map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2));
  return {height: nav.getBoundingClientRect().height, rows: new Set(tops).size,
          sideways: document.documentElement.scrollWidth > window.innerWidth};
}"""


@pytest.fixture
def users(live_server) -> dict[str, str]:
    """The roles with the most entries: a national supervisor, a firm's security officer."""
    with live_server.app.app_context():
        firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Tổng công ty Bưu điện Việt Nam")
        people = {"national": make_user(role=Role.NATIONAL_SUPERVISOR, username="bo.giamsat"),
                  "security": make_user(role=Role.FIRM_SECURITY, org=firm,
                                        username="anninh.vnpost")}
        for user in people.values():
            user.full_name = LONG_NAME
        db.session.commit()
        return {role: user.username for role, user in people.items()}


def sign_in(page: Page, username: str, language: str = "vi") -> Page:
    """Log in through the form (in English after pressing EN) and wait for the landing page."""
    page.goto("/login")
    if language == "en":
        switch_to_english(page)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_test_id("account-menu")).to_be_visible()
    return page


def switch_to_english(page: Page) -> None:
    """Press EN and wait for the English page (the switch reloads it).

    Twice in full-suite runs under load the page came back in Vietnamese; a second press, as a
    user would give, is allowed once (the cause is not found yet: see the closing note).
    """
    for attempt in range(2):
        page.locator("button[lang=en]").click()
        try:
            expect(page.locator("html")).to_have_attribute("lang", "en", timeout=5000)
            return
        except AssertionError:
            if attempt:
                raise
            page.goto("/login")


def bar(page: Page):
    """The main navigation, once the page's scripts have run (its menus need Bootstrap's)."""
    page.wait_for_load_state("load")
    return page.get_by_role("navigation", name="Điều hướng chính")


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("role", ["national", "security"])
def test_the_bar_is_one_line_at_1280_pixels(new_page, users, role, language):
    page = sign_in(new_page(), users[role], language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert page.viewport_size["width"] == 1280
    # Measured once the stylesheets are in: under a loaded full run the bar was measured
    # unstyled once (6 rows, 599 px high).
    page.wait_for_load_state("load")
    geometry = page.evaluate(GEOMETRY)
    assert geometry["rows"] == 1 and geometry["height"] < 64, geometry
    assert not geometry["sideways"]


def test_a_supervisor_reaches_the_grouped_pages(new_page, users):
    page = sign_in(new_page(), users["national"])
    bar(page).get_by_role("button", name="Giám sát").click()
    bar(page).get_by_role("link", name="Kiểm tra doanh nghiệp").click()
    expect(page.get_by_role("heading", name="Kiểm tra doanh nghiệp bưu chính")).to_be_visible()
    bar(page).get_by_role("button", name="Dữ liệu cá nhân").click()
    expect(bar(page).get_by_role("link", name="Sự cố dữ liệu")).to_be_visible()
    bar(page).get_by_role("button", name="Tra cứu").click()  # the caret beside the case list
    bar(page).get_by_role("link", name="Tra cứu").click()
    expect(page.get_by_role("heading", name="Tra cứu theo số điện thoại")).to_be_visible()


def test_a_firm_imports_manages_keys_and_signs_out_from_the_bar(new_page, users):
    page = sign_in(new_page(), users["security"])
    bar(page).get_by_role("button", name="Nhập từ tệp").click()
    bar(page).get_by_role("link", name="Nhập từ tệp").click()
    expect(page.get_by_role("heading", name="Nhập báo cáo bưu gửi nghi vấn từ tệp")).to_be_visible()
    bar(page).get_by_test_id("account-menu").click()
    expect(bar(page).get_by_test_id("whoami")).to_contain_text("Cán bộ an ninh")
    bar(page).get_by_role("link", name="Khóa API").click()
    expect(page.get_by_role("heading", name="Khóa API của")).to_be_visible()
    bar(page).get_by_test_id("account-menu").click()
    bar(page).get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
