"""CSV and XLSX exports: filters applied, no personal data, formulas neutralised, logged."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from caseflow.accounts.models import OrgKind, Role
from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.reports.exports import Sheet, csv_bytes, xlsx_bytes
from caseflow.workflow.states import CaseStatus
from tests.conftest import login
from tests.factories import make_case, make_org, make_user


@pytest.fixture
def firm_cases(app):
    """A firm's security officer with two flagged cases and one referred case."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu điện Hà Nội")
    security = make_user(role=Role.FIRM_SECURITY, org=firm)
    flagged = [make_case(firm_user=security) for _ in range(2)]
    referred = make_case(firm_user=security, status=CaseStatus.REFERRED, categories=("C1",))
    db.session.commit()
    return {"security": security, "flagged": flagged, "referred": referred}


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # Excel reads the diacritics
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def exports(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_the_case_list_exports_with_its_filters_and_no_personal_data(client, firm_cases):
    login(client, firm_cases["security"])
    response = client.get("/cases/export.csv?status=flagged")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = read_csv(response.data)
    assert rows[0][:3] == ["Số hồ sơ", "Trạng thái", "Số hiệu bưu gửi"]
    assert sorted(r[0] for r in rows[1:]) == sorted(c.reference for c in firm_cases["flagged"])
    text = response.get_data(as_text=True)
    # The owning firm may read the parties on the case page, yet the export never carries them.
    for personal in ("Nguyễn Văn Bình", "0912", "001089012345", "Trần Duy Hưng", "Trần Thị Hoa"):
        assert personal not in text
    [event] = exports("export.cases")
    assert event.payload["rows"] == 2 and event.payload["format"] == "csv"
    assert event.payload["filters"] == {"status": "flagged"}


def test_the_xlsx_export_has_the_same_rows(client, firm_cases):
    login(client, firm_cases["security"])
    response = client.get("/cases/export.xlsx?category=C1")
    rows = read_xlsx(response.data)
    assert [r[0] for r in rows[1:]] == [firm_cases["referred"].reference]
    assert rows[1][7] == "C1" and rows[1][8]  # categories and the agency referred to
    assert exports("export.cases")[0].payload["format"] == "xlsx"


def test_an_export_larger_than_the_limit_is_refused(client, firm_cases, app):
    app.config["EXPORT_MAX_ROWS"] = 1
    try:
        login(client, firm_cases["security"])
        response = client.get("/cases/export.csv")
        assert response.status_code == 422
        assert "vượt quá giới hạn xuất" in response.get_data(as_text=True)
    finally:
        app.config.pop("EXPORT_MAX_ROWS")
    assert exports("export.cases") == []


def test_admins_and_strangers_export_nothing(client, firm_cases):
    admin = make_user(role=Role.ADMIN)
    db.session.commit()
    login(client, admin)
    assert client.get("/cases/export.csv").status_code == 404


def test_another_firm_exports_none_of_these_cases(client, firm_cases):
    other = make_user(role=Role.FIRM_SECURITY)
    db.session.commit()
    login(client, other)
    assert read_csv(client.get("/cases/export.csv").data)[1:] == []


def test_dashboard_tables_export_with_the_period_and_are_logged(client, firm_cases):
    national = make_user(role=Role.NATIONAL_SUPERVISOR)
    db.session.commit()
    login(client, national)
    rows = read_csv(client.get("/reports/export/status.csv").data)
    assert dict((r[0], r[1]) for r in rows[1:])["Đã báo cáo"] == "2"
    rows = read_xlsx(client.get("/reports/export/provinces.xlsx").data)
    assert len(rows) == 35 and rows[1][2] == 3  # header + 34 provinces; Hà Nội's total
    assert [e.action for e in exports("export.dashboard.status")] == ["export.dashboard.status"]
    assert client.get("/reports/export/nothing.csv").status_code == 404


@pytest.mark.parametrize("text", ["=1+2", "+SUM(A1)", "-3+3", "@cmd"])
def test_spreadsheet_formulas_in_text_are_neutralised(text):
    sheet = Sheet("t", ["a"], [[text]])
    assert read_csv(csv_bytes(sheet))[1] == ["'" + text]
    cell = load_workbook(io.BytesIO(xlsx_bytes(sheet))).active["A2"]
    assert (cell.value, cell.data_type) == (text, "s")
