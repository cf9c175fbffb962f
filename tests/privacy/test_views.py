"""Reveal, look-up and processing-log pages through the client."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import Role
from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.privacy import purposes
from caseflow.workflow.states import CaseStatus
from tests.conftest import login, post
from tests.factories import make_case, make_user

NAME = "Hoàng Thị Riêng Tư"


@pytest.fixture
def world(app):
    clerk = make_user(role=Role.FIRM_CLERK)
    case = make_case(firm_user=clerk, status=CaseStatus.FLAGGED, sender_name=NAME,
                     sender_phone="0912 345 678")
    users = {role: make_user(role=role) for role in
             (Role.PROVINCIAL_SUPERVISOR, Role.NATIONAL_SUPERVISOR, Role.ADMIN)}
    db.session.commit()
    return clerk, case, users


def logged_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_supervisor_sees_masked_data_and_a_reveal_button(app, world):
    _clerk, case, users = world
    html = logged_in(app, users[Role.PROVINCIAL_SUPERVISOR]).get(f"/cases/{case.id}").text
    assert NAME not in html and "H*** T*** R*** T***" in html
    assert 'data-privacy="reveal"' in html


def test_reveal_shows_the_data_once_and_logs_the_reason(app, world):
    _clerk, case, users = world
    client = logged_in(app, users[Role.PROVINCIAL_SUPERVISOR])
    response = post(client, f"/cases/{case.id}/reveal",
                    {"reason": "Phối hợp xác minh theo công văn 45/SKHCN"})
    assert response.status_code == 200 and NAME in response.text
    assert NAME not in client.get(f"/cases/{case.id}").text  # for that page view only
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "personal_data.reveal")).one()
    assert event.reason == "Phối hợp xác minh theo công văn 45/SKHCN"


def test_reveal_without_a_reason_shows_nothing(app, world):
    _clerk, case, users = world
    client = logged_in(app, users[Role.NATIONAL_SUPERVISOR])
    response = post(client, f"/cases/{case.id}/reveal", {"reason": ""},
                    headers={"Referer": f"http://localhost/cases/{case.id}"},
                    follow_redirects=True)
    assert NAME not in response.text and "lý do" in response.text


def test_the_owning_firm_sees_the_data_and_the_view_is_logged(app, world):
    clerk, case, _users = world
    assert NAME in logged_in(app, clerk).get(f"/cases/{case.id}").text
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "personal_data.view", AuditEvent.case_id == case.id)) == 1


def test_lookup_posts_the_number_and_lists_the_case(app, world):
    clerk, case, _users = world
    client = logged_in(app, clerk)
    response = post(client, "/cases/lookup", {"kind": "phone", "value": "+84 912 345 678"})
    assert case.reference in response.text and "0912" not in response.request.url


def test_processing_log_is_for_the_national_supervisor_and_the_admin(app, world):
    clerk, case, users = world
    logged_in(app, clerk).get(f"/cases/{case.id}")
    for role, status in ((Role.NATIONAL_SUPERVISOR, 200), (Role.ADMIN, 200),
                         (Role.PROVINCIAL_SUPERVISOR, 404)):
        response = logged_in(app, users[role]).get(f"/privacy/log?case={case.reference}")
        assert response.status_code == status
        if status == 200:
            assert "Xem dữ liệu cá nhân trong hồ sơ" in response.text and NAME not in response.text
    assert logged_in(app, clerk).get("/privacy/log").status_code == 404


def test_processing_log_exports_csv_and_logs_the_export(app, world):
    clerk, case, users = world
    logged_in(app, clerk).get(f"/cases/{case.id}")
    response = logged_in(app, users[Role.ADMIN]).get("/privacy/log.csv")
    assert response.mimetype == "text/csv" and "personal_data.view" in response.text
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "export.processing_log")) == 1


def test_processing_log_speaks_words_with_purpose_and_legal_basis_not_codes(app, world):
    clerk, case, users = world
    logged_in(app, clerk).get(f"/cases/{case.id}")
    html = logged_in(app, users[Role.ADMIN]).get(f"/privacy/log?case={case.reference}").text
    row = html[html.index('data-action="personal_data.view"'):]
    row = row[:row.index("</tr>")]
    assert "Xem dữ liệu cá nhân trong hồ sơ" in row and "<code>" not in row
    assert "Họ tên, điện thoại, địa chỉ, số giấy tờ" in row
    assert "Điều 14 Luật Bưu chính" in row
    assert "Nhân viên bưu cục" in html and ">firm_clerk<" not in html


@pytest.mark.parametrize(("day", "law"), [
    (datetime(2025, 12, 31, 16, 59, tzinfo=UTC), "Nghị định 13/2023/NĐ-CP"),  # 23:59 in Hà Nội
    (datetime(2025, 12, 31, 17, 0, tzinfo=UTC), "91/2025/QH15"),              # 1/1/2026 00:00
])
def test_the_legal_basis_is_the_one_in_force_on_the_day(app, day, law):
    with app.test_request_context():
        assert law in purposes.legal_basis(day)


def test_every_logged_processing_has_words(app):
    with app.test_request_context():
        for action in ("personal_data.view", "personal_data.reveal", "personal_data.lookup",
                       "personal_data.anonymise", "document.generate", "document.request",
                       "document.download", "document.breach_notification", "evidence.download",
                       "inspection_photo.download", "export.cases", "export.processing_log",
                       "export.dashboard.categories"):
            described = purposes.describe(action)
            assert str(described.action) != action and str(described.purpose), action
