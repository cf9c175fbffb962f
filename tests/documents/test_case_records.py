"""Case records are dated by their event, keep their number when printed again, and the
referral slip says what an official needs (trích yếu, 24/7 contact, MẬT, signer's title)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from caseflow.documents import services
from caseflow.extensions import db
from caseflow.workflow.models import EntryKind, TimelineEntry
from caseflow.workflow.states import CaseStatus
from tests.documents.helpers import pdf_text, squash, stored_pdf
from tests.factories import make_case

STOPPED = datetime(2026, 3, 5, 2, 30, tzinfo=UTC)  # 09:30 in Hà Nội


def issued(draft):
    document = services.issue(draft, url_root="http://localhost/")
    db.session.commit()
    return document


def text_of(document) -> str:
    return pdf_text(stored_pdf(document))


def test_bien_ban_is_dated_by_the_stop_not_by_the_print(app, cast):
    case = make_case(firm_user=cast.clerk, accepted_at=STOPPED - timedelta(hours=1),
                     stopped_at=STOPPED)
    text = text_of(issued(services.bien_ban_draft(case, actor=cast.clerk)))
    assert squash("Hà Nội, ngày 05 tháng 3 năm 2026") in text
    assert squash("Hôm nay, vào lúc 09 giờ 30 phút, ngày 05 tháng 3 năm 2026") in text


def test_referral_slip_is_dated_by_the_referral_not_by_the_print(app, cast, case):
    referral = case.referrals[0]
    referral.issued_at = datetime(2026, 2, 10, 1, 0, tzinfo=UTC)
    db.session.flush()
    slip = issued(services.referral_slip_draft(referral, actor=cast.security))
    assert squash("Hà Nội, ngày 10 tháng 02 năm 2026") in text_of(slip)
    assert slip.year == 2026


def test_reprinted_bien_ban_keeps_number_and_date(app, cast):
    case = make_case(firm_user=cast.clerk, accepted_at=STOPPED - timedelta(hours=1),
                     stopped_at=STOPPED)
    first = issued(services.bien_ban_draft(case, actor=cast.clerk))
    again = issued(services.bien_ban_draft(case, actor=cast.clerk))
    assert (again.number, again.revision) == (first.number, 2)
    assert again.public_id != first.public_id  # each print verifies on its own
    assert squash(f"Số: {first.number}") in text_of(again)
    assert squash("Hà Nội, ngày 05 tháng 3 năm 2026") in text_of(again)


def test_slip_names_its_subject_its_duty_contact_and_its_signer_by_title(app, cast, case):
    cast.firm.duty_contact = "Trực ban an ninh: 024 3838 0000"
    cast.security.job_title = "Trưởng phòng An ninh"
    db.session.flush()
    text = text_of(issued(services.referral_slip_draft(case.referrals[0],
                                                       actor=cast.security)))
    for part in (f"V/v chuyển hồ sơ vụ việc {case.reference}",
                 "Đầu mối liên hệ 24/7 của đơn vị chuyển hồ sơ: Trực ban an ninh: 024 3838 0000",
                 "TRƯỞNG PHÒNG AN NINH", cast.security.full_name):
        assert squash(part) in text, part


def test_slip_of_a_restricted_category_is_marked_secret_and_not_copied_to_the_so(app, cast):
    case = make_case(firm_user=cast.clerk, categories=("C5",), status=CaseStatus.REFERRED,
                     security=cast.security)
    text = text_of(issued(services.referral_slip_draft(case.referrals[0],
                                                       actor=cast.security)))
    assert "MẬT" in text
    assert squash("Sở Khoa học và Công nghệ (để theo dõi)") not in text
    assert squash("Lưu: hồ sơ vụ việc.") in text


def test_slip_of_an_ordinary_category_is_copied_to_the_so_and_not_secret(app, cast, case):
    text = text_of(issued(services.referral_slip_draft(case.referrals[0],
                                                       actor=cast.security)))
    assert squash("Sở Khoa học và Công nghệ (để theo dõi)") in text
    assert "MẬT" not in text


def test_the_case_file_register_tells_a_reprint_from_the_first_print(app, cast, case,
                                                                     fast_render):
    first = issued(services.bien_ban_draft(case, actor=cast.clerk))
    issued(services.bien_ban_draft(case, actor=cast.clerk))
    rows = services.case_file_draft(case, actor=cast.national).body["documents"]
    assert [(r["number"], r["kind"]) for r in rows] == [
        (first.number, "Biên bản dừng vận chuyển bưu gửi"),
        (first.number, "Biên bản dừng vận chuyển bưu gửi (bản in lại lần 2)")]


def test_the_verify_page_shows_the_date_the_paper_bears(client, cast):
    case = make_case(firm_user=cast.clerk, accepted_at=STOPPED - timedelta(hours=1),
                     stopped_at=STOPPED)
    record = issued(services.bien_ban_draft(case, actor=cast.clerk))
    html = client.get(f"/verify/{record.public_id}").get_data(as_text=True)
    assert "05/03/2026 09:30" in html


# --- the case file ------------------------------------------------------------------------------

def test_the_case_file_calls_the_acknowledgement_deadline_an_internal_target(app, cast, case):
    text = text_of(issued(services.case_file_draft(case, actor=cast.national)))
    assert squash("chỉ tiêu phối hợp nội bộ, không phải thời hạn luật định") in text
    assert squash("Hạn xác nhận tiếp nhận:") in text


def test_the_case_file_timeline_leaves_out_draft_saves(app, cast, case, fast_render):
    first = min(case.timeline, key=lambda e: e.created_at).created_at
    db.session.add(TimelineEntry(case_id=case.id, actor_id=cast.clerk.id, kind=EntryKind.EDIT,
                                 transition="save_draft", text="Lưu bản nháp",
                                 created_at=first - timedelta(minutes=5)))
    db.session.commit()
    rows = services.case_file_draft(case, actor=cast.national).body["timeline"]
    assert rows and all(r["text"] != "Lưu bản nháp" for r in rows)
