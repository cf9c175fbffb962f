"""Request tests: who reaches what, the recorded journey, the minute PDF, the exports."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.documents.models import Document, DocumentKind
from caseflow.extensions import db
from caseflow.inspections import services
from caseflow.inspections.legal import ChecklistItem
from caseflow.inspections.models import Inspection, ItemResult, Violation, ViolationStatus
from tests.conftest import login, post
from tests.documents.helpers import pdf_text, squash


def planned(people) -> Inspection:
    inspection = services.plan(actor=people.supervisor, data={
        "firm_id": people.firm.id, "service_point": "Bưu cục Cầu Giấy",
        "planned_on": date(2026, 7, 1), "decision_number": "12/QĐ-SKHCN",
        "team": "Nguyễn Văn A – Trưởng đoàn", "scope": "Chỉ thị 02"})
    db.session.commit()
    return inspection


def record_form(inspection: Inspection, failed: dict[ChecklistItem, str],
                day: str = "01/07/2026") -> dict:
    form = {"version": str(inspection.version), "inspected_on": day,
            "conclusion": "Yêu cầu khắc phục trong 30 ngày."}
    for item in ChecklistItem:
        form[f"result_{item.value}"] = "failed" if item in failed else "passed"
        form[f"note_{item.value}"] = failed.get(item, "")
    return form


@pytest.mark.parametrize(("who", "status"), [
    ("supervisor", 200), ("national", 200), ("security", 200), ("clerk", 200),
    ("far_supervisor", 404), ("other_security", 404), ("officer", 404), ("admin", 404),
])  # fmt: skip
def test_who_sees_an_inspection(client, people, who, status):
    inspection = planned(people)
    login(client, getattr(people, who))
    assert client.get(f"/inspections/{inspection.id}").status_code == status


@pytest.mark.parametrize(("who", "status"), [
    ("supervisor", 200), ("national", 404), ("security", 404), ("officer", 404), ("admin", 404),
])  # fmt: skip
def test_only_a_provincial_supervisor_plans(client, people, who, status):
    login(client, getattr(people, who))
    assert client.get("/inspections/new").status_code == status


def test_the_recording_form_is_the_province_supervisors_only(client, people):
    inspection = planned(people)
    login(client, people.security)
    assert client.get(f"/inspections/{inspection.id}/record").status_code == 404
    response = post(client, f"/inspections/{inspection.id}/record", record_form(inspection, {}))
    assert response.status_code == 404


def test_a_supervisor_plans_records_two_failures_and_issues_the_minute(client, people):
    login(client, people.supervisor)
    response = post(client, "/inspections/new", {
        "firm_id": str(people.firm.id), "service_point": "Bưu cục Cầu Giấy",
        "decision_number": "12/QĐ-SKHCN", "planned_on": "01/07/2026",
        "team": "Nguyễn Văn A – Trưởng đoàn", "scope": "Việc thực hiện Chỉ thị 02"})
    assert response.status_code == 302
    inspection = db.session.scalar(sa.select(Inspection))
    page = client.get(f"/inspections/{inspection.id}/record").get_data(as_text=True)
    assert "Điểm d khoản 3 Điều 12 Nghị định số 174/2026/NĐ-CP" in page
    failed = {ChecklistItem.BANNED_LIST_POSTED: "Chưa niêm yết danh mục hàng cấm gửi.",
              ChecklistItem.STOP_AND_NOTIFY: "Không thông báo khi phát hiện bưu gửi nghi vấn."}
    response = post(client, f"/inspections/{inspection.id}/record",
                    record_form(inspection, failed))
    assert response.status_code == 302
    db.session.expire_all()
    violations = list(db.session.scalars(sa.select(Violation).order_by(Violation.id)))
    assert [v.item for v in violations] == list(failed)
    detail = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert detail.count('data-result="failed"') == 2

    response = post(client, f"/inspections/{inspection.id}/minute")
    assert response.status_code == 302
    document = db.session.scalar(sa.select(Document))
    assert document.kind is DocumentKind.INSPECTION_MINUTE
    assert "/BB-KT-" in document.number and document.inspection_id == inspection.id
    text = pdf_text(client.get(f"/documents/{document.id}/download").data)
    for part in ("BIÊN BẢN KIỂM TRA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", document.number,
                 "Bưu điện Thành phố Hà Nội", "Chưa niêm yết danh mục hàng cấm gửi.",
                 "Nghị định số 174/2026/NĐ-CP", "10.000.000 ₫ – 20.000.000 ₫", "cần đối chiếu",
                 "Chỉ thị số 02/CT-BKHCN"):
        assert squash(part) in text, part
    verify = client.get(f"/verify/{document.public_id}").get_data(as_text=True)
    assert document.number in verify and document.sha256 in verify


def test_the_firm_reads_the_minute_and_another_firm_does_not(client, people):
    inspection = planned(people)
    results = {item: (ItemResult.PASSED, "") for item in ChecklistItem}
    services.record(inspection, actor=people.supervisor, inspected_on=date(2026, 7, 1),
                    results=results, conclusion="", expected_version=inspection.version)
    db.session.commit()
    login(client, people.supervisor)
    post(client, f"/inspections/{inspection.id}/minute")
    document = db.session.scalar(sa.select(Document))
    firm_client = client.application.test_client()
    login(firm_client, people.security)
    assert firm_client.get(f"/documents/{document.id}/download").status_code == 200
    assert f'data-download="{document.id}"' in firm_client.get(
        f"/inspections/{inspection.id}").get_data(as_text=True)
    assert post(firm_client, f"/inspections/{inspection.id}/minute").status_code == 404
    stranger = client.application.test_client()
    login(stranger, people.other_security)
    assert stranger.get(f"/documents/{document.id}/download").status_code == 404


def recorded_violation(people) -> Violation:
    inspection = planned(people)
    results = {item: (ItemResult.PASSED, "") for item in ChecklistItem}
    results[ChecklistItem.STOP_AND_NOTIFY] = (ItemResult.FAILED, "Không thông báo.")
    [violation] = services.record(inspection, actor=people.supervisor,
                                  inspected_on=date(2026, 7, 1), results=results,
                                  conclusion="", expected_version=inspection.version)
    db.session.commit()
    return violation


def test_the_offence_report_comes_before_the_sanction_form(client, people):
    violation = recorded_violation(people)
    login(client, people.supervisor)
    page = client.get(f"/inspections/violations/{violation.id}").get_data(as_text=True)
    assert "Chưa lập" in page and 'name="report_number"' in page
    assert 'name="sanction_decision_number"' not in page
    url = f"/inspections/violations/{violation.id}/offence-report"
    response = post(client, url, {"version": "1", "report_number": "", "report_date": "02/07/2026"})
    assert response.status_code == 422
    assert "Vui lòng nhập số biên bản vi phạm hành chính." in response.get_data(as_text=True)
    response = post(client, url, {"version": "1", "report_number": "07/BB-VPHC",
                                  "report_date": "02/07/2026"})
    assert response.status_code == 302
    page = client.get(f"/inspections/violations/{violation.id}").get_data(as_text=True)
    assert "Số 07/BB-VPHC ngày 02/07/2026" in page and 'name="sanction_decision_number"' in page
    assert 'name="report_number"' not in page


def test_the_sanction_form_refuses_a_fine_outside_the_range(client, people):
    violation = recorded_violation(people)
    services.record_offence_report(violation, actor=people.supervisor, number="07/BB-VPHC",
                                   report_date=date(2026, 7, 2),
                                   expected_version=violation.version)
    db.session.commit()
    login(client, people.supervisor)
    page = client.get(f"/inspections/violations/{violation.id}").get_data(as_text=True)
    assert "10.000.000 ₫ – 20.000.000 ₫" in page and "Nghị định số 174/2026/NĐ-CP" in page
    data = {"version": str(violation.version), "act_date": "01/07/2026",
            "sanction_decision_number": "45/QĐ-XPHC", "fine_amount": "25.000.000",
            "remedy_deadline": "01/08/2026"}
    response = post(client, f"/inspections/violations/{violation.id}/sanction", data)
    assert response.status_code == 422
    assert re.search(r"Số tiền phạt phải trong khung", response.get_data(as_text=True))
    response = post(client, f"/inspections/violations/{violation.id}/sanction",
                    {**data, "fine_amount": "15.000.000"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Violation, violation.id).status is ViolationStatus.SANCTIONED


def test_the_firm_records_its_remedy_but_cannot_sanction(client, people):
    violation = recorded_violation(people)
    login(client, people.security)
    assert post(client, f"/inspections/violations/{violation.id}/sanction",
                {"version": "1"}).status_code == 404
    assert post(client, f"/inspections/violations/{violation.id}/offence-report",
                {"version": "1", "report_number": "1/BB", "report_date": "02/07/2026"}
                ).status_code == 404
    response = post(client, f"/inspections/violations/{violation.id}/remedy",
                    {"version": "1", "remedy_note": "Đã ban hành quy trình thông báo."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Violation, violation.id).status is ViolationStatus.REMEDIED


def test_inspections_and_violations_export_with_filters_and_are_logged(client, people):
    violation = recorded_violation(people)
    login(client, people.supervisor)
    rows = list(csv.reader(io.StringIO(client.get(
        "/inspections/export.csv?status=recorded").data.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][1] == "Bưu điện Thành phố Hà Nội" and rows[1][8] == "1"
    empty = client.get("/inspections/export.csv?status=planned").data.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(empty)))) == 1
    rows = list(csv.reader(io.StringIO(client.get(
        "/inspections/violations/export.csv").data.decode("utf-8-sig"))))
    assert rows[1][0] == str(violation.id) and rows[1][4] == "Nghị định số 174/2026/NĐ-CP"
    assert client.get("/inspections/violations/export.xlsx").status_code == 200
    actions = list(db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.action.like("export.%")).order_by(AuditEvent.id)))
    assert actions == ["export.inspections", "export.inspections", "export.violations",
                       "export.violations"]


def test_another_firm_exports_none_of_them(client, people):
    recorded_violation(people)
    login(client, people.other_security)
    text = client.get("/inspections/violations/export.csv").data.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 1
