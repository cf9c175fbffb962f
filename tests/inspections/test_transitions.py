"""Inspections and violations move through the one workflow engine, by their own tables."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.inspections import services
from caseflow.inspections.legal import ChecklistItem
from caseflow.inspections.models import ItemResult
from caseflow.workflow import engine, lifecycles


def recorded_violation(people):
    inspection = services.plan(actor=people.supervisor, data={
        "firm_id": people.firm.id, "planned_on": date(2026, 7, 1), "team": "Đoàn kiểm tra"})
    results = {item: (ItemResult.PASSED, "") for item in ChecklistItem}
    results[ChecklistItem.STOP_AND_NOTIFY] = (ItemResult.FAILED, "Không dừng khai thác.")
    [violation] = services.record(inspection, actor=people.supervisor,
                                  inspected_on=date(2026, 7, 1), results=results,
                                  conclusion="", expected_version=inspection.version)
    return inspection, violation


def test_inspections_and_violations_are_lifecycles_of_the_engine(app):
    assert [life.kind for life in lifecycles.LIFECYCLES] == [
        "case", "referral", "difficulty", "inspection", "violation", "breach"]


def test_the_buttons_of_a_violation_follow_its_table_and_the_province_or_firm(people):
    inspection, violation = recorded_violation(people)
    assert engine.available(inspection, people.supervisor) == []  # recorded once
    assert [t.name for t in engine.available(violation, people.supervisor)] == ["sanction"]
    assert [t.name for t in engine.available(violation, people.security)] == ["remedy"]
    for stranger in (people.far_supervisor, people.other_security, people.clerk,
                     people.national):
        assert engine.available(violation, stranger) == []


def test_a_move_keeps_the_events_payload_and_adds_where_it_came_from(people):
    _inspection, violation = recorded_violation(people)
    db.session.commit()
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "inspection.record")).one()
    assert event.payload == {"firm_id": people.firm.id, "failed": 1,
                             "violation_ids": [violation.id], "source": "planned",
                             "target": "recorded"}
