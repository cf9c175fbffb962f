"""Importing a file of flags in real Chromium: template, preview, confirm, re-import."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.intake.models import BatchStatus, ImportBatch
from caseflow.workflow.states import CaseStatus
from tests.browser.conftest import WATCH_PROGRESS, progress_seen

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TRACKING = ["EB700000001VN", "EB700000002VN", "EB700000003VN"]
REFUSED = "EB700000004VN"
FILE_NAME = "bao-cao-thang-11.csv"


def bar(page: Page):
    return page.get_by_role("navigation", name="Điều hướng chính")


def open_import(page: Page) -> None:
    """Reach the import page from the caret beside "Báo cáo bưu gửi nghi vấn"."""
    bar(page).get_by_role("button", name="Nhập từ tệp").click()
    bar(page).get_by_role("link", name="Nhập từ tệp").click()
    expect(page.get_by_role("heading", name="Nhập báo cáo bưu gửi nghi vấn từ tệp")).to_be_visible()


def fill_in(template: bytes) -> bytes:
    """The downloaded template with its example turned into three rows and a broken fourth."""
    header, example = list(csv.reader(io.StringIO(template.decode("utf-8-sig"))))[:2]
    column = {name.rsplit("(", 1)[-1].rstrip(")"): i for i, name in enumerate(header)}
    rows = []
    for number in [*TRACKING, REFUSED]:
        row = list(example)
        row[column["tracking_number"]] = number
        if number == REFUSED:
            row[column["sender_phone"]] = "không có"
        rows.append(row)
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return ("\ufeff" + out.getvalue()).encode()


def upload(page: Page, data: bytes) -> None:
    page.get_by_label("Tệp CSV hoặc Excel (.xlsx)").set_input_files(
        {"name": FILE_NAME, "mimeType": "text/csv", "buffer": data})
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("heading", name=f"Nhập báo cáo từ tệp “{FILE_NAME}”")).to_be_visible()


def preview_rows(page: Page, status: str):
    return page.get_by_test_id("preview").locator(f'tbody tr[data-status="{status}"]')


def case_count(live_server) -> int:
    with live_server.app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Case.id)))


def test_a_security_officer_imports_a_file_once(live_server, people, login):
    page = login(people.security)
    open_import(page)
    with page.expect_download() as template:
        page.get_by_role("link", name="CSV (UTF-8)").click()
    assert template.value.suggested_filename == "mau-bao-cao-buu-gui.csv"
    data = fill_in(template.value.path().read_bytes())

    # The preview: three to create, one rejected with its reason; nothing written yet.
    upload(page, data)
    expect(page.get_by_test_id("batch-status")).to_have_text("Chờ xác nhận")
    expect(page.get_by_test_id("pending")).to_have_text("3 sẽ tạo mới")
    expect(preview_rows(page, "new")).to_have_count(3)
    assert preview_rows(page, "new").locator("td:nth-child(2)").all_inner_texts() == TRACKING
    rejected = preview_rows(page, "rejected")
    expect(rejected).to_have_count(1)
    expect(rejected).to_have_attribute("data-row", "5")  # the spreadsheet's row, header is 1
    expect(rejected).to_contain_text(REFUSED)
    expect(rejected).to_contain_text("Bị từ chối")
    expect(rejected).to_contain_text("sender_phone")
    expect(rejected).to_contain_text("Số điện thoại không hợp lệ")
    assert case_count(live_server) == 0

    # Confirm: the bar runs to its end and the page shows the batch done.
    page.get_by_role("progressbar", name="Tiến độ nhập").evaluate(WATCH_PROGRESS)
    page.get_by_role("button", name="Xác nhận nhập 3 báo cáo").click()
    expect(page.get_by_test_id("batch-status")).to_have_text("Đã nhập xong")
    assert progress_seen(page)[-1] == 100
    expect(page.get_by_role("main")).to_contain_text("3 đã tạo")
    expect(page.get_by_role("button", name="Xác nhận nhập 3 báo cáo")).to_have_count(0)

    bar(page).get_by_role("link", name="Hồ sơ vụ việc", exact=True).click()
    expect(page.get_by_test_id("case-count")).to_have_text("3 hồ sơ")
    listed = page.locator("#case-table tbody tr td:nth-child(3)").all_inner_texts()
    assert sorted(listed) == TRACKING
    expect(page.locator("#case-table")).not_to_contain_text(REFUSED)

    # The same file again: every valid row is found, none is created.
    open_import(page)
    upload(page, data)
    expect(page.get_by_role("status")).to_contain_text("Tệp này đã được tải lên lúc")
    expect(page.get_by_test_id("pending")).to_have_text("0 sẽ tạo mới")
    expect(preview_rows(page, "exists")).to_have_count(3)
    expect(preview_rows(page, "rejected")).to_have_count(1)
    expect(page.get_by_test_id("batch-status")).to_have_text("Đã nhập xong")
    expect(page.locator("#import-confirm")).to_have_count(0)

    with live_server.app.app_context():
        cases = db.session.scalars(sa.select(Case).order_by(Case.tracking_number)).all()
        assert [c.tracking_number for c in cases] == TRACKING
        assert {c.status for c in cases} == {CaseStatus.FLAGGED}
        assert all(c.reference for c in cases)
        batches = db.session.scalars(sa.select(ImportBatch).order_by(ImportBatch.id)).all()
        assert [(b.status, b.created_count, b.rejected_count) for b in batches] == [
            (BatchStatus.DONE, 3, 1), (BatchStatus.DONE, 0, 1)]
        assert batches[0].sha256 == batches[1].sha256
