"""The summary report's written parts: defaults from the figures, the supervisor's own words,
difficulties of the period, and countries named in Vietnamese."""

from __future__ import annotations

from caseflow.cases.models import ServiceScope
from caseflow.db_types import utcnow
from caseflow.difficulties import services as difficulties
from caseflow.documents import services
from caseflow.documents.context import case_facts
from caseflow.documents.models import Document, DocumentJob
from caseflow.extensions import db
from caseflow.i18n import country_name, to_local
from caseflow.reports.queries import Period
from tests.conftest import login, post
from tests.documents.helpers import pdf_text, squash, stored_pdf
from tests.factories import make_case

SECTIONS = ("VIII. Đánh giá chung", "IX. Khó khăn, vướng mắc", "X. Kiến nghị, đề xuất")


def _report_text(actor, **texts) -> str:
    now = to_local(utcnow())
    draft = services.summary_report_draft(actor=actor, province_code="01",
                                          period=Period.month(now.year, now.month),
                                          texts=texts or None)
    return pdf_text(services.issue(draft, url_root="http://localhost/").blob.content)


def test_the_report_closes_with_assessment_difficulties_and_recommendations(app, cast, case):
    difficulties.submit(actor=cast.security, data={
        "addressee": "province", "province_code": "01",
        "subject": "Chưa rõ cách niêm phong bưu gửi pin lithium", "body": "Xin hướng dẫn."})
    text = _report_text(cast.supervisor)
    for section in SECTIONS:
        assert squash(section) in text
    assert squash("báo cáo 1 vụ việc") in text  # the assessment is drawn from the figures
    assert squash("Chưa rõ cách niêm phong bưu gửi pin lithium") in text  # the period's reports
    assert squash("Đề nghị các doanh nghiệp bưu chính") in text


def test_the_supervisors_texts_replace_the_defaults(app, cast, case):
    text = _report_text(cast.supervisor, assessment="Công tác phối hợp tốt.",
                        recommendations="Đề nghị Bộ ban hành hướng dẫn về pin lithium.")
    assert squash("Công tác phối hợp tốt.") in text
    assert squash("Đề nghị Bộ ban hành hướng dẫn về pin lithium.") in text
    assert squash("Trong kỳ, các doanh nghiệp bưu chính đã phát hiện") not in text
    assert squash("Trong kỳ không phát sinh khó khăn, vướng mắc.") in text  # blank: default


def test_countries_print_by_their_vietnamese_names(app, cast):
    abroad = make_case(firm_user=cast.clerk, service_scope=ServiceScope.INTERNATIONAL,
                       destination_province_code=None, destination_country="JP")
    db.session.commit()
    assert case_facts(abroad)["destination"] == "Nhật Bản"  # the case documents too
    text = _report_text(cast.supervisor)
    assert squash("Nhật Bản") in text and "JP" not in text
    assert country_name("US", "vi") == "Hoa Kỳ" and country_name("", "vi") == ""


def test_the_request_form_keeps_the_supervisors_texts_with_the_job(app, client, cast):
    login(client, cast.supervisor)
    post(client, "/documents/reports", {"scope": "01", "period": "month", "number": "11",
                                         "year": "2026", "assessment": "Tình hình ổn định.",
                                         "difficulties": "", "recommendations": ""})
    job = db.session.scalars(db.select(DocumentJob)).one()
    assert job.params["texts"] == {"assessment": "Tình hình ổn định."}
    document = db.session.get(Document, job.document_id)  # the job ran and printed them
    assert squash("Tình hình ổn định.") in pdf_text(stored_pdf(document))


def test_a_too_long_text_is_refused_in_vietnamese(app, client, cast):
    login(client, cast.supervisor)
    response = post(client, "/documents/reports", {"scope": "01", "period": "month",
                                                    "number": "11", "year": "2026",
                                                    "assessment": "x" * 6001})
    assert response.status_code == 200 and "Mỗi phần tối đa 6000 ký tự." in response.text
    assert db.session.scalars(db.select(DocumentJob)).first() is None
