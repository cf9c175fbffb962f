"""Request tests of the case views: flag form, case page, actions, notes, closing, the list."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.cases import services as case_services
from caseflow.cases.models import Case, Disposition
from caseflow.cases.services import CASE_FIELDS
from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.referrals.services import transition as referral_transition
from caseflow.workflow.models import EntryKind, TimelineEntry
from caseflow.workflow.states import CaseStatus
from tests.conftest import login, post
from tests.factories import (
    flag_data,
    flag_form,
    make_case,
    make_org,
    make_user,
)

CONFLICT = "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại."
ACTION_RE = re.compile(r'data-action="([^"]+)"')
CASE_LINK_RE = re.compile(r'href="/cases/(\d+)"')


@pytest.fixture
def cast(app):
    """A firm in Hà Nội with a clerk and a security officer, a police unit, supervisors."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu chính Thử nghiệm")
    police = make_org(kind=OrgKind.POLICE, province_code="01", name="Công an Hà Nội")
    people = SimpleNamespace(
        firm=firm, police=police,
        clerk=make_user(role=Role.FIRM_CLERK, org=firm),
        security=make_user(role=Role.FIRM_SECURITY, org=firm),
        officer=make_user(role=Role.AGENCY_OFFICER, org=police),
        supervisor=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01"),
        national=make_user(role=Role.NATIONAL_SUPERVISOR),
        admin=make_user(role=Role.ADMIN),
    )
    db.session.commit()
    return people


def case_in(cast, status: CaseStatus, **data) -> Case:
    """Create a case of the cast's firm in the wanted status and commit it."""
    case = make_case(firm_user=cast.clerk, status=status, officer=cast.officer,
                     security=cast.security, **data)
    db.session.commit()
    return case


def reload(case: Case) -> Case:
    """Read the case again as the requests left it."""
    db.session.expire_all()
    return db.session.get(Case, case.id)


def actions(html: str) -> set[str]:
    return set(ACTION_RE.findall(html))


def blank_form() -> dict[str, str]:
    """Return the flag form as a browser posts it untouched: every box empty."""
    return {name: "" for name in CASE_FIELDS if name != "dong_kiem_done"}


def field_error(html: str, field: str) -> str:
    """Return the error text shown right below a field, or ''."""
    match = re.search(rf'id="{field}-error"[^>]*>(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def detail(client, case: Case) -> str:
    response = client.get(f"/cases/{case.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def timeline_rows(case: Case) -> list[TimelineEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(TimelineEntry).where(TimelineEntry.case_id == case.id)
                                   .order_by(TimelineEntry.id)))


# --- the flag form -------------------------------------------------------------------------

FLAG_LABELS = (
    "Số hiệu bưu gửi", "Tỉnh, thành phố nơi dừng bưu gửi", "Phạm vi dịch vụ", "Loại dịch vụ",
    "Thời điểm chấp nhận", "Bưu cục chấp nhận", "Tỉnh, thành phố gửi", "Nước gửi (bưu gửi quốc tế)",
    "Tỉnh, thành phố nhận", "Nước nhận (bưu gửi quốc tế)", "Nội dung khai báo",
    "Giá trị khai báo (đồng)", "Khối lượng (kg)", "Số kiện", "Họ tên người gửi",
    "Điện thoại người gửi", "Địa chỉ người gửi",
    "Số CCCD/thẻ căn cước/hộ chiếu người gửi (nếu có)", "Họ tên người nhận",
    "Điện thoại người nhận", "Địa chỉ người nhận", "Đã đồng kiểm khi chấp nhận",
    "Phương thức phát hiện", "Nhóm hàng cấm nghi vấn", "Mô tả nghi vấn",
    "Thời điểm dừng vận chuyển", "Nơi đang lưu giữ bưu gửi", "Số niêm phong",
)


def test_flag_form_shows_every_field_with_a_vietnamese_label(client, cast):
    login(client, cast.clerk)
    html = client.get("/cases/new").get_data(as_text=True)
    for name in (*CASE_FIELDS, "categories"):
        assert f'name="{name}"' in html, name
    for label in FLAG_LABELS:
        shown = rf">{re.escape(label)}( <span[^>]*>\*</span>)?</(label|legend)>"
        assert re.search(shown, html), label
    assert 'value="C8"' in html and 'name="save"' in html and 'name="submit"' in html


def test_the_firm_stops_carriage_it_does_not_detain_and_the_sender_id_is_optional(client, cast):
    login(client, cast.clerk)
    html = client.get("/cases/new").get_data(as_text=True)
    assert "Phát hiện và dừng vận chuyển" in html and "tạm giữ" not in html.lower()
    label = re.search(r'<label[^>]*for="sender_id_number"[^>]*>(.*?)</label>', html, re.S)
    assert label and "*" not in label.group(1) and "CMND" not in html


