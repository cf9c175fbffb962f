"""The shared layout (Decree 30/2020/NĐ-CP): header, number, page numbers, signatures."""

from __future__ import annotations

import io

import pytest
from flask import render_template_string
from pypdf import PdfReader

from caseflow.accounts.models import OrgKind, Role
from caseflow.db_types import utcnow
from caseflow.documents import context as ctx
from caseflow.documents import pdf, services
from caseflow.documents.qr import qr_data_uri
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.reports.queries import Period
from tests.documents.helpers import page_count, pdf_text, squash
from tests.factories import make_org, make_user

A4_HEIGHT_PT = 841.89
TOP_MARGIN_PT = 20 / 25.4 * 72


@pytest.mark.parametrize(("kind", "province", "name", "parent", "unit", "code"), [
    (OrgKind.DOST, "01", "Sở Khoa học và Công nghệ Thành phố Hà Nội", "UBND Thành phố Hà Nội",
     "Sở Khoa học và Công nghệ", "SKHCN"),
    (OrgKind.DOST, "04", "Sở Khoa học và Công nghệ Cao Bằng", "UBND tỉnh Cao Bằng",
     "Sở Khoa học và Công nghệ", "SKHCN"),
    (OrgKind.MINISTRY, None, "Bộ Khoa học và Công nghệ – Vụ Bưu chính",
     "Bộ Khoa học và Công nghệ", "Vụ Bưu chính", "BKHCN"),
    (OrgKind.POSTAL_FIRM, "01", "Giao Hàng Nhanh – Chi nhánh Hà Nội", "Giao Hàng Nhanh",
     "Chi nhánh Hà Nội", "GHN"),
    (OrgKind.POLICE, "01", "Phòng Cảnh sát kinh tế – Công an Thành phố Hà Nội",
     "Công an Thành phố Hà Nội", "Phòng Cảnh sát kinh tế", "PCSKT"),
    (OrgKind.POSTAL_FIRM, "01", "Bưu điện Thành phố Hà Nội", "", "Bưu điện Thành phố Hà Nội",
     "BĐTPHN"),
])
def test_the_header_puts_the_parent_body_over_the_unit(app, kind, province, name, parent, unit,
                                                        code):
    org = make_org(kind=kind, province_code=province, name=name)
    assert ctx.org_parts(org) == (parent, unit)
    assert ctx.issuer_code(org) == code


def test_numbers_are_written_as_decree_30_writes_them(app):
    from caseflow.documents.models import DocumentKind
    from caseflow.documents.numbering import format_number

    assert format_number(1, 2026, DocumentKind.SUMMARY_REPORT, "SKHCN") == "01/BC-SKHCN"
    assert format_number(123, 2026, DocumentKind.SUMMARY_REPORT, "SKHCN") == "123/BC-SKHCN"
    assert format_number(7, 2026, DocumentKind.CASE_FILE) == "7/2026/HS"  # without an issuer


def _report(actor, province_code):
    now = to_local(utcnow())
    document = services.issue(services.summary_report_draft(
        actor=actor, province_code=province_code, period=Period.month(now.year, now.month)),
        url_root="http://localhost/")
    db.session.commit()
    return document


def test_a_provincial_report_is_headed_by_the_peoples_committee(app, cast):
    document = _report(cast.supervisor, "01")
    text = pdf_text(document.blob.content)
    header = text.index(squash("UBND THÀNH PHỐ HÀ NỘI"))
    assert header < text.index(squash("SỞ KHOA HỌC VÀ CÔNG NGHỆ")) < text.index("Số:01/BC-SKHCN")
    assert squash("GIÁM ĐỐC") in text and "TL.BỘTRƯỞNG" not in text


def test_a_ministry_department_signs_for_the_minister(app):
    ministry = make_org(kind=OrgKind.MINISTRY, name="Bộ Khoa học và Công nghệ – Vụ Bưu chính")
    national = make_user(role=Role.NATIONAL_SUPERVISOR, org=ministry)
    text = pdf_text(_report(national, None).blob.content)
    assert text.index(squash("BỘ KHOA HỌC VÀ CÔNG NGHỆ")) < text.index(squash("VỤ BƯU CHÍNH"))
    assert "Số:01/BC-BKHCN" in text
    assert squash("TL. BỘ TRƯỞNG VỤ TRƯỞNG VỤ BƯU CHÍNH") in text


