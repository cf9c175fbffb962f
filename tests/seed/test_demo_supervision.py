"""The supervision demo: inspections, violations, difficulty reports and their notifications."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.audit.models import AuditEvent
from caseflow.db_types import utcnow
from caseflow.difficulties.deadlines import answer_due
from caseflow.difficulties.models import Addressee, Difficulty, DifficultyStatus
from caseflow.documents.models import Document, DocumentKind
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.inspections.legal import ChecklistItem, Decree
from caseflow.inspections.models import (
    Inspection,
    InspectionItem,
    InspectionStatus,
    ItemResult,
    Violation,
    ViolationStatus,
)
from caseflow.notifications.models import Notification
from caseflow.seed.demo import seed_demo_data
from caseflow.seed.demo_accounts import PASSWORD
from tests.conftest import login, post
from tests.documents.helpers import pdf_text, squash

#: Who was told what: one notification per recipient of each service call of the demo.
NOTIFIED = {"clerk.vnpost": 4, "security.vnpost": 4, "clerk.viettelpost": 1,
            "security.viettelpost": 1, "clerk.ghn": 1, "security.ghn": 1, "clerk.jt": 2,
            "security.jt": 2, "sokhcn.hn": 4, "sokhcn.hcm": 3, "bokhcn": 2}


def _user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def _count(query: sa.Select) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


def _recorded() -> Inspection:
    return db.session.scalar(sa.select(Inspection).where(
        Inspection.status == InspectionStatus.RECORDED))


def test_summary_names_inspections_and_reports(seeded):
    assert "52 cases, 2 inspections, 7 difficulty reports (" in seeded


def test_a_recorded_inspection_in_hanoi_and_a_planned_one_in_hcm(seeded):
    rows = {(i.province_code, i.status, i.firm.short_name, i.inspector_org.short_name)
            for i in db.session.scalars(sa.select(Inspection))}
    assert rows == {("01", InspectionStatus.RECORDED, "VNPost Hà Nội", "Sở KH&CN Hà Nội"),
                    ("79", InspectionStatus.PLANNED, "Viettel Post TP.HCM", "Sở KH&CN TP.HCM")}
    planned = db.session.scalar(sa.select(Inspection).where(
        Inspection.status == InspectionStatus.PLANNED))
    assert planned.planned_on > to_local(utcnow()).date() and planned.items == []


def test_two_failed_items_became_two_violations(seeded):
    inspection = _recorded()
    results = Counter(i.result for i in db.session.scalars(
        sa.select(InspectionItem).where(InspectionItem.inspection_id == inspection.id)))
    assert results == {ItemResult.PASSED: 6, ItemResult.FAILED: 2, ItemResult.NOT_CHECKED: 1}
    assert {(v.item, v.status) for v in inspection.violations} == {
        (ChecklistItem.STOP_AND_NOTIFY, ViolationStatus.SANCTIONED),
        (ChecklistItem.BANNED_LIST_POSTED, ViolationStatus.REMEDIED)}
    assert db.session.scalar(sa.select(sa.func.count(Violation.id))) == 2


def test_the_sanction_has_a_decision_and_an_amount_within_the_article(seeded):
    inspection = _recorded()
    [sanctioned] = [v for v in inspection.violations if v.status is ViolationStatus.SANCTIONED]
    assert sanctioned.decree is Decree.ND174_2026 and sanctioned.act_date == inspection.inspected_on
    assert sanctioned.article == "Điểm d khoản 3 Điều 12 Nghị định số 174/2026/NĐ-CP"
    assert sanctioned.sanction_decision_number == "27/QĐ-XPHC"
    assert sanctioned.fine_min <= sanctioned.fine_amount <= sanctioned.fine_max
    assert sanctioned.remedy_deadline > to_local(utcnow()).date()  # still running


def test_the_firm_recorded_the_other_remedy(seeded):
    [remedied] = [v for v in _recorded().violations if v.status is ViolationStatus.REMEDIED]
    assert remedied.remedied_by.username == "security.vnpost" and remedied.remedy_note
    assert remedied.sanction_decision_number == "" and remedied.fine_amount is None


def test_difficulty_reports_in_every_state(seeded):
    reports = list(db.session.scalars(sa.select(Difficulty)))
    assert Counter(d.status for d in reports) == {
        DifficultyStatus.SUBMITTED: 2, DifficultyStatus.FORWARDED: 1,
        DifficultyStatus.ANSWERED: 1, DifficultyStatus.PUBLISHED: 2,
        DifficultyStatus.WITHDRAWN: 1}
    [forwarded] = [d for d in reports if d.status is DifficultyStatus.FORWARDED]
    assert forwarded.addressee is Addressee.MINISTRY and forwarded.province_code == "79"
    assert {d.answered_by.username for d in reports if d.answer} == {
        "sokhcn.hn", "sokhcn.hcm", "bokhcn"}


def test_report_times_are_backdated_in_order_with_their_deadlines(seeded):
    now, today = utcnow(), to_local(utcnow()).date()
    late = []
    for d in db.session.scalars(sa.select(Difficulty)):
        steps = [d.submitted_at, d.forwarded_at, d.answered_at, d.published_at]
        assert [t for t in steps if t] == sorted(t for t in steps if t) and steps[0] < now
        clock = d.forwarded_at or d.submitted_at
        assert d.due_on == answer_due(to_local(clock).date()), d.subject
        if d.status in (DifficultyStatus.SUBMITTED, DifficultyStatus.FORWARDED) \
                and d.due_on < today:
            late.append(d.firm.short_name)
    assert late == ["VNPost Hà Nội"]  # one overdue report shows the flag in the lists


def test_inspection_times_are_backdated_in_order(seeded):
    inspection = _recorded()
    by_status = {v.status: v for v in inspection.violations}
    sanctioned = by_status[ViolationStatus.SANCTIONED]
    remedied = by_status[ViolationStatus.REMEDIED]
    assert inspection.created_at < inspection.recorded_at < remedied.remedied_at \
        < sanctioned.sanctioned_at < utcnow()
    assert to_local(inspection.recorded_at).date() == inspection.inspected_on


def test_the_services_notified_the_right_people_at_the_step_times(seeded):
    # The demo's cases notify too (caseflow/notifications/events.py); these are the others.
    supervision = sa.select(Notification).where(~Notification.url.startswith("/cases/"))
    counts = Counter(n.user_id for n in db.session.scalars(supervision))
    assert {_user(name).id: count for name, count in NOTIFIED.items()} == counts
    times = sorted(n.created_at for n in db.session.scalars(supervision))
    assert times[-1] < utcnow() and (times[-1] - times[0]).days >= 30


def test_every_supervision_change_is_in_the_audit_log(seeded):
    actions = Counter(db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.object_type.in_(("inspection", "violation", "difficulty")))))
    assert actions == {"inspection.plan": 2, "inspection.record": 1, "violation.sanction": 1,
                       "violation.offence_report": 1,
                       "violation.remedy": 1, "difficulty.submit": 7, "difficulty.forward": 1,
                       "difficulty.answer": 3, "difficulty.publish": 2,
                       "difficulty.withdraw": 1}


@pytest.mark.parametrize(("username", "inspections", "violations", "reports"), [
    ("sokhcn.hn",            1, 2, 5),
    ("sokhcn.hcm",           1, 0, 4),
    ("bokhcn",               2, 2, 7),
    ("security.vnpost",      1, 2, 3),
    ("clerk.viettelpost",    1, 0, 3),
    ("security.ghn",         0, 0, 4),
    ("police.hn",            0, 0, 0),
])  # fmt: skip
def test_what_each_demo_user_finds(seeded, username, inspections, violations, reports):
    user = _user(username)
    assert (_count(permissions.visible_inspections(user)),
            _count(permissions.visible_violations(user)),
            _count(permissions.visible_difficulties(user))) == (inspections, violations, reports)


@pytest.mark.parametrize(("username", "pages"), [
    ("sokhcn.hn", {"/inspections/": "Bưu cục Cầu Giấy",
                   "/inspections/violations/": "Doanh nghiệp đã khắc phục",
                   "/difficulties/": "quá hạn", "/notifications/": "khắc phục vi phạm"}),
    ("security.vnpost", {"/inspections/violations/": "Đã ra quyết định xử phạt",
                         "/difficulties/guidance": "áp phích",
                         "/notifications/": "Quyết định xử phạt 27/QĐ-XPHC"}),
])  # fmt: skip
def test_newcomers_find_the_supervision_pages_filled(seeded_app, seeded, username, pages):
    client = seeded_app[0].test_client()
    login(client, _user(username), PASSWORD)
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200 and text in response.get_data(as_text=True), url


def test_seeding_again_adds_no_supervision_rows(seeded):
    tables = (Inspection, InspectionItem, Violation, Difficulty, Notification, AuditEvent)
    before = {t.__name__: _count(sa.select(t)) for t in tables}
    assert seed_demo_data().endswith("(0 new)")
    db.session.commit()
    assert {t.__name__: _count(sa.select(t)) for t in tables} == before


def test_the_minute_of_the_recorded_inspection_can_be_issued(seeded_app, seeded):
    inspection = _recorded()
    client = seeded_app[0].test_client()
    login(client, _user("sokhcn.hn"), PASSWORD)
    assert post(client, f"/inspections/{inspection.id}/minute").status_code == 302
    document = db.session.scalar(sa.select(Document).where(
        Document.inspection_id == inspection.id))
    assert document.kind is DocumentKind.INSPECTION_MINUTE and "/BB-KT-" in document.number
    firm = seeded_app[0].test_client()
    login(firm, _user("security.vnpost"), PASSWORD)
    text = pdf_text(firm.get(f"/documents/{document.id}/download").data)
    for part in ("BIÊN BẢN KIỂM TRA", document.number, "Bưu điện Thành phố Hà Nội",
                 "45/QĐ-SKHCN", "Điểm d khoản 3 Điều 12 Nghị định số 174/2026/NĐ-CP"):
        assert squash(part) in text, part