def test_flag_form_starts_in_the_firm_province(client, cast):
    login(client, cast.clerk)
    html = client.get("/cases/new").get_data(as_text=True)
    assert re.search(r'<option selected value="01">|<option value="01" selected>', html)


def test_saving_a_draft_with_only_tracking_number_and_province_creates_it(client, cast):
    login(client, cast.clerk)
    response = post(client, "/cases/new", {"tracking_number": "eb 123 456 789 vn",
                                           "province_code": "01", "save": "1"})
    case = db.session.scalar(sa.select(Case))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.id}/edit")
    assert case.status is CaseStatus.DRAFT and case.reference is None
    assert case.tracking_number == "EB123456789VN" and case.province_code == "01"
    assert case.firm_id == cast.firm.id and case.created_by_id == cast.clerk.id


def test_a_draft_saved_from_the_untouched_browser_form_has_empty_optional_fields(client, cast):
    login(client, cast.clerk)
    post(client, "/cases/new", {**blank_form(), "tracking_number": "EB123456789VN",
                                "province_code": "01", "save": "1"})
    case = db.session.scalar(sa.select(Case))
    assert case.status is CaseStatus.DRAFT
    assert case.service_scope is None and case.origin_country is None and case.weight_kg is None
    assert case.sender_name == "" and case.categories == []


def test_saving_needs_a_tracking_number(client, cast):
    login(client, cast.clerk)
    response = post(client, "/cases/new", {**blank_form(), "province_code": "01", "save": "1"})
    html = response.get_data(as_text=True)
    assert "Vui lòng nhập số hiệu bưu gửi." in field_error(html, "tracking_number")
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


