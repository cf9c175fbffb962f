"""A suspected breach: recorded, clocked for 72 hours, notified, printed."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template
from flask_babel import force_locale
from pypdf import PdfReader

from caseflow.accounts.models import Role
from caseflow.db_types import utcnow
from caseflow.documents.pdf import render_pdf
from caseflow.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.privacy import breaches
from caseflow.privacy.models import Breach, BreachStatus
from caseflow.workflow import engine
from tests.conftest import login, post
from tests.documents.helpers import squash
from tests.factories import make_user


def pdf_text_of(content: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def breach_data(**overrides) -> dict:
    data = {"detected_at": utcnow() - timedelta(hours=10),
            "occurred_at": utcnow() - timedelta(hours=12),
            "nature": "Máy tính của cán bộ bị nhiễm mã độc, có thể lộ danh sách người gửi.",
            "data_affected": "Họ tên, số điện thoại, địa chỉ người gửi", "people_affected": 120,
            "consequences": "Nguy cơ lừa đảo qua điện thoại", "measures": "Cách ly máy, đổi khóa",
            "dpo_name": "Trần Văn Bảo", "dpo_contact": "0243 123 4567, dpo@most.gov.vn"}
    return {**data, **overrides}


def test_the_clock_runs_72_hours_from_when_the_breach_occurred(app):
    breach = breaches.record(actor=make_user(role=Role.ADMIN), data=breach_data())
    clock = breaches.clock(breach)
    assert clock.deadline == breach.occurred_at + timedelta(hours=72)
    assert clock.hours_minutes[0] == 59 and not clock.overdue


def test_an_old_breach_is_overdue_until_notified(app):
    admin = make_user(role=Role.ADMIN)
    breach = breaches.record(actor=admin, data=breach_data(
        occurred_at=utcnow() - timedelta(hours=81), detected_at=utcnow() - timedelta(hours=80),
        late_reason="Chỉ phát hiện sau khi kiểm toán."))
    assert breaches.clock(breach).overdue
    breaches.mark_notified(breach, actor=admin, expected_version=breach.version)
    assert breach.status is BreachStatus.NOTIFIED


def test_detection_in_the_future_is_refused(app):
    with pytest.raises(ValidationFailed):
        breaches.record(actor=make_user(role=Role.ADMIN),
                        data=breach_data(detected_at=utcnow() + timedelta(days=1)))


def test_pages_and_pdf_for_the_controller_only(app):
    national = make_user(role=Role.NATIONAL_SUPERVISOR)
    clerk = make_user(role=Role.FIRM_CLERK)
    db.session.commit()
    client = app.test_client()
    login(client, national)
    detected = to_local(utcnow() - timedelta(hours=2)).strftime("%d/%m/%Y %H:%M")
    response = post(client, "/privacy/breaches/new", {
        **{k: v for k, v in breach_data().items() if k not in ("detected_at", "occurred_at")},
        "detected_at": detected, "occurred_at": detected})
    assert response.status_code == 302
    breach = db.session.query(Breach).one()
    page = client.get(f"/privacy/breaches/{breach.id}").text
    assert "Còn 69 giờ" in page or "Còn 70 giờ" in page
    pdf = client.get(f"/privacy/breaches/{breach.id}/notification.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "THÔNG BÁO VI PHẠM" in text and "Trần Văn Bảo" in text
    other = app.test_client()
    login(other, clerk)
    assert other.get(f"/privacy/breaches/{breach.id}").status_code == 404
    assert isinstance(breach.detected_at, datetime)


def test_a_breach_without_its_occurrence_time_is_refused_in_vietnamese(app):
    with pytest.raises(ValidationFailed) as refused:
        breaches.record(actor=make_user(role=Role.ADMIN), data=breach_data(occurred_at=None))
    assert "thời điểm xảy ra vi phạm" in refused.value.field_errors["occurred_at"][0]


def test_recording_past_72_hours_asks_why_the_notice_is_late(app):
    late = breach_data(occurred_at=utcnow() - timedelta(hours=73),
                       detected_at=utcnow() - timedelta(hours=70))
    with pytest.raises(ValidationFailed) as refused:
        breaches.record(actor=make_user(role=Role.ADMIN), data=late)
    assert "lý do thông báo chậm" in refused.value.field_errors["late_reason"][0]


def test_notifying_after_72_hours_needs_the_late_reason(app):
    admin = make_user(role=Role.ADMIN)
    breach = breaches.record(actor=admin, data=breach_data())
    breach.occurred_at = utcnow() - timedelta(hours=75)  # the clock ran out meanwhile
    with pytest.raises(ValidationFailed) as refused:
        breaches.mark_notified(breach, actor=admin, expected_version=breach.version)
    assert "Đã quá 72 giờ" in refused.value.field_errors["late_reason"][0]
    breaches.mark_notified(breach, actor=admin, expected_version=breach.version,
                           late_reason="Máy chủ nhật ký hỏng, xác định được phạm vi muộn.")
    assert breach.status is BreachStatus.NOTIFIED and breach.late_reason


def test_the_late_notice_form_shows_the_error_next_to_the_field(app):
    national = make_user(role=Role.NATIONAL_SUPERVISOR)
    breach = breaches.record(actor=national, data=breach_data())
    breach.occurred_at = utcnow() - timedelta(hours=75)
    db.session.commit()
    client = app.test_client()
    login(client, national)
    page = client.get(f"/privacy/breaches/{breach.id}").text
    assert 'name="late_reason"' in page
    response = post(client, f"/privacy/breaches/{breach.id}/notified",
                    {"version": breach.version, "late_reason": ""})
    assert response.status_code == 422 and "vui lòng nêu lý do thông báo chậm" in response.text
    db.session.expire_all()
    assert db.session.get(Breach, breach.id).status is BreachStatus.OPEN


@pytest.mark.parametrize(("occurred", "cited", "not_cited"), [
    (datetime(2025, 12, 31, 16, 0, tzinfo=UTC), "Nghịđịnhsố13/2023/NĐ-CP", "91/2025/QH15"),
    (datetime(2025, 12, 31, 17, 0, tzinfo=UTC), "91/2025/QH15", "13/2023"),
])
def test_the_notice_cites_the_rules_in_force_when_the_breach_occurred(app, occurred, cited,
                                                                       not_cited):
    breach = breaches.record(actor=make_user(role=Role.ADMIN), data=breach_data(
        occurred_at=occurred, detected_at=occurred + timedelta(hours=1),
        late_reason="Thông báo muộn vì lý do thử nghiệm."))
    with force_locale("vi"):
        html = render_template("privacy/breach_notification.html",
                               b=breaches.notification_context(breach))
    text = squash(pdf_text_of(render_pdf(html).content))
    assert cited in text and not_cited not in text
    assert "6.Lýdothôngbáochậm" in text and "Thôngbáomuộnvìlýdothửnghiệm." in text


def test_the_notice_prints_in_vietnamese_whatever_the_interface_language(app):
    national = make_user(role=Role.NATIONAL_SUPERVISOR)
    breach = breaches.record(actor=national, data=breach_data())
    db.session.commit()
    client = app.test_client()
    login(client, national)
    with client.session_transaction() as session:
        session["lang"] = "en"
    pdf = client.get(f"/privacy/breaches/{breach.id}/notification.pdf")
    text = squash(pdf_text_of(pdf.data))
    assert "THÔNGBÁOVIPHẠMQUYĐỊNHVỀBẢOVỆDỮLIỆUCÁNHÂN" in text
    assert "Thờiđiểmxảyra:" in text and "Kínhgửi:" in text


def test_marking_notified_goes_through_the_breach_table(app):
    admin = make_user(role=Role.ADMIN)
    breach = breaches.record(actor=admin, data=breach_data())
    with pytest.raises(NotAllowed):  # the table's roles: the controller's breach handlers
        breaches.mark_notified(breach, actor=make_user(role=Role.PROVINCIAL_SUPERVISOR),
                               expected_version=breach.version)
    breaches.mark_notified(breach, actor=admin, expected_version=breach.version)
    with pytest.raises(Conflict):  # notified once: the row's source state is gone
        breaches.mark_notified(breach, actor=admin, expected_version=breach.version)
    assert [t.name for t in engine.available(breach, admin)] == []