def _top_margin_texts(content: bytes) -> list[str]:
    """Return, per page, the text printed in the top margin."""
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        parts: list[str] = []

        def visit(text, cm, tm, font, size, parts=parts):
            y = cm[5] + tm[5] * cm[3] if cm[3] else tm[5]
            if text.strip() and y > A4_HEIGHT_PT - TOP_MARGIN_PT:
                parts.append(text.strip())
        page.extract_text(visitor_text=visit)
        found.append("".join(parts))
    return found


def test_page_numbers_sit_top_centre_from_the_second_page(app, cast, case):
    document = services.issue(services.case_file_draft(case, actor=cast.national),
                              url_root="http://localhost/")
    tops = _top_margin_texts(document.blob.content)
    assert len(tops) >= 2
    assert tops[0] == ""  # no number on the first page
    assert tops[1:] == [str(n) for n in range(2, len(tops) + 1)]
    assert "Trang" not in pdf_text(document.blob.content)


CLOSING = """{% extends "documents/pdf/_layout.html" %}
{% from "documents/pdf/_macros.html" import signature %}
{% block content %}{% for i in range(lines) %}<p>Dòng nội dung số {{ i }}.</p>{% endfor %}
<p>DÒNG CUỐI CÙNG.</p>
<table class="signatures"><tr><td></td><td>{{ signature('Giám đốc', '(Ký)', 'Người Ký',
  sign_for='KT. Bộ trưởng') }}</td></tr></table>{% endblock %}"""


def _closing_pdf(lines: int) -> bytes:
    doc = {"org_name": "Sở Khoa học và Công nghệ", "number": "01/BC-SKHCN",
           "dateline": "Hà Nội", "qr": qr_data_uri("http://x/"), "kind": "Báo cáo"}
    return pdf.render_pdf(render_template_string(CLOSING, lines=lines, doc=doc)).content


def test_the_signature_block_never_stands_alone_on_the_last_page(app):
    with app.test_request_context():
        # find the first length that needs a second page: there the signature would be pushed
        low, high = 10, 60
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (low, middle) if page_count(_closing_pdf(middle)) > 1 else (middle, high)
        content = _closing_pdf(high)
    last = PdfReader(io.BytesIO(content)).pages[-1].extract_text()
    assert page_count(content) == 2
    assert squash("DÒNG CUỐI CÙNG.") in squash(last) and squash("KT. BỘ TRƯỞNG") in squash(last)


def test_label_and_value_stay_on_one_row(app, cast):
    text = pdf_text(_report(cast.supervisor, "01").blob.content)
    for label in ("Thời gian tiếp nhận bình quân:", "Thời gian tiếp nhận dài nhất:",
                  "Thời gian kết luận bình quân:"):
        after = text[text.index(squash(label)) + len(squash(label)):]
        assert after.startswith(("—", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")), label


FACTS = """{% extends "documents/pdf/_layout.html" %}
{% from "documents/pdf/_macros.html" import facts %}
{% block content %}{% for i in range(pad) %}<p>Đệm {{ i }}</p>{% endfor %}
{{ facts(rows) }}{% endblock %}"""


def test_a_label_is_never_parted_from_its_value(app):
    doc = {"org_name": "Sở Khoa học và Công nghệ", "number": "01/BC-SKHCN",
           "dateline": "Hà Nội", "qr": qr_data_uri("http://x/"), "kind": "Báo cáo"}
    rows = [(f"NHÃN {i}:", f"GIÁTRỊ{i}. " + "dài " * (i % 3) * 20) for i in range(30)]
    with app.test_request_context():
        for pad in range(0, 24, 3):  # move the rows across the page end
            content = pdf.render_pdf(render_template_string(FACTS, pad=pad, rows=rows,
                                                            doc=doc)).content
            pages = [squash(p.extract_text()) for p in PdfReader(io.BytesIO(content)).pages]
            for i in range(30):
                page = next(p for p in pages if f"NHÃN{i}:" in p)
                assert f"GIÁTRỊ{i}." in page, (pad, i)