def test_incomplete_submit_answers_422_with_messages_next_to_the_fields(client, cast):
    login(client, cast.clerk)
    response = post(client, "/cases/new", {**blank_form(), "tracking_number": "EB123456789VN",
                                           "province_code": "01", "submit": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vui lòng nhập họ tên người gửi." in field_error(html, "sender_name")
    assert "Vui lòng mô tả nghi vấn." in field_error(html, "description")
    assert "Chọn ít nhất một nhóm hàng cấm nghi vấn." in field_error(html, "categories")
    assert "bản nháp vẫn được giữ" in html


def test_incomplete_submit_keeps_the_draft(client, cast):
    login(client, cast.clerk)
    post(client, "/cases/new", {**blank_form(), "tracking_number": "EB123456789VN",
                                "province_code": "01", "sender_phone": "0912 345 678",
                                "held_at": "Kho bưu cục Cầu Giấy", "categories": ["C8"],
                                "submit": "1"})
    case = db.session.scalar(sa.select(Case))
    assert case.status is CaseStatus.DRAFT and case.reference is None
    assert case.sender_phone == "0912 345 678" and case.held_at == "Kho bưu cục Cầu Giấy"
    assert [c.code for c in case.categories] == ["C8"]


def test_after_a_failed_submit_the_completed_form_goes_through(client, cast):
    login(client, cast.clerk)
    first = post(client, "/cases/new", {**blank_form(), "tracking_number": "EB123456789VN",
                                        "province_code": "01", "submit": "1"})
    html = first.get_data(as_text=True)
    action = re.search(r'<form method="post" action="(/cases/[^"]+)"', html).group(1)
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    response = post(client, action, {**flag_form(tracking_number="EB123456789VN"),
                                     "version": version, "submit": "1"})
    case = db.session.scalar(sa.select(Case))
    assert response.status_code == 302
    assert case.status is CaseStatus.FLAGGED and case.reference is not None
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 1


def test_incomplete_submit_of_an_existing_draft_saves_what_was_typed(client, cast):
    draft = case_in(cast, CaseStatus.DRAFT)
    login(client, cast.clerk)
    response = post(client, f"/cases/{draft.id}/edit", {
        **flag_form(), "sender_name": "", "held_at": "Kho mới", "version": draft.version,
        "submit": "1"})
    html = response.get_data(as_text=True)
    case = reload(draft)
    assert response.status_code == 422
    assert "Vui lòng nhập họ tên người gửi." in field_error(html, "sender_name")
    assert case.status is CaseStatus.DRAFT and case.held_at == "Kho mới" and case.sender_name == ""
    assert f'name="version" value="{case.version}"' in html  # the next save is not a conflict


@pytest.mark.parametrize(("field", "typed", "shown", "message"), [
    ("sender_phone", "12ab", "12ab", "Số điện thoại không hợp lệ"),
    ("sender_id_number", "123", "123", "Số giấy tờ tùy thân phải là số định danh cá nhân 12 số"),
    ("sender_id_number", "012345678", "012345678", "CMND 9 số không còn giá trị sử dụng"),
    ("tracking_number", "ab c!", "ABC!", "Số hiệu bưu gửi gồm 6–30 ký tự"),
    ("accepted_at", "31/02/2026 10:00", "31/02/2026 10:00",
     "Nhập ngày giờ theo dạng dd/mm/yyyy HH:MM"),
    ("weight_kg", "-1", "-1", "Khối lượng phải lớn hơn 0 và không quá 100 tấn."),
    ("weight_kg", "abc", "abc", "Khối lượng phải là một số"),
    ("declared_value", "một triệu", "một triệu", "Nhập số tiền bằng chữ số"),
])
def test_invalid_format_shows_its_message_keeps_the_stored_value_and_saves_the_rest(
        client, cast, field, typed, shown, message):
    draft = case_in(cast, CaseStatus.DRAFT)
    before = {name: getattr(draft, name) for name in CASE_FIELDS}
    login(client, cast.clerk)
    response = post(client, f"/cases/{draft.id}/edit", {
        **flag_form(), field: typed, "held_at": "Kho mới", "version": draft.version,
        "save": "1"})
    html = response.get_data(as_text=True)
    case = reload(draft)
    assert response.status_code in (200, 422)
    assert message in field_error(html, field)
    assert f'value="{shown}"' in html and 'value="Kho mới"' in html
    assert getattr(case, field) == before[field]  # what was saved is not lost
    if field == "tracking_number":  # a draft without a valid number cannot be kept
        assert case.held_at == before["held_at"] and "Đã lưu bản nháp" not in html
    else:
        assert case.held_at == "Kho mới" and "Đã lưu bản nháp, trừ các ô có lỗi" in html


def test_a_send_with_bad_and_missing_fields_shows_every_error_at_once(client, cast):
    draft = case_in(cast, CaseStatus.DRAFT)
    login(client, cast.clerk)
    form = {k: v for k, v in flag_form().items() if k != "categories"}
    response = post(client, f"/cases/{draft.id}/edit", {
        **form, "weight_kg": "abc", "version": draft.version, "submit": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Khối lượng phải là một số" in field_error(html, "weight_kg")
    assert "Chọn ít nhất một nhóm hàng cấm nghi vấn" in field_error(html, "categories")
    assert "Đã lưu bản nháp" in html and reload(draft).status is CaseStatus.DRAFT


def test_a_form_without_a_valid_tracking_number_saves_nothing(client, cast):
    login(client, cast.clerk)
    response = post(client, "/cases/new", {**flag_form(), "tracking_number": ""})
    assert response.status_code == 422 and "Đã lưu bản nháp" not in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


def test_complete_submit_flags_the_case_with_a_reference_and_shows_it(client, cast):
    draft = case_in(cast, CaseStatus.DRAFT)
    login(client, cast.clerk)
    response = post(client, f"/cases/{draft.id}/edit",
                    {**flag_form(), "version": draft.version, "submit": "1"})
    case = reload(draft)
    reference = f"HN-{to_local(utcnow()).year}-000001"
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.id}")
    assert case.status is CaseStatus.FLAGGED and case.reference == reference
    assert case.submitted_at is not None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'data-testid="case-reference">{reference}<' in page
    assert f"Đã gửi báo cáo {reference}." in page


def test_submitting_straight_from_a_new_form_numbers_cases_in_turn(client, cast):
    login(client, cast.clerk)
    post(client, "/cases/new", {**flag_form(), "submit": "1"})
    post(client, "/cases/new", {**flag_form(province_code="79"), "submit": "1"})
    post(client, "/cases/new", {**flag_form(), "submit": "1"})
    year = to_local(utcnow()).year
    references = db.session.scalars(sa.select(Case.reference).order_by(Case.id)).all()
    assert references == [f"HN-{year}-000001", f"HCM-{year}-000001", f"HN-{year}-000002"]


def test_edit_with_a_stale_version_gets_the_conflict_and_keeps_the_typed_values(client, cast):
    draft = case_in(cast, CaseStatus.DRAFT)
    stale = draft.version
    case_services.save_draft(draft, actor=cast.clerk, data=flag_data(held_at="Kho của đồng nghiệp"))
    db.session.commit()
    login(client, cast.clerk)
    response = post(client, f"/cases/{draft.id}/edit", {
        **flag_form(), "held_at": "Kho tôi vừa gõ", "version": stale, "save": "1"})
    html = response.get_data(as_text=True)
    case = reload(draft)
    assert CONFLICT in html
    assert 'value="Kho tôi vừa gõ"' in html
    assert case.held_at == "Kho của đồng nghiệp" and case.version == stale + 1


def test_flag_form_reads_times_as_vietnam_time_and_shows_them_back(client, cast):
    login(client, cast.clerk)
    post(client, "/cases/new", {**blank_form(), "tracking_number": "EB123456789VN",
                                "province_code": "01", "accepted_at": "05/03/2026 14:30",
                                "stopped_at": "06/03/2026 00:15", "save": "1"})
    case = db.session.scalar(sa.select(Case))
    assert case.accepted_at == datetime(2026, 3, 5, 7, 30, tzinfo=UTC)
    assert case.stopped_at == datetime(2026, 3, 5, 17, 15, tzinfo=UTC)
    assert "05/03/2026 14:30" in detail(client, case)
    edit_page = client.get(f"/cases/{case.id}/edit").get_data(as_text=True)
    assert 'value="05/03/2026 14:30"' in edit_page and 'value="06/03/2026 00:15"' in edit_page


def test_a_draft_sent_from_another_tab_explains_itself_when_edited(client, cast):
    flagged = case_in(cast, CaseStatus.FLAGGED)
    login(client, cast.clerk)
    response = client.get(f"/cases/{flagged.id}/edit")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/cases/{flagged.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "thay đổi gần nhất" in page and "Gửi báo cáo" in page


def test_a_submitted_case_stays_hidden_from_another_firm(client, cast):
    flagged = case_in(cast, CaseStatus.FLAGGED)
    other = make_user(role=Role.FIRM_CLERK, org=make_org(kind=OrgKind.POSTAL_FIRM, name="Khác"))
    db.session.commit()
    login(client, other)
    assert client.get(f"/cases/{flagged.id}/edit").status_code == 404


def test_another_firm_neither_sees_nor_edits_a_draft(client, cast):
    draft = case_in(cast, CaseStatus.DRAFT)
    other_firm_clerk = make_user(role=Role.FIRM_CLERK)
    db.session.commit()
    login(client, other_firm_clerk)
    assert client.get(f"/cases/{draft.id}/edit").status_code == 404
    assert client.get(f"/cases/{draft.id}").status_code == 404


def test_agencies_and_supervisors_cannot_open_the_flag_form(client, cast):
    login(client, cast.officer)
    assert client.get("/cases/new").status_code == 404


def test_admins_see_no_case_content(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    login(client, cast.admin)
    assert client.get("/cases/").status_code == 404
    assert client.get(f"/cases/{case.id}").status_code == 404


def test_an_unknown_case_is_not_found(client, cast):
    login(client, cast.national)
    response = client.get("/cases/999999")
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc hồ sơ bạn yêu cầu." in response.get_data(as_text=True)


# --- the case page: buttons, timeline, referrals, conclusion ------------------------------

@pytest.mark.parametrize(("who", "status", "expected"), [
    ("clerk", CaseStatus.DRAFT, {"submit", "discard"}),
    ("clerk", CaseStatus.FLAGGED, set()),
    ("security", CaseStatus.FLAGGED, {"withdraw", "refer"}),
    ("security", CaseStatus.REFERRED, set()),
    ("security", CaseStatus.CONCLUDED, {"close"}),
    ("security", CaseStatus.CLOSED, set()),
    ("security", CaseStatus.WITHDRAWN, set()),
    ("officer", CaseStatus.REFERRED, {"accept", "decline", "transfer"}),
    ("officer", CaseStatus.INVESTIGATING, {"transfer", "request_info", "resolve", "detention"}),
    ("officer", CaseStatus.CONCLUDED, set()),
    ("supervisor", CaseStatus.FLAGGED, {"refer"}),
    ("supervisor", CaseStatus.INVESTIGATING, set()),
    ("supervisor", CaseStatus.CLOSED, {"reopen"}),
    ("national", CaseStatus.CLOSED, {"reopen"}),
])
def test_case_page_shows_exactly_the_actions_the_user_may_press(client, cast, who, status,
                                                                 expected):
    case = case_in(cast, status)
    login(client, getattr(cast, who))
    assert actions(detail(client, case)) == expected


def test_firm_sees_the_answer_button_while_the_agency_waits_on_information(client, cast):
    case = case_in(cast, CaseStatus.INVESTIGATING)
    referral = case.referrals[0]
    referral_transition(referral, "request_info", actor=cast.officer, reason="Cần ảnh chụp",
                        expected_version=referral.version)
    db.session.commit()
    login(client, cast.security)
    assert actions(detail(client, case)) == {"answer_info"}


def test_case_page_shows_the_timeline_with_who_when_what_and_why(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    login(client, cast.security)
    post(client, f"/cases/{case.id}/do/withdraw",
         {"version": case.version, "reason": "Soi chiếu nhầm kiện hàng bên cạnh"})
    html = detail(client, case)
    timeline = html[html.index('id="timeline"'):]
    withdrawn = timeline_rows(case)[-1]
    row = timeline[timeline.index('data-transition="withdraw"'):]
    row = row[:row.index("</li>")]
    assert cast.security.full_name in row and cast.firm.short_name in row
    assert to_local(withdrawn.created_at).strftime("%d/%m/%Y %H:%M") in row
    assert "Rút báo cáo (báo nhầm)" in row
    assert "Soi chiếu nhầm kiện hàng bên cạnh" in row
    assert 'data-transition="submit"' in timeline


def test_case_page_shows_referrals_and_the_conclusion(client, cast):
    case = case_in(cast, CaseStatus.CONCLUDED)
    login(client, cast.security)
    html = detail(client, case)
    referrals = html[html.index('id="referrals"'):html.index('id="timeline"')]
    assert "Công an Hà Nội" in referrals and 'data-status="resolved"' in referrals
    conclusion = referrals[referrals.index('data-testid="conclusion"'):]
    for text in ("Xác nhận có vi phạm", "123/QĐ-XPHC", "15.000.000 ₫",
                 "Nghị định 98/2020/NĐ-CP Điều 11", "Tịch thu", "Hàng giả nhãn hiệu"):
        assert text in conclusion, text


def test_personal_data_is_masked_for_a_supervisor(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    login(client, cast.supervisor)
    html = detail(client, case)
    assert 'data-testid="masked"' in html
    assert "Nguyễn Văn Bình" not in html and "N*** V*** B***" in html


# --- case actions -------------------------------------------------------------------------

def test_security_withdraws_a_flagged_case_with_a_reason(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/do/withdraw",
                    {"version": case.version, "reason": "Báo nhầm"})
    assert response.status_code == 302
    assert reload(case).status is CaseStatus.WITHDRAWN
    entry = timeline_rows(case)[-1]
    assert (entry.transition, entry.text, entry.actor_id) == ("withdraw", "Báo nhầm",
                                                              cast.security.id)


def test_withdrawing_without_a_reason_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    rows = len(timeline_rows(case))
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/do/withdraw",
                    {"version": case.version, "reason": "  "},
                    headers={"Referer": f"http://localhost/cases/{case.id}"},
                    follow_redirects=True)
    assert "Vui lòng nêu lý do." in response.get_data(as_text=True)
    assert reload(case).status is CaseStatus.FLAGGED
    assert reload(case).version == case.version and len(timeline_rows(case)) == rows


def test_withdrawing_without_a_reason_and_no_referrer_answers_422(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/do/withdraw", {"version": case.version})
    assert response.status_code == 422
    assert "Vui lòng nêu lý do." in response.get_data(as_text=True)
    assert reload(case).status is CaseStatus.FLAGGED


def test_a_clerk_may_not_withdraw(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    login(client, cast.clerk)
    response = post(client, f"/cases/{case.id}/do/withdraw",
                    {"version": case.version, "reason": "Báo nhầm"})
    assert response.status_code == 403
    assert reload(case).status is CaseStatus.FLAGGED


def test_an_action_from_a_stale_page_says_what_changed(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/do/withdraw",
                    {"version": case.version, "reason": "Báo nhầm"})
    assert response.status_code == 303 and response.headers["Location"] == f"/cases/{case.id}"
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "thay đổi gần nhất" in page
    assert "Chuyển cơ quan chức năng" in page and "Đã chuyển cơ quan chức năng" in page
    assert reload(case).status is CaseStatus.REFERRED


def test_the_close_page_reopened_after_closing_explains_instead_of_404(client, cast):
    case = case_in(cast, CaseStatus.CLOSED)
    login(client, cast.security)
    response = client.get(f"/cases/{case.id}/close")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ghi nhận xử lý bưu gửi và đóng hồ sơ" in page and "không thực hiện được lúc này" in page


def test_the_close_page_stays_hidden_from_a_clerk(client, cast):
    case = case_in(cast, CaseStatus.CLOSED)
    login(client, cast.clerk)
    assert client.get(f"/cases/{case.id}/close").status_code == 404


def test_a_transition_with_its_own_form_is_refused_as_a_button(client, cast):
    case = case_in(cast, CaseStatus.CONCLUDED)
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/do/close", {"version": case.version})
    assert response.status_code == 403
    assert reload(case).status is CaseStatus.CONCLUDED


def test_clerk_discards_a_draft_from_the_case_page(client, cast):
    case = case_in(cast, CaseStatus.DRAFT)
    login(client, cast.clerk)
    post(client, f"/cases/{case.id}/do/discard", {"version": case.version})
    assert reload(case).status is CaseStatus.WITHDRAWN


def test_an_action_with_a_stale_version_gets_the_conflict_and_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    rows = len(timeline_rows(case))
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/do/withdraw",
                    {"version": case.version - 1, "reason": "Báo nhầm"},
                    headers={"Referer": f"http://localhost/cases/{case.id}"},
                    follow_redirects=True)
    assert CONFLICT in response.get_data(as_text=True)
    assert reload(case).status is CaseStatus.FLAGGED and len(timeline_rows(case)) == rows


def test_an_action_with_a_stale_version_and_no_referrer_answers_409(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/do/withdraw",
                    {"version": case.version + 1, "reason": "Báo nhầm"})
    assert response.status_code == 409
    assert CONFLICT in response.get_data(as_text=True)
    assert reload(case).status is CaseStatus.FLAGGED


def test_security_closes_a_concluded_case_with_a_disposition(client, cast):
    case = case_in(cast, CaseStatus.CONCLUDED)
    login(client, cast.security)
    page = client.get(f"/cases/{case.id}/close").get_data(as_text=True)
    assert re.search(r'<option selected value="confiscated">|<option value="confiscated" selected>',
                     page)
    response = post(client, f"/cases/{case.id}/close", {
        "version": case.version, "disposition": "destroyed", "note": "Tiêu hủy theo biên bản"})
    closed = reload(case)
    assert response.status_code == 302
    assert closed.status is CaseStatus.CLOSED and closed.disposition is Disposition.DESTROYED
    assert closed.disposition_note == "Tiêu hủy theo biên bản" and closed.closed_at is not None
    html = detail(client, case)
    assert "Tiêu hủy" in html[html.index('data-testid="disposition"'):]


def test_closing_without_a_disposition_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.CONCLUDED)
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/close", {"version": case.version,
                                                        "disposition": ""})
    assert "Vui lòng chọn cách xử lý bưu gửi." in field_error(response.get_data(as_text=True),
                                                              "disposition")
    assert reload(case).status is CaseStatus.CONCLUDED


def test_closing_with_a_stale_version_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.CONCLUDED)
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/close", {
        "version": case.version - 1, "disposition": "destroyed"})
    assert response.status_code == 409
    assert CONFLICT in response.get_data(as_text=True)
    closed = reload(case)
    assert closed.status is CaseStatus.CONCLUDED and closed.disposition is None


@pytest.mark.parametrize("who", ["clerk", "officer"])
def test_only_firm_security_may_open_the_closing_form(client, cast, who):
    case = case_in(cast, CaseStatus.CONCLUDED)
    login(client, getattr(cast, who))
    assert client.get(f"/cases/{case.id}/close").status_code == 404


def test_provincial_supervisor_reopens_a_closed_case_with_a_reason(client, cast):
    case = case_in(cast, CaseStatus.CLOSED)
    login(client, cast.supervisor)
    post(client, f"/cases/{case.id}/do/reopen",
         {"version": case.version, "reason": "Có tin báo mới"})
    reopened = reload(case)
    assert reopened.status is CaseStatus.FLAGGED and reopened.round == 2
    assert reopened.closed_at is None
    entry = timeline_rows(case)[-1]
    assert (entry.transition, entry.text, entry.actor_id) == ("reopen", "Có tin báo mới",
                                                              cast.supervisor.id)


def test_reopening_without_a_reason_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.CLOSED)
    login(client, cast.supervisor)
    response = post(client, f"/cases/{case.id}/do/reopen", {"version": case.version})
    assert response.status_code == 422
    assert reload(case).status is CaseStatus.CLOSED and reload(case).round == 1


