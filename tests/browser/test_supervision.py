"""A Sở KH&CN in real Chromium: dashboard to cases to exports, the monthly report, an
inspection with its violations, and a firm's question answered (issue 6's "done means")."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from caseflow.accounts.models import OrgKind, Role, User
from caseflow.difficulties.models import Difficulty, DifficultyStatus
from caseflow.extensions import db
from caseflow.i18n import VN_TZ
from caseflow.inspections.legal import ChecklistItem, Decree
from caseflow.inspections.models import Violation
from caseflow.workflow.states import CaseStatus
from tests.documents.helpers import pdf_text, squash
from tests.factories import make_case, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SUPERVISOR = "sokhcn.hanoi"
SO_HN = "Sở Khoa học và Công nghệ Thành phố Hà Nội"
DASHBOARD = "Tổng quan giám sát"
#: The checklist items the inspection fails, with the fine range each violation shows.
FAILED = {ChecklistItem.STOP_AND_NOTIFY: "10.000.000 ₫ – 20.000.000 ₫",
          ChecklistItem.BANNED_LIST_POSTED: "cần đối chiếu"}


@pytest.fixture
def supervisor(live_server, people) -> str:
    """The provincial supervisor of Hà Nội's Sở KH&CN."""
    with live_server.app.app_context():
        so = make_org(kind=OrgKind.DOST, province_code="01", name=SO_HN)
        make_user(role=Role.PROVINCIAL_SUPERVISOR, org=so, username=SUPERVISOR)
        db.session.commit()
    return SUPERVISOR


@pytest.fixture
def cases(live_server, people) -> dict[str, list[str]]:
    """This month's cases of Hà Nội by status, and the ones the Sở must not count."""
    with live_server.app.app_context():
        users = {u.username: u for u in db.session.scalars(sa.select(User))}
        clerk, refer = users[people.clerk], {"officer": users[people.officer],
                                             "security": users[people.security]}
        made = {
            "flagged": [make_case(firm_user=clerk) for _ in range(2)],
            "referred": [make_case(firm_user=clerk, status=CaseStatus.REFERRED, **refer)
                         for _ in range(2)],
            "concluded": [make_case(firm_user=clerk, status=CaseStatus.CONCLUDED, **refer)],
            # Outside the Sở's view: another province, a restricted category, a draft.
            "hidden": [make_case(firm_user=clerk, province_code="79"),
                       make_case(firm_user=clerk, categories=("C5",)),
                       make_case(firm_user=clerk, status=CaseStatus.DRAFT)],
        }
        db.session.commit()
        return {k: [c.reference or f"#{c.id}" for c in v] for k, v in made.items()}


def menu(page: Page, group: str, entry: str) -> None:
    """Open an entry of the top bar's dropdown."""
    bar = page.get_by_role("navigation", name="Điều hướng chính")
    bar.get_by_role("button", name=group).click()
    bar.get_by_role("link", name=entry, exact=True).click()


def flash(page: Page):
    return page.get_by_role("alert")


def listed_references(page: Page) -> list[str]:
    return page.locator("#case-table tbody tr td:first-child").all_inner_texts()


def test_a_figure_leads_to_exactly_its_cases_and_they_export(live_server, supervisor, cases,
                                                             login):
    page = login(supervisor, home=DASHBOARD)
    expect(page.get_by_test_id("scope")).to_contain_text("Thành phố Hà Nội")
    expect(page.locator('[data-figure="total"]')).to_have_text("5")
    referred = page.locator('#table-status [data-status="referred"]')
    expect(referred).to_have_text("2")
    expect(page.locator('#table-status [data-status="flagged"]')).to_have_text("2")

    referred.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Hồ sơ vụ việc", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/cases/\?.*status=referred"))
    expect(page.get_by_label("Trạng thái")).to_have_value("referred")
    expect(page.get_by_test_id("case-count")).to_have_text("2 hồ sơ")
    assert sorted(listed_references(page)) == sorted(cases["referred"])

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Xuất CSV").click()
    data = csv_download.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the diacritics
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Số hồ sơ", "Trạng thái", "Số hiệu bưu gửi"]
    assert sorted(r[0] for r in rows[1:]) == sorted(cases["referred"])
    assert {r[1] for r in rows[1:]} == {"Đã chuyển cơ quan chức năng"}
    assert "Nguyễn Văn Bình" not in data.decode("utf-8-sig")  # no personal data, ever

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Xuất Excel").click()
    book = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()), read_only=True)
    sheet = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert sheet[0][0] == "Số hồ sơ"
    assert sorted(r[0] for r in sheet[1:]) == sorted(cases["referred"])


