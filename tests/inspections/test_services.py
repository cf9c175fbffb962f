"""Plan, record, sanction, remedy: the services and their rules."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.inspections import services
from caseflow.inspections.legal import ChecklistItem, Decree
from caseflow.inspections.models import InspectionStatus, ItemResult, ViolationStatus
from caseflow.notifications.models import Notification

I = ChecklistItem  # noqa: E741 - reads as a checklist


def plan(people, day: date = date(2026, 7, 1)):
    return services.plan(actor=people.supervisor, data={
        "firm_id": people.firm.id, "service_point": "Bưu cục Cầu Giấy", "planned_on": day,
        "decision_number": "12/QĐ-SKHCN", "team": "Nguyễn Văn A – Trưởng đoàn", "scope": ""})


def record(inspection, people, day: date, failed: tuple = ()):
    results = {item: (ItemResult.PASSED, "") for item in ChecklistItem}
    results.update({item: (ItemResult.FAILED, f"Không đạt: {item.value}") for item in failed})
    return services.record(inspection, actor=people.supervisor, inspected_on=day,
                           results=results, conclusion="Yêu cầu khắc phục.",
                           expected_version=inspection.version)


def test_two_failed_items_become_two_violations_under_the_decree_of_the_day(people):
    inspection = plan(people)
    violations = record(inspection, people, date(2026, 7, 1),
                        failed=(I.BANNED_LIST_POSTED, I.STOP_AND_NOTIFY))
    db.session.commit()
    assert inspection.status is InspectionStatus.RECORDED
    assert [v.item for v in violations] == [I.BANNED_LIST_POSTED, I.STOP_AND_NOTIFY]
    assert {v.decree for v in violations} == {Decree.ND174_2026}
    assert all(v.firm_id == people.firm.id and v.status is ViolationStatus.OPEN
               for v in violations)
    stop = violations[1]
    assert (stop.article, stop.fine_min, stop.fine_max) == (
        "Điểm d khoản 3 Điều 12 Nghị định số 174/2026/NĐ-CP", 10_000_000, 20_000_000)
    assert violations[0].fine_min is None  # not in the table: cần đối chiếu
    assert len(inspection.items) == len(ChecklistItem)
    texts = db.session.scalars(sa.select(Notification.text).where(
        Notification.user_id == people.security.id))
    assert any("2 nội dung không đạt" in t for t in texts)


def test_an_inspection_on_30_june_2026_applies_decree_15_2020(people):
    [violation] = record(plan(people), people, date(2026, 6, 30), failed=(I.STOP_AND_NOTIFY,))
    assert violation.decree is Decree.ND15_2020 and violation.fine_min is None


def test_a_failed_item_needs_a_note(people):
    inspection = plan(people)
    results = {item: (ItemResult.PASSED, "") for item in ChecklistItem}
    results[I.DONG_KIEM] = (ItemResult.FAILED, " ")
    with pytest.raises(ValidationFailed) as error:
        services.record(inspection, actor=people.supervisor, inspected_on=date(2026, 7, 1),
                        results=results, conclusion="", expected_version=inspection.version)
    assert "note_dong_kiem" in error.value.field_errors


def test_an_inspection_is_recorded_once(people):
    inspection = plan(people)
    record(inspection, people, date(2026, 7, 1))
    with pytest.raises(NotAllowed):
        record(inspection, people, date(2026, 7, 1))


@pytest.mark.parametrize("who", ["far_supervisor", "national", "security", "officer"])
def test_only_the_province_supervisor_plans_and_records(people, who):
    if who != "far_supervisor":  # TP HCM's Sở plans inspections in TP HCM
        with pytest.raises(NotAllowed):
            services.plan(actor=getattr(people, who), data={
                "firm_id": people.firm.id, "planned_on": date(2026, 7, 1), "team": "x"})
    inspection = plan(people)
    with pytest.raises(NotAllowed):
        services.record(inspection, actor=getattr(people, who), inspected_on=date(2026, 7, 1),
                        results={}, conclusion="", expected_version=inspection.version)


def sanction_data(**overrides) -> dict:
    return {"act_date": date(2026, 7, 1), "sanction_decision_number": "45/QĐ-XPHC",
            "fine_amount": 15_000_000, "remedy_deadline": date(2026, 8, 1), "article": "",
            "fine_min": None, "fine_max": None, "ongoing": False, "discovered_on": None,
            **overrides}


def reported(violation, people, number: str = "07/BB-VPHC", day: date = date(2026, 7, 2)):
    """Record the biên bản vi phạm hành chính a sanction needs first; return the violation."""
    return services.record_offence_report(violation, actor=people.supervisor, number=number,
                                          report_date=day, expected_version=violation.version)


def test_a_sanction_needs_an_offence_report_first(people):
    [violation] = record(plan(people), people, date(2026, 7, 1), failed=(I.STOP_AND_NOTIFY,))
    with pytest.raises(ValidationFailed) as error:
        services.sanction(violation, actor=people.supervisor, data=sanction_data(),
                          expected_version=violation.version)
    assert "Chưa có biên bản vi phạm hành chính" in error.value.message
    assert violation.status is ViolationStatus.OPEN
    reported(violation, people)
    services.sanction(violation, actor=people.supervisor, data=sanction_data(),
                      expected_version=violation.version)
    assert violation.status is ViolationStatus.SANCTIONED
    assert (violation.offence_report_number, violation.offence_report_date) == (
        "07/BB-VPHC", date(2026, 7, 2))


def test_an_offence_report_needs_a_number_and_a_date_from_the_act_to_today(people):
    [violation] = record(plan(people), people, date(2026, 7, 1), failed=(I.STOP_AND_NOTIFY,))
    with pytest.raises(ValidationFailed) as error:
        reported(violation, people, number=" ", day=date(2026, 6, 1))
    assert set(error.value.field_errors) == {"report_number", "report_date"}
    with pytest.raises(ValidationFailed) as error:
        reported(violation, people, day=date(2099, 1, 1))
    assert "tương lai" in error.value.field_errors["report_date"][0]


def test_a_failed_directive_only_item_is_a_finding_not_a_violation(people):
    inspection = plan(people)
    violations = record(inspection, people, date(2026, 7, 1),
                        failed=(I.SCREENING_EQUIPMENT, I.STOP_AND_NOTIFY))
    assert [v.item for v in violations] == [I.STOP_AND_NOTIFY]
    texts = db.session.scalars(sa.select(Notification.text).where(
        Notification.user_id == people.security.id))
    assert any("2 nội dung không đạt" in t for t in texts)


def test_an_ongoing_act_takes_the_decree_of_its_discovery_a_completed_one_of_its_day(people):
    [violation] = record(plan(people), people, date(2026, 7, 1), failed=(I.STOP_AND_NOTIFY,))
    assert violation.ongoing and violation.discovered_on == date(2026, 7, 1)
    reported(violation, people)
    services.sanction(violation, actor=people.supervisor, data=sanction_data(
        act_date=date(2026, 5, 20), ongoing=True, discovered_on=date(2026, 7, 1)),
        expected_version=violation.version)
    assert violation.decree is Decree.ND174_2026 and violation.fine_min == 10_000_000


def test_an_ongoing_act_needs_its_discovery_date_on_or_after_the_act(people):
    [violation] = record(plan(people), people, date(2026, 7, 1), failed=(I.STOP_AND_NOTIFY,))
    reported(violation, people)
    for discovered, message in ((None, "ngày phát hiện"), (date(2026, 6, 1), "không được trước")):
        with pytest.raises(ValidationFailed) as error:
            services.sanction(violation, actor=people.supervisor, data=sanction_data(
                ongoing=True, discovered_on=discovered), expected_version=violation.version)
        assert message in error.value.field_errors["discovered_on"][0]


@pytest.mark.parametrize(("amount", "accepted"), [
    (9_999_999, False), (10_000_000, True), (20_000_000, True), (20_000_001, False),
])  # fmt: skip
def test_the_fine_must_lie_within_the_article_range(people, amount, accepted):
    [violation] = record(plan(people), people, date(2026, 7, 1), failed=(I.STOP_AND_NOTIFY,))
    reported(violation, people)
    data = sanction_data(fine_amount=amount)
    if accepted:
        services.sanction(violation, actor=people.supervisor, data=data,
                          expected_version=violation.version)
        assert violation.status is ViolationStatus.SANCTIONED and violation.fine_amount == amount
    else:
        with pytest.raises(ValidationFailed) as error:
            services.sanction(violation, actor=people.supervisor, data=data,
                              expected_version=violation.version)
        assert "10.000.000 ₫ – 20.000.000 ₫" in error.value.field_errors["fine_amount"][0]


def test_an_unlisted_article_needs_its_article_and_range_entered(people):
    [violation] = record(plan(people), people, date(2026, 6, 30), failed=(I.DONG_KIEM,))
    reported(violation, people, day=date(2026, 6, 30))
    with pytest.raises(ValidationFailed) as error:
        services.sanction(violation, actor=people.supervisor, data=sanction_data(
            act_date=date(2026, 6, 30)), expected_version=violation.version)
    assert {"article", "fine_min"} <= set(error.value.field_errors)
    services.sanction(violation, actor=people.supervisor, data=sanction_data(
        act_date=date(2026, 6, 30), article="Điều … Nghị định 15/2020/NĐ-CP",
        fine_min=5_000_000, fine_max=10_000_000, fine_amount=7_000_000),
        expected_version=violation.version)
    assert (violation.fine_min, violation.fine_max, violation.fine_amount) == (
        5_000_000, 10_000_000, 7_000_000)


def test_a_listed_article_without_its_range_keeps_the_article_and_takes_the_range(people):
    [violation] = record(plan(people), people, date(2026, 7, 1), failed=(I.BANNED_LIST_POSTED,))
    reported(violation, people)
    services.sanction(violation, actor=people.supervisor, data=sanction_data(
        fine_min=1_000_000, fine_max=3_000_000, fine_amount=2_000_000),
        expected_version=violation.version)
    assert violation.article == "Điểm b khoản 2 Điều 12 Nghị định số 174/2026/NĐ-CP"
    assert (violation.fine_min, violation.fine_max) == (1_000_000, 3_000_000)


def test_changing_the_act_date_changes_the_decree(people):
    [violation] = record(plan(people), people, date(2026, 7, 1), failed=(I.STOP_AND_NOTIFY,))
    reported(violation, people)
    services.sanction(violation, actor=people.supervisor, data=sanction_data(
        act_date=date(2026, 6, 30), article="Điều … Nghị định 15/2020/NĐ-CP",
        fine_min=1_000_000, fine_max=3_000_000, fine_amount=2_000_000),
        expected_version=violation.version)
    assert violation.decree is Decree.ND15_2020


def test_a_stale_form_is_a_conflict(people):
    [violation] = record(plan(people), people, date(2026, 7, 1), failed=(I.STOP_AND_NOTIFY,))
    with pytest.raises(Conflict):
        services.sanction(violation, actor=people.supervisor, data=sanction_data(),
                          expected_version=violation.version + 1)


def test_the_firm_security_records_the_remedy_and_the_supervisor_hears_of_it(people):
    [violation] = record(plan(people), people, date(2026, 7, 1), failed=(I.STOP_AND_NOTIFY,))
    with pytest.raises(NotAllowed):
        services.record_remedy(violation, actor=people.other_security, note="x",
                               expected_version=violation.version)
    services.record_remedy(violation, actor=people.security, note="Đã niêm yết danh mục.",
                           expected_version=violation.version)
    db.session.commit()
    assert violation.status is ViolationStatus.REMEDIED and violation.remedied_by == people.security
    assert db.session.scalar(sa.select(Notification.text).where(
        Notification.user_id == people.supervisor.id, Notification.text.contains("khắc phục")))
