"""Browser fixtures: a live server on a fresh SQLite file, one Chromium, one context per test.

Nothing here touches tests/conftest.py's `backend_app`: the browser journeys run on SQLite only,
each against its own database file, served by werkzeug in a daemon thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from werkzeug.serving import make_server

from caseflow import create_app
from caseflow.accounts.models import OrgKind, Role
from caseflow.extensions import db
from caseflow.seed.reference import load_reference_data
from config import TestingConfig
from tests.factories import DEFAULT_PASSWORD, make_org, make_user

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: Auto-waiting budget of every locator and navigation; a local page answers in milliseconds.
TIMEOUT_MS = 10_000

QLTT_HN = "Chi cục Quản lý thị trường Thành phố Hà Nội"
QLTT_HCM = "Chi cục Quản lý thị trường Thành phố Hồ Chí Minh"
FIRM = "Tổng công ty Bưu điện Việt Nam"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@dataclass
class LiveServer:
    app: Flask
    url: str


@dataclass
class People:
    """The users of a journey, by role; every one logs in with DEFAULT_PASSWORD."""

    clerk: str
    security: str
    officer: str  # QLTT Hà Nội: the lead agency for C8 in province 01
    other_officer: str  # QLTT Hồ Chí Minh: an agency unit the case is never referred to
    agency: str = QLTT_HN  # the officer's unit, the one suggested for C8 in Hà Nội


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session (never a downloaded one)."""
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing: apt-get install -y chromium (see STACK-NOTES.md)"
        if _in_ci():
            pytest.fail(f"CI must run the browser tests, but {reason}", pytrace=False)
        pytest.skip(reason)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


def _read_whole(app: Flask):
    """Serve `app` with each response read whole and closed before werkzeug writes it.

    When Chromium drops a connection mid-response (it navigated away while the favicon was on
    its way), werkzeug's development server can fail while draining the socket and skip the
    response's close(). The static file it held is then closed by the garbage collector, whose
    ResourceWarning the suite's `filterwarnings = error` charges to whichever test runs then.
    """

    def serve(environ: dict, start_response) -> Iterable[bytes]:
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return serve


@pytest.fixture
def live_server(tmp_path) -> Iterator[LiveServer]:
    """The app on a database of this test's own, served on a free loopback port."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/browser.db")
    with app.app_context():
        db.create_all()
        load_reference_data()
        db.session.commit()
    server = make_server("127.0.0.1", 0, _read_whole(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def people(live_server) -> People:
    """A postal firm with a clerk and a security officer, and two QLTT units with an officer."""
    with live_server.app.app_context():
        firm = make_org(kind=OrgKind.POSTAL_FIRM, name=FIRM)
        firm.short_name = "VNPost"
        qltt_hn = make_org(kind=OrgKind.MARKET_SURVEILLANCE, province_code="01", name=QLTT_HN)
        qltt_hcm = make_org(kind=OrgKind.MARKET_SURVEILLANCE, province_code="79", name=QLTT_HCM)
        users = People(clerk="buucuc.caugiay", security="anninh.vnpost", officer="qltt.hanoi",
                       other_officer="qltt.hcm")
        make_user(role=Role.FIRM_CLERK, org=firm, username=users.clerk)
        make_user(role=Role.FIRM_SECURITY, org=firm, username=users.security)
        make_user(role=Role.AGENCY_OFFICER, org=qltt_hn, username=users.officer)
        make_user(role=Role.AGENCY_OFFICER, org=qltt_hcm, username=users.other_officer)
        db.session.commit()
    return users


@pytest.fixture
def new_page(browser, live_server) -> Iterator:
    """Open pages in fresh browser contexts (one per user); all are closed after the test."""
    contexts: list[BrowserContext] = []

    def open_page() -> Page:
        context = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                      timezone_id="Asia/Ho_Chi_Minh",
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def login(new_page):
    """Log a user in through the login page, in a context of their own; return the page.

    `home` is the heading of the page the user lands on: the case list, or a supervisor's
    dashboard ("Tổng quan giám sát").
    """

    def log_in(username: str, password: str = DEFAULT_PASSWORD, *,
               home: str = "Hồ sơ vụ việc") -> Page:
        page = new_page()
        page.goto("/login")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("heading", name=home, exact=True)).to_be_visible()
        return page

    return log_in


#: Keep every value a progress bar takes in sessionStorage, which outlives the reload that
#: usually follows the end of the work: read them back with progress_seen().
WATCH_PROGRESS = """bar => {
  sessionStorage.setItem('progress', '[]');
  new MutationObserver(() => {
    const seen = JSON.parse(sessionStorage.getItem('progress'));
    seen.push(Number(bar.getAttribute('aria-valuenow')));
    sessionStorage.setItem('progress', JSON.stringify(seen));
  }).observe(bar, {attributes: true, attributeFilter: ['aria-valuenow']});
}"""


def progress_seen(page: Page) -> list[int]:
    """Return the values the watched progress bar took (see WATCH_PROGRESS)."""
    return page.evaluate("JSON.parse(sessionStorage.getItem('progress') || '[]')")


expect.set_options(timeout=TIMEOUT_MS)
