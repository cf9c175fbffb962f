"""Difficulty reports: submit, answer, forward, publish; deadlines, visibility, notifications."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.calendar.services import add_working_days
from caseflow.difficulties import services
from caseflow.difficulties.models import Addressee, Difficulty, DifficultyStatus
from caseflow.difficulties.transitions import DIFFICULTY_TRANSITIONS
from caseflow.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.notifications.models import Notification
from caseflow.workflow import engine
from tests.conftest import login, post


def submit(people, addressee: str = "province") -> Difficulty:
    difficulty = services.submit(actor=people.security, data={
        "addressee": addressee, "province_code": "01", "subject": "Đồng kiểm bưu gửi quốc tế",
        "body": "Người gửi từ chối đồng kiểm thì xử lý thế nào?"})
    db.session.commit()
    return difficulty


def notified(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.text).where(
        Notification.user_id == user.id)))


@pytest.mark.parametrize(("start", "days", "due"), [
    (date(2026, 11, 27), 1, date(2026, 11, 30)),    # Friday + 1 → Monday
    (date(2026, 11, 27), 15, date(2026, 12, 18)),   # three working weeks
    (date(2026, 8, 28), 3, date(2026, 9, 7)),       # 31/8 (swapped), 1/9 and 2/9 are off
    (date(2026, 2, 13), 1, date(2026, 2, 23)),      # Tết Bính Ngọ: 16–20/2 off
    (date(2026, 1, 9), 1, date(2026, 1, 10)),       # Saturday 10/1 is a make-up working day
])  # fmt: skip
def test_deadlines_count_working_days_on_the_business_calendar(app, start, days, due):
    assert add_working_days(start, days) == due


def test_the_table_reads_top_to_bottom():
    assert [(t.name, sorted(s.value for s in t.sources), t.target.value)
            for t in DIFFICULTY_TRANSITIONS] == [
        ("answer", ["forwarded", "submitted"], "answered"),
        ("forward", ["submitted"], "forwarded"), ("publish", ["answered"], "published"),
        ("withdraw", ["submitted"], "withdrawn")]


def test_a_submitted_report_reaches_its_province_with_a_deadline(people):
    difficulty = submit(people)
    assert difficulty.status is DifficultyStatus.SUBMITTED
    assert difficulty.due_on == add_working_days(difficulty.submitted_at.date(), 15) or \
        difficulty.due_on > difficulty.submitted_at.date()
    assert any("Đồng kiểm bưu gửi quốc tế" in t for t in notified(people.supervisor))
    assert notified(people.far_supervisor) == [] and notified(people.national) == []


def test_the_province_answers_and_publishes_as_guidance(people):
    difficulty = submit(people)
    assert [t.name for t in engine.available(difficulty, people.supervisor)] == [
        "answer", "forward"]
    with pytest.raises(ValidationFailed):
        services.apply(difficulty, "answer", actor=people.supervisor, text=" ")
    services.apply(difficulty, "answer", actor=people.supervisor, text="Từ chối nhận gửi.",
                   expected_version=difficulty.version)
    services.apply(difficulty, "publish", actor=people.supervisor,
                   expected_version=difficulty.version)
    db.session.commit()
    assert difficulty.status is DifficultyStatus.PUBLISHED and difficulty.published_at
    assert any("Đã có trả lời" in t for t in notified(people.clerk))


def test_forwarding_hands_the_report_to_the_ministry(people):
    difficulty = submit(people)
    services.apply(difficulty, "forward", actor=people.supervisor, text="Vượt thẩm quyền Sở.")
    db.session.commit()
    assert (difficulty.addressee, difficulty.status) == (Addressee.MINISTRY,
                                                         DifficultyStatus.FORWARDED)
    assert any("chuyển" in t for t in notified(people.national))
    with pytest.raises(NotAllowed):  # the Sở no longer holds it
        services.apply(difficulty, "answer", actor=people.supervisor, text="x")
    services.apply(difficulty, "answer", actor=people.national, text="Bộ hướng dẫn như sau.")
    assert difficulty.status is DifficultyStatus.ANSWERED


@pytest.mark.parametrize("who", ["far_supervisor", "national", "other_firm", "officer"])
def test_nobody_else_acts_on_a_report_addressed_to_a_province(people, who):
    difficulty = submit(people)
    assert engine.available(difficulty, getattr(people, who)) == []
    with pytest.raises(NotAllowed):
        services.apply(difficulty, "answer", actor=getattr(people, who), text="x")


def test_a_wrong_state_or_a_stale_form_is_a_conflict(people):
    difficulty = submit(people)
    with pytest.raises(Conflict):
        services.apply(difficulty, "publish", actor=people.supervisor)
    with pytest.raises(Conflict):
        services.apply(difficulty, "answer", actor=people.supervisor, text="x",
                       expected_version=difficulty.version + 1)


@pytest.mark.parametrize(("who", "status"), [
    ("security", 200), ("supervisor", 200), ("national", 200),
    ("far_supervisor", 404), ("other_firm", 404), ("officer", 404), ("admin", 404),
])  # fmt: skip
def test_who_reads_an_unpublished_report(client, people, who, status):
    difficulty = submit(people)
    login(client, getattr(people, who))
    assert client.get(f"/difficulties/{difficulty.id}").status_code == status


def test_the_whole_flow_through_the_pages(client, people):
    login(client, people.clerk)
    response = post(client, "/difficulties/new", {
        "addressee": "province", "province_code": "01", "subject": "Lưu ảnh bưu gửi",
        "body": "Lưu ảnh 3 tháng có áp dụng cho thư không?"})
    assert response.status_code == 302
    difficulty = db.session.scalar(sa.select(Difficulty))
    page = client.get(f"/difficulties/{difficulty.id}").get_data(as_text=True)
    assert 'data-action="withdraw"' in page and 'data-action="answer"' not in page

    sup = client.application.test_client()
    login(sup, people.supervisor)
    assert re.search(r'data-testid="notifications">Thông báo <span class="badge',
                     sup.get("/difficulties/").get_data(as_text=True))
    page = sup.get(f"/difficulties/{difficulty.id}").get_data(as_text=True)
    assert 'data-action="answer"' in page and 'data-action="forward"' in page
    response = post(sup, f"/difficulties/{difficulty.id}/do/answer",
                    {"version": "1", "text": "Áp dụng cho bưu gửi có hàng hóa."})
    assert response.status_code == 302, response.get_data(as_text=True)
    response = post(sup, f"/difficulties/{difficulty.id}/do/publish", {"version": "2"})
    assert response.status_code == 302, response.get_data(as_text=True)

    other = client.application.test_client()
    login(other, people.other_firm)
    guidance = other.get("/difficulties/guidance").get_data(as_text=True)
    assert "Áp dụng cho bưu gửi có hàng hóa." in guidance
    assert other.get(f"/difficulties/{difficulty.id}").status_code == 200  # published for all

    notes = client.get("/notifications/").get_data(as_text=True)
    note_id = re.search(r'/notifications/(\d+)/open', notes).group(1)
    response = post(client, f"/notifications/{note_id}/open")
    assert response.headers["Location"] == f"/difficulties/{difficulty.id}"
    assert db.session.get(Notification, int(note_id)).read_at is not None


def test_a_supervisor_cannot_press_what_the_table_refuses(client, people):
    difficulty = submit(people)
    login(client, people.far_supervisor)
    assert post(client, f"/difficulties/{difficulty.id}/do/answer",
                {"version": "1", "text": "x"}).status_code == 404
    holder = client.application.test_client()
    login(holder, people.supervisor)
    assert post(holder, f"/difficulties/{difficulty.id}/do/withdraw",
                {"version": "1"}).status_code == 403


def test_someone_elses_notification_is_not_found(client, people):
    submit(people)
    note = db.session.scalar(sa.select(Notification).where(
        Notification.user_id == people.supervisor.id))
    login(client, people.clerk)
    assert post(client, f"/notifications/{note.id}/open").status_code == 404
