"""Creating flags through the API: the form's rules, idempotency, bulk with per-item errors."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.intake.models import IntakeRecord
from caseflow.workflow.models import TimelineEntry
from caseflow.workflow.states import CaseStatus
from tests.api.conftest import flag_json


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_valid_flag_becomes_a_submitted_case(client, firm_api):
    response = client.post("/api/v1/flags", json=flag_json(tracking_number="EB100000001VN"),
                           headers=firm_api.headers)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "created" and body["case"]["reference"].startswith("HN-")
    case = db.session.scalar(sa.select(Case))
    assert case.status is CaseStatus.FLAGGED and case.firm_id == firm_api.firm.id
    assert case.sender_name == "Nguyễn Văn Bình"  # personal data encrypted as on the web
    assert case.created_by.full_name.startswith("API · ")
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.case_id == case.id)).all()
    assert [(e.action, e.payload.get("via")) for e in events] == [("case.submit", "api")]
    assert [t.transition for t in db.session.scalars(sa.select(TimelineEntry))] == ["submit"]


def test_the_form_rules_give_field_level_problems(client, firm_api):
    response = client.post("/api/v1/flags", headers=firm_api.headers, json=flag_json(
        tracking_number="x", sender_phone="12", categories=[], sender_name=""))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert {"tracking_number", "sender_phone", "categories", "sender_name"} <= fields
    assert count(Case) == 0


def test_a_malformed_body_is_a_problem_too(client, firm_api):
    response = client.post("/api/v1/flags", headers=firm_api.headers,
                           json={"tracking_number": 12, "unknown": True})
    assert response.status_code == 422
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert {"tracking_number", "unknown", "province_code"} <= fields


def test_a_retry_with_the_same_idempotency_key_replays_the_answer(client, firm_api):
    body = flag_json()
    headers = {**firm_api.headers, "Idempotency-Key": "lan-gui-42"}
    first = client.post("/api/v1/flags", json=body, headers=headers)
    again = client.post("/api/v1/flags", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert count(Case) == 1
    other = client.post("/api/v1/flags", json=flag_json(), headers=headers)
    assert other.status_code == 422 and count(Case) == 1


def test_the_same_tracking_number_never_makes_a_second_case(client, firm_api):
    body = flag_json(tracking_number="EB200000002VN")
    first = client.post("/api/v1/flags", json=body, headers=firm_api.headers)
    again = client.post("/api/v1/flags", json=body, headers=firm_api.headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["status"] == "exists"
    assert again.get_json()["case"]["id"] == first.get_json()["case"]["id"]
    assert count(Case) == 1 and count(IntakeRecord) == 1


def test_the_database_refuses_a_second_intake_record(app, firm_api):
    client = app.test_client()
    client.post("/api/v1/flags", json=flag_json(tracking_number="EB300000003VN"),
                headers=firm_api.headers)
    record = db.session.scalar(sa.select(IntakeRecord))
    db.session.add(IntakeRecord(firm_id=record.firm_id, tracking_number=record.tracking_number,
                                case_id=record.case_id, source=record.source))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_bulk_accepts_and_rejects_item_by_item(client, firm_api):
    client.post("/api/v1/flags", json=flag_json(tracking_number="EB400000000VN"),
                headers=firm_api.headers)
    items = [flag_json(tracking_number=f"EB4000000{i:02d}VN", province_code="79" if i % 2
                       else "01") for i in range(1, 6)]
    items[1]["sender_phone"] = "abc"
    items[2] = {"tracking_number": 5}
    items.append(flag_json(tracking_number="EB400000000VN"))   # known already
    items.append(flag_json(tracking_number="EB400000001VN"))   # twice in this batch
    response = client.post("/api/v1/flags/bulk", json={"items": items},
                           headers=firm_api.headers)
    assert response.status_code == 200
    body = response.get_json()
    assert [r["status"] for r in body["results"]] == [
        "created", "rejected", "rejected", "created", "created", "exists", "exists"]
    assert (body["created"], body["existing"], body["rejected"]) == (3, 2, 2)
    assert "sender_phone" in body["results"][1]["errors"]
    assert "tracking_number" in body["results"][2]["errors"]
    assert body["results"][6]["case"]["id"] == body["results"][0]["case"]["id"]
    references = sorted(r["case"]["reference"] for r in body["results"]
                        if r["status"] == "created")
    # Hồ Chí Minh's block starts at 1; Hà Nội's continues after the single flag above.
    assert [r.rsplit("-", 1)[1] for r in references] == ["000001", "000002", "000002"]
    assert len({r.split("-")[0] for r in references}) == 2
    assert count(Case) == 4


def test_bulk_refuses_more_than_500_items_and_a_wrong_envelope(client, firm_api):
    too_many = client.post("/api/v1/flags/bulk", json={"items": [{}] * 501},
                           headers=firm_api.headers)
    assert too_many.status_code == 413 and too_many.mimetype == "application/problem+json"
    wrong = client.post("/api/v1/flags/bulk", json=[flag_json()], headers=firm_api.headers)
    assert wrong.status_code == 422
    assert count(Case) == 0


def test_a_bulk_retry_creates_nothing_new(client, firm_api):
    items = [flag_json() for _ in range(3)]
    client.post("/api/v1/flags/bulk", json={"items": items}, headers=firm_api.headers)
    again = client.post("/api/v1/flags/bulk", json={"items": items}, headers=firm_api.headers)
    assert again.get_json()["existing"] == 3 and count(Case) == 3


def test_an_agency_key_cannot_flag(client, agency_api):
    response = client.post("/api/v1/flags", json=flag_json(), headers=agency_api.headers)
    assert response.status_code == 403