def test_the_dashboard_says_when_its_figures_were_computed_and_recomputes_them(
        live_server, supervisor, cases, login):
    page = login(supervisor, home=DASHBOARD)
    total = page.locator('[data-figure="total"]')
    expect(total).to_have_text("5")
    stamp = page.get_by_test_id("computed-at")
    expect(stamp).to_contain_text(datetime.now(VN_TZ).strftime("Số liệu tính lúc %d/%m/%Y"))
    with live_server.app.app_context(), db.engine.begin() as conn:  # as another server would
        conn.execute(sa.text("UPDATE \"case\" SET submitted_at = '2020-01-01 00:00:00' "
                             "WHERE reference = :ref"), {"ref": cases["flagged"][0]})
    page.reload()
    expect(total).to_have_text("5")  # kept for up to a minute
    stamp.get_by_role("link", name="Tính lại ngay").click()
    expect(total).to_have_text("4")
    expect(page).to_have_url(re.compile(r"/reports/\?fresh=1$"))


def test_the_months_summary_report_prints_the_dashboards_figures(live_server, supervisor,
                                                                 cases, login):
    page = login(supervisor, home=DASHBOARD)
    page.get_by_role("link", name="In báo cáo tổng hợp (PDF)").click()
    expect(page.get_by_role("heading", name="Báo cáo tổng hợp", exact=True)).to_be_visible()
    now = datetime.now(VN_TZ)
    expect(page.get_by_label("Phạm vi")).to_have_value("01")
    page.get_by_label("Kỳ báo cáo").select_option(label="Tháng")
    page.get_by_label("Tháng hoặc quý").fill(str(now.month))
    page.get_by_label("Năm").fill(str(now.year))
    page.get_by_role("button", name="Lập báo cáo").click()

    expect(page.locator("#job-label")).to_contain_text("Hoàn tất", timeout=20_000)
    download_link = page.get_by_role("link", name="Tải tài liệu")
    expect(download_link).to_be_visible()
    with page.expect_download() as pdf_download:
        download_link.click()
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    text = pdf_text(pdf_download.value.path().read_bytes())
    for part in ("BÁO CÁO TỔNG HỢP", "Phạm vi: Thành phố Hà Nội", f"tháng {now.month} năm "
                 f"{now.year}", "các doanh nghiệp bưu chính đã báo cáo 5 vụ việc",
                 "VII. Vụ việc kết luận có vi phạm", cases["concluded"][0], "15.000.000 ₫"):
        assert squash(part) in text, part
    for hidden in cases["hidden"][:2]:  # another province's case, a restricted one
        assert hidden not in text