def test_a_supervisor_of_another_province_cannot_reopen(client, cast):
    case = case_in(cast, CaseStatus.CLOSED)
    elsewhere = make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79")
    db.session.commit()
    login(client, elsewhere)
    response = post(client, f"/cases/{case.id}/do/reopen",
                    {"version": case.version, "reason": "Có tin báo mới"})
    assert response.status_code == 404
    assert reload(case).status is CaseStatus.CLOSED


# --- notes --------------------------------------------------------------------------------

def test_a_note_adds_a_timeline_row(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    login(client, cast.officer)
    response = post(client, f"/cases/{case.id}/notes", {"text": "Đã liên hệ bưu cục"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#timeline")
    entry = timeline_rows(case)[-1]
    assert (entry.kind, entry.text, entry.actor_id) == (EntryKind.NOTE, "Đã liên hệ bưu cục",
                                                        cast.officer.id)
    assert "Đã liên hệ bưu cục" in detail(client, case)


def test_an_empty_note_is_refused(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    rows = len(timeline_rows(case))
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/notes", {"text": "   "})
    assert response.status_code == 422
    assert "Ghi chú không được để trống." in response.get_data(as_text=True)
    assert len(timeline_rows(case)) == rows


def test_drafts_take_no_notes(client, cast):
    case = case_in(cast, CaseStatus.DRAFT)
    login(client, cast.clerk)
    assert post(client, f"/cases/{case.id}/notes", {"text": "Ghi chú"}).status_code == 404


# --- the case list ------------------------------------------------------------------------

def listed(client, query: str = "") -> list[int]:
    """Return the ids of the cases the list shows, in order."""
    response = client.get(f"/cases/{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return [int(i) for i in CASE_LINK_RE.findall(html[html.index('id="case-table"'):])]


def created(case: Case, when: datetime) -> Case:
    case.created_at = when
    db.session.commit()
    return case


@pytest.fixture
def spread(cast):
    """Five cases across firms, provinces, agencies, categories and days, oldest first."""
    other_firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Chuyển phát Khác")
    other_clerk = make_user(role=Role.FIRM_CLERK, org=other_firm)
    customs = make_org(kind=OrgKind.CUSTOMS, province_code="79", name="Hải quan TP.HCM")
    customs_officer = make_user(role=Role.AGENCY_OFFICER, org=customs)
    base = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội
    cases = SimpleNamespace(
        cosmetics=case_in(cast, CaseStatus.FLAGGED, categories=("C8",),
                          description="Mỹ phẩm nghi giả nhãn hiệu"),
        drugs=case_in(cast, CaseStatus.REFERRED, categories=("C1",), description="Bột trắng"),
        hcm=make_case(firm_user=other_clerk, status=CaseStatus.INVESTIGATING, province_code="79",
                      officer=customs_officer, categories=("C14",),
                      description="Linh kiện điện tử"),
        phones=case_in(cast, CaseStatus.FLAGGED, categories=("C8",),
                       tracking_number="RR123456789CN", description="Điện thoại xách tay"),
        draft=case_in(cast, CaseStatus.DRAFT, description="Bản nháp mỹ phẩm"),
        customs=customs,
    )
    for days, case in enumerate((cases.cosmetics, cases.drugs, cases.hcm, cases.phones,
                                 cases.draft)):
        created(case, base + timedelta(days=days))
    return cases


def test_case_list_shows_newest_first(client, cast, spread):
    login(client, cast.national)
    assert listed(client) == [spread.phones.id, spread.hcm.id, spread.drugs.id,
                              spread.cosmetics.id]


def test_case_list_shows_only_what_the_user_may_see(client, cast, spread):
    login(client, cast.clerk)
    assert listed(client) == [spread.draft.id, spread.phones.id, spread.drugs.id,
                              spread.cosmetics.id]


@pytest.mark.parametrize(("query", "expected"), [
    ("?status=flagged", ["phones", "cosmetics"]),
    ("?status=investigating", ["hcm"]),
    ("?province=79", ["hcm"]),
    ("?category=C8", ["phones", "cosmetics"]),
    ("?category=C1", ["drugs"]),
    ("?tracking_number=rr 123 456 789 cn", ["phones"]),
    ("?q=nhãn hiệu", ["cosmetics"]),
    ("?q=xách", ["phones"]),
    ("?date_from=11/03/2026&date_to=12/03/2026", ["hcm", "drugs"]),
    ("?date_from=13/03/2026", ["phones"]),
    ("?date_to=10/03/2026", ["cosmetics"]),
    ("?status=flagged&category=C8&date_from=13/03/2026", ["phones"]),
])
def test_each_filter_narrows_the_list(client, cast, spread, query, expected):
    login(client, cast.national)
    assert listed(client, query) == [getattr(spread, name).id for name in expected]


def test_firm_filter_narrows_the_list(client, cast, spread):
    login(client, cast.national)
    assert listed(client, f"?firm={cast.firm.id}") == [spread.phones.id, spread.drugs.id,
                                                       spread.cosmetics.id]


def test_agency_filter_narrows_the_list(client, cast, spread):
    login(client, cast.national)
    assert listed(client, f"?agency={spread.customs.id}") == [spread.hcm.id]
    assert listed(client, f"?agency={cast.police.id}") == [spread.drugs.id]


def test_q_searches_the_reference(client, cast, spread):
    login(client, cast.national)
    db.session.expire_all()
    reference = db.session.get(Case, spread.hcm.id).reference
    assert listed(client, f"?q={reference.lower()}") == [spread.hcm.id]


def test_date_filter_counts_days_in_vietnam_time(client, cast, spread):
    late_evening = created(db.session.get(Case, spread.cosmetics.id),
                           datetime(2026, 3, 20, 16, 30, tzinfo=UTC))  # 23:30 on 20/03 in VN
    login(client, cast.national)
    assert listed(client, "?date_from=20/03/2026&date_to=20/03/2026") == [late_evening.id]
    assert listed(client, "?date_from=21/03/2026") == []


def test_a_bad_date_shows_its_message(client, cast, spread):
    login(client, cast.national)
    html = client.get("/cases/?date_from=31/02/2026").get_data(as_text=True)
    assert "Nhập ngày theo dạng dd/mm/yyyy." in field_error(html, "date_from")


def test_pagination_keeps_the_filters_in_the_page_links(app, client, cast, monkeypatch):
    monkeypatch.setitem(app.config, "CASES_PER_PAGE", 2)
    flagged = [case_in(cast, CaseStatus.FLAGGED) for _ in range(3)]
    for days, case in enumerate(flagged):
        created(case, datetime(2026, 3, 10, tzinfo=UTC) + timedelta(days=days))
    case_in(cast, CaseStatus.REFERRED)
    login(client, cast.security)
    html = client.get("/cases/?status=flagged").get_data(as_text=True)
    following = unescape(re.search(r'rel="next" href="([^"]+)"', html).group(1))
    assert following.startswith("/cases/?status=flagged&after=")
    assert "3 hồ sơ" in html
    assert listed(client, "?status=flagged") == [flagged[2].id, flagged[1].id]
    assert listed(client, following[len("/cases/"):]) == [flagged[0].id]


# --- the timeline as the page shows it -----------------------------------------------------

def test_the_timeline_drops_draft_saves_once_the_report_is_sent(client, cast):
    login(client, cast.clerk)
    response = post(client, "/cases/new", {**flag_form(), "description": "Lần 1"})
    case = db.session.get(Case, int(response.headers["Location"].split("/")[2]))
    post(client, f"/cases/{case.id}/edit", {**flag_form(), "description": "Lần 2",
                                           "version": case.version})
    html = detail(client, reload(case))
    assert html.count('data-transition="save_draft"') == 1  # a draft keeps its latest save
    case = reload(case)
    post(client, f"/cases/{case.id}/edit", {**flag_form(), "description": "Lần 2",
                                           "version": case.version, "submit": "1"})
    assert reload(case).status is CaseStatus.FLAGGED
    html = detail(client, case)
    assert 'data-transition="save_draft"' not in html and 'data-transition="submit"' in html


def test_the_engine_move_is_folded_into_the_referral_row(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    login(client, cast.officer)
    post(client, f"/referrals/{case.referrals[0].id}/do/accept",
         {"version": case.referrals[0].version})
    html = detail(client, reload(case))
    assert 'data-transition="start_investigation"' not in html
    assert "→ Cơ quan chức năng tiếp nhận" in html
    assert len([e for e in timeline_rows(case) if e.transition == "start_investigation"]) == 1


# --- the same parcel twice -----------------------------------------------------------------

def test_saving_a_tracking_number_already_on_a_case_warns_and_still_saves(client, cast):
    first = case_in(cast, CaseStatus.FLAGGED, tracking_number="EE111222333VN")
    login(client, cast.clerk)
    response = post(client, "/cases/new", {**flag_form(), "tracking_number": "EE111222333VN"},
                    follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Số hiệu bưu gửi EE111222333VN đã có trong hồ sơ khác" in html
    assert first.reference in html
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 2


def test_the_case_page_links_the_other_case_of_the_same_parcel(client, cast):
    first = case_in(cast, CaseStatus.FLAGGED, tracking_number="EE111222333VN")
    second = case_in(cast, CaseStatus.DRAFT, tracking_number="EE111222333VN")
    login(client, cast.security)
    html = detail(client, second)
    assert 'data-testid="same-parcel"' in html and f"/cases/{first.id}" in html


def test_another_firms_case_with_the_same_number_is_not_revealed(client, cast):
    other_firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu chính Khác")
    other_clerk = make_user(role=Role.FIRM_CLERK, org=other_firm)
    db.session.commit()
    make_case(firm_user=other_clerk, status=CaseStatus.FLAGGED, tracking_number="EE111222333VN")
    mine = case_in(cast, CaseStatus.DRAFT, tracking_number="EE111222333VN")
    login(client, cast.clerk)
    assert 'data-testid="same-parcel"' not in detail(client, mine)


def test_the_case_page_names_countries_and_leaves_no_stray_separator(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    case.origin_country, case.acceptance_office, case.detection_method = "CN", "", None
    db.session.commit()
    login(client, cast.security)
    html = detail(client, case)
    parcel = html[html.index('id="h-parcel"'):html.index('aria-labelledby="h-categories"')]
    assert "Trung Quốc" in parcel and ">CN<" not in parcel and " CN" not in parcel
    assert not re.search(r'<dd class="col-sm-8">\s*·', parcel)
    assert not re.search(r"·\s*</dd>", parcel)
