"""A suspected breach: recorded, clocked for 72 hours, notified, printed."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from caseflow.accounts.models import Role
from caseflow.db_types import utcnow
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.privacy import breaches
from caseflow.privacy.models import Breach, BreachStatus
from tests.conftest import login, post
from tests.factories import fast_password_hashing, make_user


def breach_data(**overrides) -> dict:
    data = {"detected_at": utcnow() - timedelta(hours=10), "occurred_at": None,
            "nature": "Máy tính của cán bộ bị nhiễm mã độc, có thể lộ danh sách người gửi.",
            "data_affected": "Họ tên, số điện thoại, địa chỉ người gửi", "people_affected": 120,
            "consequences": "Nguy cơ lừa đảo qua điện thoại", "measures": "Cách ly máy, đổi khóa",
            "dpo_name": "Trần Văn Bảo", "dpo_contact": "0243 123 4567, dpo@most.gov.vn"}
    return {**data, **overrides}


def test_the_clock_runs_72_hours_from_detection(app):
    breach = breaches.record(actor=make_user(role=Role.ADMIN), data=breach_data())
    clock = breaches.clock(breach)
    assert clock.deadline == breach.detected_at + timedelta(hours=72)
    assert clock.hours_minutes[0] == 61 and not clock.overdue


def test_an_old_breach_is_overdue_until_notified(app):
    admin = make_user(role=Role.ADMIN)
    breach = breaches.record(actor=admin, data=breach_data(
        detected_at=utcnow() - timedelta(hours=80)))
    assert breaches.clock(breach).overdue
    breaches.mark_notified(breach, actor=admin, expected_version=breach.version)
    assert breach.status is BreachStatus.NOTIFIED


def test_detection_in_the_future_is_refused(app):
    with pytest.raises(ValidationFailed):
        breaches.record(actor=make_user(role=Role.ADMIN),
                        data=breach_data(detected_at=utcnow() + timedelta(days=1)))


def test_pages_and_pdf_for_the_controller_only(app, monkeypatch):
    fast_password_hashing(monkeypatch)
    national = make_user(role=Role.NATIONAL_SUPERVISOR)
    clerk = make_user(role=Role.FIRM_CLERK)
    db.session.commit()
    client = app.test_client()
    login(client, national)
    detected = to_local(utcnow() - timedelta(hours=2)).strftime("%d/%m/%Y %H:%M")
    response = post(client, "/privacy/breaches/new", {
        **{k: v for k, v in breach_data().items() if k not in ("detected_at", "occurred_at")},
        "detected_at": detected})
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
