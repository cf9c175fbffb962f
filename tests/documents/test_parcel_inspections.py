"""The authority's biên bản kiểm tra bưu gửi: made on its written request, by the agency
holding the referral, signed by the parties, dated by the inspection."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from caseflow import permissions
from caseflow.documents import parcel_inspections
from caseflow.documents.models import Document, DocumentKind
from caseflow.errors import NotAllowed
from caseflow.extensions import db
from caseflow.workflow.states import CaseStatus
from tests.conftest import csrf_token, login
from tests.documents.helpers import pdf_text, squash, stored_pdf
from tests.factories import make_case

FORM = {"request_number": "125/CV-PC03", "request_date": date(2026, 3, 6),
        "request_issuer": "Phòng Cảnh sát kinh tế, Công an Thành phố Hà Nội",
        "inspected_at": datetime(2026, 3, 6, 14, 0), "place": "Kho bưu cục Cầu Giấy",
        "officer_name": "Lê Văn Cường", "officer_title": "Đội trưởng",
        "firm_representative": "Phạm Thị Dung", "findings": "Phát hiện 40 hộp mỹ phẩm giả.",
        "refused_by": "Nguyễn Văn Bình", "refusal_reason": "không đồng ý với kết quả",
        "copies": 3}


def record(referral, actor, **changes):
    document = parcel_inspections.record(referral, actor=actor, data={**FORM, **changes},
                                         url_root="http://localhost/")
    db.session.commit()
    return document


def test_the_record_cites_the_written_request_and_is_dated_by_the_inspection(app, cast, case):
    document = record(case.referrals[0], cast.officer)
    text = pdf_text(stored_pdf(document))
    for part in ("BIÊN BẢN", "Kiểm tra bưu gửi", "khoản 2, khoản 3 và khoản 4 Điều 14",
                 "văn bản yêu cầu kiểm tra bưu gửi số 125/CV-PC03 ngày 06 tháng 3 năm 2026",
                 "Phòng Cảnh sát kinh tế, Công an Thành phố Hà Nội",
                 "Hà Nội, ngày 06 tháng 3 năm 2026",
                 "Hôm nay, vào lúc 14 giờ 00 phút, ngày 06 tháng 3 năm 2026",
                 "Lê Văn Cường", "Đội trưởng", "ĐẠI DIỆN CƠ QUAN KIỂM TRA",
                 "ĐẠI DIỆN DOANH NGHIỆP BƯU CHÍNH", "Phát hiện 40 hộp mỹ phẩm giả.",
                 "Ông/Bà Nguyễn Văn Bình từ chối ký, lý do: không đồng ý với kết quả.",
                 "lập thành 03 bản", "mỗi bên giữ 01 bản"):
        assert squash(part) in text, part
    assert document.kind is DocumentKind.PARCEL_INSPECTION
    assert document.number.startswith("01/BB-KTBG-")
    assert document.issuer_id == cast.police.id and document.personal_data


def test_printing_again_keeps_number_and_date(app, cast, case):
    first = record(case.referrals[0], cast.officer)
    again = parcel_inspections.reprint(first.parcel_inspection, actor=cast.officer,
                                       url_root="http://localhost/")
    assert (again.number, again.revision) == (first.number, 2)
    assert squash("Hà Nội, ngày 06 tháng 3 năm 2026") in pdf_text(stored_pdf(again))


@pytest.mark.parametrize("who, allowed", [
    ("officer", True),          # the agency holding the accepted referral
    ("other_officer", False),   # another agency
    ("clerk", False), ("security", False),  # the firm never inspects on its own
    ("supervisor", False), ("national", False),
])
def test_only_the_agency_holding_the_referral_records_an_inspection(app, cast, case, who,
                                                                    allowed):
    assert permissions.can_record_parcel_inspection(getattr(cast, who),
                                                    case.referrals[0]) is allowed


def test_an_agency_cannot_inspect_before_accepting(app, cast):
    case = make_case(firm_user=cast.clerk, status=CaseStatus.REFERRED, officer=cast.officer,
                     security=cast.security)
    assert not permissions.can_record_parcel_inspection(cast.officer, case.referrals[0])
    with pytest.raises(NotAllowed):
        record(case.referrals[0], cast.officer)


def test_the_firm_reads_the_record_a_supervisor_does_not(app, cast, case):
    document = record(case.referrals[0], cast.officer)
    assert permissions.can_read_document(cast.security, document)
    assert permissions.can_read_document(cast.officer, document)
    assert not permissions.can_read_document(cast.supervisor, document)


def test_officer_records_through_the_form_and_a_missing_request_is_refused(client, cast, case):
    referral_id = case.referrals[0].id
    login(client, cast.officer)
    url = f"/referrals/{referral_id}/documents/inspection"
    page = client.get(url)
    assert page.status_code == 200
    data = {"csrf_token": csrf_token(client), "request_date": "06/03/2026",
            "request_issuer": FORM["request_issuer"], "inspected_at": "06/03/2026 14:00",
            "place": "Kho", "officer_name": "Lê Văn Cường", "officer_title": "Đội trưởng",
            "copies": "3"}
    refused = client.post(url, data=data)
    assert refused.status_code == 200
    assert "Vui lòng nhập số văn bản yêu cầu." in refused.get_data(as_text=True)
    assert db.session.query(Document).count() == 0
    done = client.post(url, data={**data, "request_number": "125/CV-PC03"})
    assert done.status_code == 302
    assert db.session.query(Document).one().kind is DocumentKind.PARCEL_INSPECTION


def test_a_refusal_to_sign_needs_a_reason(client, cast, case):
    url = f"/referrals/{case.referrals[0].id}/documents/inspection"
    login(client, cast.officer)
    data = {"csrf_token": csrf_token(client), "request_number": "1/CV",
            "request_date": "06/03/2026", "request_issuer": "Công an", "copies": "3",
            "inspected_at": "06/03/2026 14:00", "place": "Kho", "officer_name": "A",
            "officer_title": "B", "refused_by": "Nguyễn Văn Bình"}
    refused = client.post(url, data=data)
    assert "Vui lòng ghi lý do người đó từ chối ký." in refused.get_data(as_text=True)


def test_the_firm_cannot_open_the_inspection_form(client, cast, case):
    login(client, cast.security)
    assert client.get(f"/referrals/{case.referrals[0].id}/documents/inspection"
                      ).status_code == 404


@pytest.mark.parametrize("who, shown", [("officer", True), ("security", False),
                                        ("national", False)])
def test_the_case_page_offers_the_inspection_record_to_the_holding_agency_only(
        client, cast, case, who, shown):
    login(client, getattr(cast, who))
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert ('data-document="parcel_inspection"' in page) is shown
