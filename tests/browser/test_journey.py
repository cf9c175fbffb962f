"""A parcel's journey through real Chromium: flag, refer, accept, conclude, close."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from caseflow.accounts.models import OrgKind, User
from caseflow.cases.models import Case, Disposition
from caseflow.extensions import db
from caseflow.i18n import VN_TZ
from caseflow.workflow.states import CaseStatus
from tests.browser.conftest import QLTT_HCM
from tests.factories import make_case

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SCREENSHOT = "/tmp/caseflow-case-page.png"
TRACKING = "EB123456789VN"


def vn_time(hours_ago: int) -> str:
    """A time in Vietnam as the form wants it typed: dd/mm/yyyy HH:MM."""
    return (datetime.now(VN_TZ) - timedelta(hours=hours_ago)).strftime("%d/%m/%Y %H:%M")


def status_of(page: Page):
    """The case's status badge: the first on the page, the referrals' come after it."""
    return page.locator("main .status-badge").first


def flash(page: Page):
    return page.get_by_role("alert")


def open_case(page: Page, reference: str) -> None:
    """Find the case in the list and open it."""
    page.get_by_role("navigation").get_by_role("link", name="Hồ sơ vụ việc").click()
    page.locator("#case-table").get_by_role("link", name=reference).click()
    expect(page.get_by_test_id("case-reference")).to_have_text(reference)


def fill_flag_form(page: Page) -> None:
    """Fill every field of the flag form for a domestic parcel (the countries stay blank)."""
    label = page.get_by_label
    label("Số hiệu bưu gửi").fill(TRACKING)
    label("Tỉnh, thành phố nơi dừng bưu gửi").select_option(label="Thành phố Hà Nội")
    label("Phạm vi dịch vụ").select_option(label="Trong nước")
    label("Loại dịch vụ").select_option(label="Bưu kiện")
    label("Thời điểm chấp nhận").fill(vn_time(5))
    label("Bưu cục chấp nhận").fill("Bưu cục Cầu Giấy")
    label("Giá trị khai báo (đồng)").fill("1500000")
    label("Khối lượng (kg)").fill("2.35")
    label("Số kiện").fill("2")
    label("Tỉnh, thành phố gửi", exact=True).select_option(label="Thành phố Hà Nội")
    label("Tỉnh, thành phố nhận", exact=True).select_option(label="Thành phố Hồ Chí Minh")
    label("Nội dung khai báo").fill("Mỹ phẩm, quần áo")
    label("Họ tên người gửi").fill("Nguyễn Văn Bình")
    label("Điện thoại người gửi").fill("0912 345 678")
    label("Số CCCD/thẻ căn cước/hộ chiếu người gửi (nếu có)").fill("001089012345")
    label("Địa chỉ người gửi").fill("12 Trần Duy Hưng, Cầu Giấy, Hà Nội")
    label("Họ tên người nhận").fill("Trần Thị Hoa")
    label("Điện thoại người nhận").fill("0987654321")
    label("Địa chỉ người nhận").fill("45 Lê Lợi, Bến Thành, Thành phố Hồ Chí Minh")
    label("Phương thức phát hiện").select_option(label="Soi chiếu X-quang")
    label("Thời điểm dừng vận chuyển").fill(vn_time(4))
    label("Nơi đang lưu giữ bưu gửi").fill("Kho bưu cục Cầu Giấy")
    label("Số niêm phong").fill("NP-0001")
    label("Đã đồng kiểm khi chấp nhận").check()
    page.get_by_role("checkbox", name=re.compile(r"^C8 ")).check()
    label("Mô tả nghi vấn").fill("Hình ảnh soi chiếu cho thấy nhiều hộp mỹ phẩm nghi giả "
                                 "nhãn hiệu.")


def test_parcel_walks_from_flag_to_close(live_server, people, login):
    year = datetime.now(VN_TZ).year
    reference = f"HN-{year}-000001"

    # The clerk flags the parcel: first a draft, then the report.
    clerk = login(people.clerk)
    expect(clerk.get_by_test_id("whoami")).to_contain_text("Nhân viên bưu cục")
    clerk.get_by_role("navigation").get_by_role("link", name="Báo cáo bưu gửi nghi vấn").click()
    expect(clerk.get_by_role("heading", name="Báo cáo bưu gửi nghi vấn")).to_be_visible()
    fill_flag_form(clerk)
    clerk.get_by_role("button", name="Lưu nháp").click()
    expect(flash(clerk)).to_have_text("Đã lưu bản nháp.")
    expect(clerk).to_have_url(re.compile(r"/cases/\d+/edit$"))
    expect(clerk.get_by_role("heading", name="Báo cáo bưu gửi nghi vấn")).to_contain_text("Nháp #")
    # The saved draft shows what was typed, diacritics and all.
    expect(clerk.get_by_label("Họ tên người gửi")).to_have_value("Nguyễn Văn Bình")
    expect(clerk.get_by_label("Đã đồng kiểm khi chấp nhận")).to_be_checked()
    expect(clerk.get_by_role("checkbox", name=re.compile(r"^C8 "))).to_be_checked()
    clerk.get_by_role("button", name="Lưu và gửi báo cáo").click()
    expect(flash(clerk)).to_have_text(f"Đã gửi báo cáo {reference}.")
    expect(clerk.get_by_test_id("case-reference")).to_have_text(reference)
    expect(status_of(clerk)).to_have_text("Đã báo cáo")
    parcel = clerk.locator("section[aria-labelledby=h-parcel]")
    expect(parcel).to_contain_text(TRACKING)
    expect(parcel).to_contain_text("1.500.000 ₫")
    expect(parcel).to_contain_text("Đã đồng kiểm")
    expect(clerk.locator("section[aria-labelledby=h-categories]")).to_contain_text("C8")
    expect(clerk.locator('[data-action="accept"]')).to_have_count(0)

    # Firm security refers it to the suggested QLTT unit of Hà Nội.
    security = login(people.security)
    open_case(security, reference)
    security.locator('[data-action="refer"]').click()
    expect(security.get_by_test_id("suggested")).to_contain_text(people.agency)
    expect(security.get_by_role("checkbox", name=people.agency)).to_be_checked()
    # The unit list filters as one types, without accents; the checked unit stays in view.
    security.locator("#agency-filter").fill("quan ly thi truong ho chi minh")
    expect(security.get_by_role("checkbox", name=QLTT_HCM)).to_be_visible()
    expect(security.get_by_role("checkbox", name=people.agency)).to_be_visible()
    security.locator("#agency-filter").fill("khong co don vi nay")
    expect(security.get_by_role("checkbox", name=QLTT_HCM)).to_be_hidden()
    security.locator("#agency-filter").fill("")
    security.get_by_label("Nội dung đề nghị").fill("Đề nghị kiểm tra, xử lý theo thẩm quyền.")
    security.get_by_role("button", name="Chuyển hồ sơ").click()
    expect(flash(security)).to_have_text(f"Đã chuyển hồ sơ {reference} đến 1 đơn vị.")
    expect(status_of(security)).to_have_text("Đã chuyển cơ quan chức năng")
    referral = security.locator("[data-referral]")
    expect(referral).to_contain_text(people.agency)
    expect(referral.locator(".status-badge")).to_have_text("Chờ tiếp nhận")

    # The QLTT officer finds it in the list, accepts it and concludes.
    officer = login(people.officer)
    expect(officer.locator("#case-table")).to_contain_text(TRACKING)
    open_case(officer, reference)
    officer.locator('[data-action="accept"]').click()
    expect(flash(officer)).to_have_text(f"Đã cập nhật hồ sơ {reference}.")
    expect(status_of(officer)).to_have_text("Đang xác minh")
    expect(officer.locator("[data-referral] .status-badge")).to_have_text("Đã tiếp nhận")
    officer.locator('[data-action="resolve"]').click()
    expect(officer.get_by_role("heading", name=f"Kết luận hồ sơ {reference}")).to_be_visible()
    officer.get_by_label("Kết luận", exact=True).select_option(label="Xác nhận có vi phạm")
    officer.get_by_label("Xử lý bưu gửi").select_option(label="Tịch thu")
    officer.get_by_label("Số tiền phạt (đồng)").fill("15000000")
    officer.get_by_label("Số quyết định xử phạt").fill("123/QĐ-XPHC")
    officer.get_by_label("Căn cứ pháp lý").fill("Nghị định 98/2020/NĐ-CP Điều 11")
    officer.get_by_label("Nội dung kết luận").fill("Hàng giả nhãn hiệu, đã lập biên bản.")
    officer.get_by_role("button", name="Ghi nhận kết luận").click()
    expect(flash(officer)).to_have_text("Đã ghi nhận kết luận.")
    expect(status_of(officer)).to_have_text("Đã có kết luận")
    conclusion = officer.get_by_test_id("conclusion")
    for text in ("Xác nhận có vi phạm", "123/QĐ-XPHC", "15.000.000 ₫",
                 "Nghị định 98/2020/NĐ-CP Điều 11", "Tịch thu"):
        expect(conclusion).to_contain_text(text)
    expect(officer.locator('[data-action="close"]')).to_have_count(0)

    # Firm security records the disposition the agency decided and closes the case.
    security.reload()
    expect(status_of(security)).to_have_text("Đã có kết luận")
    security.locator('[data-action="close"]').click()
    disposition = security.get_by_label("Xử lý bưu gửi")
    expect(disposition).to_have_value(Disposition.CONFISCATED.value)  # suggested by the agency
    security.get_by_label("Ghi chú").fill("Đã bàn giao bưu gửi cho QLTT Hà Nội.")
    security.get_by_role("button", name="Đóng hồ sơ").click()
    expect(flash(security)).to_have_text(f"Đã đóng hồ sơ {reference}.")
    expect(status_of(security)).to_have_text("Đã đóng")
    expect(security.get_by_test_id("disposition")).to_have_text(
        "Tịch thu — Đã bàn giao bưu gửi cho QLTT Hà Nội.")
    expect(security.locator("#case-actions [data-action]")).to_have_count(0)

    # The timeline tells the story step by step, oldest first.
    steps = security.locator("#timeline li")
    expect(steps.first).to_be_visible()
    recorded = [t for t in steps.evaluate_all("items => items.map(li => li.dataset.transition)")
                if t and t != "None"]  # notes carry no transition
    expected = {
        "submit": "Gửi báo cáo",
        "refer": "Chuyển cơ quan chức năng",
        "issue": f"Chuyển hồ sơ đến đơn vị — {people.agency}",
        # The engine's own case moves show folded into the referral rows that caused them.
        "accept": "→ Cơ quan chức năng tiếp nhận",
        "resolve": "→ Đã có kết luận của cơ quan chức năng",
        "close": "Ghi nhận xử lý bưu gửi và đóng hồ sơ",
    }
    assert recorded == list(expected)
    for transition, text in expected.items():
        expect(steps.and_(security.locator(f'[data-transition="{transition}"]'))).to_contain_text(
            text)
    security.screenshot(path=SCREENSHOT, full_page=True)

    with live_server.app.app_context():
        case = db.session.scalars(sa.select(Case)).one()
        assert case.reference == reference
        assert case.status is CaseStatus.CLOSED
        assert case.disposition is Disposition.CONFISCATED
        assert case.closed_at is not None
        assert [c.code for c in case.categories] == ["C8"]
        assert case.sender_name == "Nguyễn Văn Bình"


def test_validation_errors_keep_what_was_typed(live_server, people, login):
    clerk = login(people.clerk)
    clerk.get_by_role("navigation").get_by_role("link", name="Báo cáo bưu gửi nghi vấn").click()
    clerk.get_by_label("Số hiệu bưu gửi").fill("eb 987 654 321 vn")
    clerk.get_by_label("Họ tên người gửi").fill("Lê Thị Ánh Tuyết")
    clerk.get_by_label("Điện thoại người gửi").fill("12345")
    # Typed key by key as a clerk writes money, with Vietnamese thousands separators.
    clerk.get_by_label("Giá trị khai báo (đồng)").press_sequentially("1.500.000")
    clerk.get_by_label("Mô tả nghi vấn").fill("Kiện hàng có mùi lạ, nghi chứa pháo.")

    # A malformed phone number is refused; what was typed correctly is kept as the draft.
    clerk.get_by_role("button", name="Lưu và gửi báo cáo").click()
    expect(clerk.locator("#form-errors")).to_contain_text(
        "Đã lưu bản nháp, trừ các ô có lỗi bên dưới")
    expect(clerk.locator("#sender_phone-error")).to_contain_text("Số điện thoại không hợp lệ")
    expect(clerk.get_by_label("Điện thoại người gửi")).to_have_attribute("aria-invalid", "true")
    expect(clerk.locator("#declared_value-error")).to_have_count(0)  # 1.500.000 is Vietnamese
    expect(clerk.locator("main")).not_to_contain_text("Not a valid")  # WTForms has no Vietnamese
    expect(clerk.get_by_label("Điện thoại người gửi")).to_have_value("12345")
    expect(clerk.get_by_label("Họ tên người gửi")).to_have_value("Lê Thị Ánh Tuyết")
    expect(clerk.get_by_label("Mô tả nghi vấn")).to_have_value(
        "Kiện hàng có mùi lạ, nghi chứa pháo.")
    with live_server.app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 1
        assert not db.session.scalars(sa.select(Case)).one().sender_phone  # not the bad one

    # With a valid phone the report still lacks what a submission needs.
    clerk.get_by_label("Điện thoại người gửi").fill("0912.345.678")
    clerk.get_by_role("button", name="Lưu và gửi báo cáo").click()
    expect(clerk.locator("#form-errors")).to_contain_text(
        "Báo cáo chưa đủ thông tin để gửi; bản nháp vẫn được giữ.")
    for field, message in {
        "weight_kg": "Vui lòng nhập khối lượng.",
        "acceptance_office": "Vui lòng nhập bưu cục chấp nhận.",
        "stopped_at": "Vui lòng nhập thời điểm dừng vận chuyển.",
        "categories": "Chọn ít nhất một nhóm hàng cấm nghi vấn.",
    }.items():
        expect(clerk.locator(f"#{field}-error")).to_have_text(message)
    expect(clerk.locator("#sender_id_number-error")).to_have_count(0)  # optional (issue 10)
    expect(clerk.locator("#sender_phone-error")).to_have_count(0)
    expect(clerk.locator("#sender_name-error")).to_have_count(0)
    expect(clerk.get_by_label("Số hiệu bưu gửi")).to_have_value("EB987654321VN")
    expect(clerk.get_by_label("Họ tên người gửi")).to_have_value("Lê Thị Ánh Tuyết")
    expect(clerk.get_by_label("Điện thoại người gửi")).to_have_value("0912.345.678")
    expect(clerk.get_by_label("Giá trị khai báo (đồng)")).to_have_value("1.500.000")
    expect(clerk.get_by_label("Tỉnh, thành phố nơi dừng bưu gửi")).to_have_value("01")
    expect(clerk.get_by_label("Mô tả nghi vấn")).to_have_value(
        "Kiện hàng có mùi lạ, nghi chứa pháo.")
    expect(clerk.get_by_role("heading", name="Báo cáo bưu gửi nghi vấn")).to_contain_text("Nháp #")

    with live_server.app.app_context():
        draft = db.session.scalars(sa.select(Case)).one()
        assert draft.status is CaseStatus.DRAFT
        assert draft.reference is None
        assert draft.tracking_number == "EB987654321VN"
        assert draft.sender_name == "Lê Thị Ánh Tuyết"
        assert draft.sender_phone == "0912.345.678"
        assert draft.declared_value == 1_500_000


def test_buttons_match_role(live_server, people, login):
    with live_server.app.app_context():
        users = {u.username: u for u in db.session.scalars(sa.select(User))}
        officer = users[people.officer]
        assert officer.organisation.kind is OrgKind.MARKET_SURVEILLANCE
        case = make_case(firm_user=users[people.clerk], status=CaseStatus.REFERRED,
                         officer=officer, security=users[people.security])
        case_url, reference = f"/cases/{case.id}", case.reference
        db.session.commit()

    # The unit the case was referred to sees the button (so the checks below mean something).
    own_unit = login(people.officer)
    own_unit.goto(case_url)
    expect(own_unit.get_by_test_id("case-reference")).to_have_text(reference)
    expect(own_unit.get_by_role("button", name="Tiếp nhận", exact=True)).to_be_visible()

    # Another agency unit does not learn that the case exists.
    other = login(people.other_officer)
    response = other.goto(case_url)
    assert response is not None and response.status == 404
    expect(other.get_by_role("heading", name="404")).to_be_visible()
    expect(other.get_by_test_id("error-message")).to_have_text(
        "Không tìm thấy trang hoặc hồ sơ bạn yêu cầu.")
    expect(other.get_by_text(reference)).to_have_count(0)
    other.get_by_role("navigation").get_by_role("link", name="Hồ sơ vụ việc").click()
    expect(other.get_by_test_id("case-count")).to_have_text("0 hồ sơ")

    # The clerk sees the case but may not act for the agency.
    clerk = login(people.clerk)
    clerk.goto(case_url)
    expect(clerk.get_by_test_id("case-reference")).to_have_text(reference)
    expect(status_of(clerk)).to_have_text("Đã chuyển cơ quan chức năng")
    expect(clerk.get_by_role("button", name="Tiếp nhận", exact=True)).to_have_count(0)
    expect(clerk.locator("[data-action]")).to_have_count(0)