def test_an_inspection_with_two_failed_items_opens_two_violations(live_server, people,
                                                                  supervisor, login):
    page = login(supervisor, home=DASHBOARD)
    menu(page, "Giám sát", "Kiểm tra doanh nghiệp")
    page.get_by_role("link", name="Lập kế hoạch kiểm tra").click()
    page.get_by_label("Doanh nghiệp bưu chính").select_option(label="Tổng công ty Bưu điện "
                                                                    "Việt Nam")
    page.get_by_label("Ngày kiểm tra dự kiến").fill("15/09/2026")  # Decree 174/2026 applies
    page.get_by_label("Điểm phục vụ được kiểm tra (tên, địa chỉ)").fill(
        "Bưu cục Cầu Giấy, 12 Trần Duy Hưng")
    page.get_by_label("Số quyết định kiểm tra").fill("45/QĐ-SKHCN")
    page.get_by_label("Thành phần đoàn kiểm tra").fill("Nguyễn Văn An – Trưởng đoàn")
    page.get_by_role("button", name="Lưu kế hoạch").click()
    expect(flash(page)).to_have_text("Đã lập kế hoạch kiểm tra.")

    page.get_by_role("link", name="Ghi nhận kết quả kiểm tra").click()
    expect(page.get_by_label("Ngày kiểm tra", exact=True)).to_have_value("15/09/2026")
    for item in ChecklistItem:
        page.get_by_label(str(item.label), exact=True).select_option(
            label="Không đạt" if item in FAILED else "Đạt")
    for item in FAILED:
        page.get_by_label(f"Ghi nhận: {item.label}").fill("Không đạt khi kiểm tra thực tế.")
    page.get_by_role("button", name="Lưu kết quả kiểm tra").click()
    expect(flash(page)).to_have_text("Đã ghi nhận kết quả kiểm tra; 2 vi phạm được lập.")
    expect(page.locator('#checklist tr[data-result="failed"]')).to_have_count(2)
    violations = page.locator("#violations li")
    expect(violations).to_have_count(2)
    expect(violations.filter(has_text="Nghị định số 174/2026/NĐ-CP")).to_have_count(2)

    for item, fine_range in FAILED.items():
        page.locator("#violations").get_by_role("link", name=str(item.label)).click()
        expect(page.get_by_role("heading", name=str(item.label))).to_be_visible()
        expect(page.get_by_test_id("decree")).to_have_text("Nghị định số 174/2026/NĐ-CP")
        expect(page.get_by_test_id("fine-range")).to_have_text(fine_range)
        page.go_back()

    with live_server.app.app_context():
        recorded = {v.item: v for v in db.session.scalars(sa.select(Violation))}
        assert set(recorded) == set(FAILED)
        assert {v.decree for v in recorded.values()} == {Decree.ND174_2026}
        stop = recorded[ChecklistItem.STOP_AND_NOTIFY]
        assert (stop.fine_min, stop.fine_max) == (10_000_000, 20_000_000)
        assert recorded[ChecklistItem.BANNED_LIST_POSTED].fine_min is None
        assert {v.firm.name for v in recorded.values()} == {"Tổng công ty Bưu điện Việt Nam"}


def test_a_firms_question_is_answered_and_the_firm_reads_the_answer(live_server, people,
                                                                    supervisor, login):
    subject = "Niêm yết danh mục hàng cấm tại điểm đại lý"
    answer = "Đại lý bưu chính phải niêm yết như điểm phục vụ của doanh nghiệp."
    clerk = login(people.clerk)
    menu(clerk, "Kiểm tra, phản ánh", "Phản ánh, kiến nghị")
    clerk.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    clerk.get_by_label("Gửi đến").select_option(label="Sở Khoa học và Công nghệ")
    expect(clerk.get_by_label("Sở KH&CN tỉnh, thành phố")).to_have_value("01")
    clerk.get_by_label("Tiêu đề").fill(subject)
    clerk.get_by_label("Nội dung khó khăn, vướng mắc, kiến nghị").fill(
        "Đại lý có phải niêm yết danh mục hàng cấm gửi như bưu cục không?")
    clerk.get_by_role("button", name="Gửi", exact=True).click()
    expect(flash(clerk)).to_contain_text("Đã gửi phản ánh; hạn trả lời ngày")
    expect(clerk.get_by_test_id("status")).to_have_text("Chờ trả lời")

    # The Sở is told, opens the question from its notifications and answers it.
    so = login(supervisor, home=DASHBOARD)
    expect(so.get_by_test_id("notifications").locator(".badge")).to_have_text("1 chưa đọc")
    so.get_by_test_id("notifications").click()
    so.locator("#notifications").get_by_role("button").first.click()
    expect(so.get_by_role("heading", name=subject)).to_be_visible()
    so.get_by_label("Nội dung trả lời").fill(answer)
    so.locator('[data-action="answer"]').click()
    expect(flash(so)).to_contain_text("Đã thực hiện")
    expect(so.get_by_test_id("status")).to_have_text("Đã trả lời")

    # The firm is told in turn and reads the answer.
    clerk.reload()
    expect(clerk.get_by_test_id("notifications").locator(".badge")).to_have_text("1 chưa đọc")
    clerk.get_by_test_id("notifications").click()
    clerk.locator("#notifications").get_by_role("button").first.click()
    expect(clerk.get_by_role("heading", name=subject)).to_be_visible()
    expect(clerk.get_by_test_id("status")).to_have_text("Đã trả lời")
    expect(clerk.locator("#answer")).to_contain_text(answer)
    expect(clerk.locator('[data-action="answer"]')).to_have_count(0)

    with live_server.app.app_context():
        difficulty = db.session.scalars(sa.select(Difficulty)).one()
        assert difficulty.status is DifficultyStatus.ANSWERED
        assert difficulty.answer == answer
        assert difficulty.province_code == "01"
