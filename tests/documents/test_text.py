"""What a reader sees: each document's text, read back from the PDF, with every diacritic."""

from __future__ import annotations

import unicodedata

from caseflow.db_types import utcnow
from caseflow.documents import services
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.reports.queries import Period
from tests.documents.helpers import page_count, pdf_text, squash, stored_pdf
from tests.factories import make_case

NATIONAL_HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # ngang huyền sắc ngã hỏi nặng


def every_vietnamese_letter() -> str:
    """Every vowel with every tone, and đ, in lower and upper case, precomposed (NFC)."""
    letters = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES]
    lower = " ".join([*letters, "đ"])
    return f"{lower} {lower.upper()}"


def issued(draft) -> bytes:
    document = services.issue(draft, url_root="http://localhost/")
    db.session.commit()
    return document


def assert_contains(text: str, *parts: str) -> None:
    for part in parts:
        assert squash(part) in text, part


def test_every_diacritic_renders_and_extracts_exactly(app, cast):
    letters = every_vietnamese_letter()
    assert len(letters.split()) == 2 * (12 * 6 + 1)
    case = make_case(firm_user=cast.clerk, description=letters)
    text = pdf_text(stored_pdf(issued(services.bien_ban_draft(case, actor=cast.clerk))))
    assert squash(letters) in text


def test_bien_ban_reads_as_a_record_of_stopping_the_item(app, cast, case):
    document = issued(services.bien_ban_draft(case, actor=cast.clerk))
    text = pdf_text(stored_pdf(document))
    assert_contains(text, *NATIONAL_HEADER, "BIÊN BẢN", "Dừng vận chuyển bưu gửi",
                    f"Số: {document.number}", "Bưu điện Thành phố Hà Nội",
                    "Căn cứ khoản 1 Điều 14 Luật Bưu chính số 49/2010/QH12",
                    "giữ nguyên trạng, không mở", "từ chối ký, lý do",
                    case.tracking_number, "Kho bưu cục Cầu Giấy", "NP-0001",
                    "Nguyễn Văn Bình", "C8", "NGƯỜI CHỨNG KIẾN THỨ NHẤT",
                    "NGƯỜI CHỨNG KIẾN THỨ HAI", "ĐẠI DIỆN DOANH NGHIỆP BƯU CHÍNH",
                    "lập thành 03 bản")
    assert document.number.startswith("01/BB-DVC-")
    # The firm stops and notifies; inspecting is the authority's act, on its written request.
    assert squash("kiểm tra") not in text.lower()


def test_referral_slip_carries_legal_basis_annexes_and_a_receipt(app, cast, case):
    record = issued(services.bien_ban_draft(case, actor=cast.clerk))
    slip = issued(services.referral_slip_draft(case.referrals[0], actor=cast.security))
    text = pdf_text(stored_pdf(slip))
    assert_contains(text, *NATIONAL_HEADER, "PHIẾU CHUYỂN HỒ SƠ VỤ VIỆC",
                    "Kính gửi: Công an Thành phố Hà Nội", f"Số: {slip.number}",
                    "điểm b khoản 1 Điều 14", "V/v chuyển hồ sơ vụ việc",
                    "Sở Khoa học và Công nghệ (để theo dõi)", "Đầu mối liên hệ 24/7",
                    "chỉ tiêu phối hợp nội bộ", "không phải thời hạn luật định",
                    case.reference, case.tracking_number, record.number, record.sha256,
                    "GIẤY BIÊN NHẬN HỒ SƠ", "NGƯỜI NHẬN")
    assert "Điều58" not in "".join(text.split())  # the 24 h is no statutory deadline
    assert "NguyễnVănBình" not in text  # the slip carries no personal data
    # Art. 58(5) of the Law on Handling Administrative Violations binds competent persons,
    # not the postal firm sending the slip.
    assert "Điều58" not in text and "MẬT" not in text
    assert slip.number.startswith("01/PC-")


def test_case_file_has_cover_sections_timeline_and_register(app, cast, case):
    record = issued(services.bien_ban_draft(case, actor=cast.clerk))
    document = issued(services.case_file_draft(case, actor=cast.national))
    text, pages = pdf_text(stored_pdf(document)), page_count(stored_pdf(document))
    assert_contains(text, *NATIONAL_HEADER, "HỒ SƠ VỤ VIỆC", case.reference,
                    "I. Bưu gửi", "II. Người gửi, người nhận", "III. Nhóm hàng cấm",
                    "IV. Chuyển cơ quan chức năng", "Công an Thành phố Hà Nội", "Đã tiếp nhận",
                    "V. Kết luận", "VI. Diễn biến vụ việc", "Gửi báo cáo", "Tiếp nhận",
                    "VII. Văn bản đã lập", record.number, record.sha256,
                    )
    assert pages >= 2


def test_summary_report_has_counts_chart_and_violations(app, cast):
    from caseflow.workflow.states import CaseStatus

    concluded = make_case(firm_user=cast.clerk, status=CaseStatus.CONCLUDED,
                          officer=cast.officer, security=cast.security)
    db.session.commit()
    now = to_local(utcnow())
    document = issued(services.summary_report_draft(
        actor=cast.supervisor, province_code="01", period=Period.month(now.year, now.month)))
    text = pdf_text(stored_pdf(document))
    assert_contains(text, *NATIONAL_HEADER, "BÁO CÁO TỔNG HỢP", "Phạm vi: Thành phố Hà Nội",
                    f"tháng {now.month} năm {now.year}", "Kính gửi: Bộ Khoa học và Công nghệ",
                    "Số vụ việc theo nhóm hàng", "Bưu điện Thành phố Hà Nội",
                    "Công an Thành phố Hà Nội", "VII. Vụ việc kết luận có vi phạm",
                    concluded.reference, "123/QĐ-XPHC", "15.000.000 ₫")
    assert document.number == "01/BC-SKHCN"


def test_documents_print_in_vietnamese_whatever_the_interface_language(app, cast, case):
    from flask_babel import force_locale

    with force_locale("en"):
        document = issued(services.bien_ban_draft(case, actor=cast.clerk))
    assert_contains(pdf_text(stored_pdf(document)), *NATIONAL_HEADER, "BIÊN BẢN")
