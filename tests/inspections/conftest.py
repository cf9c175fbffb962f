"""A Hà Nội Sở, two firms (with staff), a TP HCM Sở, the Ministry, an agency and an admin;
a recorded inspection, and a store of its own for photos."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from caseflow.accounts.models import OrgKind, Role
from caseflow.evidence.storage import EXTENSION_KEY
from caseflow.extensions import db
from caseflow.inspections import services
from caseflow.inspections.legal import ChecklistItem
from caseflow.inspections.models import ItemResult
from tests.factories import make_org, make_user


@pytest.fixture
def people(app):
    firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu điện Thành phố Hà Nội")
    other_firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Viettel Post")
    dost = make_org(kind=OrgKind.DOST, province_code="01", name="Sở Khoa học và Công nghệ Hà Nội")
    cast = SimpleNamespace(
        firm=firm, other_firm=other_firm, dost=dost,
        supervisor=make_user(role=Role.PROVINCIAL_SUPERVISOR, org=dost),
        far_supervisor=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79"),
        national=make_user(role=Role.NATIONAL_SUPERVISOR),
        security=make_user(role=Role.FIRM_SECURITY, org=firm),
        clerk=make_user(role=Role.FIRM_CLERK, org=firm),
        other_security=make_user(role=Role.FIRM_SECURITY, org=other_firm),
        officer=make_user(role=Role.AGENCY_OFFICER),
        admin=make_user(role=Role.ADMIN))
    db.session.commit()
    return cast


@pytest.fixture
def photo_store(app, tmp_path):
    """Point the evidence store (which keeps inspection photos) at this test's directory."""
    previous = app.config["EVIDENCE_DIR"]
    app.config["EVIDENCE_DIR"] = str(tmp_path / "evidence")
    app.extensions.pop(EXTENSION_KEY, None)
    yield tmp_path / "evidence"
    app.config["EVIDENCE_DIR"] = previous
    app.extensions.pop(EXTENSION_KEY, None)


@pytest.fixture
def recorded(people):
    """An inspection of people.firm by the Hà Nội Sở, recorded with one failed item."""
    inspection = services.plan(actor=people.supervisor, data={
        "firm_id": people.firm.id, "service_point": "Bưu cục Cầu Giấy",
        "planned_on": date(2026, 7, 1), "decision_number": "12/QĐ-SKHCN",
        "team": "Nguyễn Văn A – Trưởng đoàn", "scope": "Chỉ thị 02"})
    results = {item: (ItemResult.PASSED, "") for item in ChecklistItem}
    results[ChecklistItem.BANNED_LIST_POSTED] = (ItemResult.FAILED, "Chưa niêm yết danh mục.")
    services.record(inspection, actor=people.supervisor, inspected_on=date(2026, 7, 1),
                    results=results, conclusion="", expected_version=inspection.version)
    db.session.commit()
    return inspection
