"""The supervision demo: inspections, violations and difficulty reports, through the services.

Every change goes through caseflow.inspections.services and caseflow.difficulties.services, so
the access rules, the audit events and the notifications are the real ones. Only timestamps are
moved afterwards (as demo.py does for cases), so that the history reads as weeks of work; the
notifications a step wrote take the step's time. The data lives in demo_supervision_data.py.
Idempotent: an inspection is found by (firm, decision number), a report by (firm, subject).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from caseflow.accounts.models import User
from caseflow.difficulties import services as difficulties
from caseflow.difficulties.deadlines import answer_due
from caseflow.difficulties.models import Addressee, Difficulty
from caseflow.extensions import db
from caseflow.i18n import VN_TZ, to_local
from caseflow.inspections import services as inspections
from caseflow.inspections.legal import ChecklistItem
from caseflow.inspections.models import Inspection, ItemResult, Violation
from caseflow.notifications.models import Notification
from caseflow.seed.demo_accounts import Ctx
from caseflow.seed.demo_supervision_data import (
    INSPECTIONS,
    REPORTS,
    Remedy,
    Report,
    Sanction,
    Step,
    Visit,
)

SUMMARY = f"{len(INSPECTIONS)} inspections, {len(REPORTS)} difficulty reports"
#: When a report's step happens: the timestamp column it sets (none for a withdrawal).
STEP_STAMPS = {"answer": "answered_at", "forward": "forwarded_at", "publish": "published_at"}


def seed_supervision(ctx: Ctx, now: datetime) -> int:
    """Create the inspections and reports that do not exist yet; return how many are new."""
    today = to_local(now).date()
    new = sum(_visit(visit, ctx, today) for visit in INSPECTIONS)
    return new + sum(_report(report, ctx, today) for report in REPORTS)


def _at(day: date, hour: float) -> datetime:
    """Return a time of a day in Vietnam, as aware UTC."""
    local = datetime.combine(day, time()) + timedelta(hours=hour)
    return local.replace(tzinfo=VN_TZ).astimezone(UTC)


@contextmanager
def _dated(when: datetime) -> Iterator[None]:
    """Give the notifications written inside the block the time `when`."""
    last = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Notification.id), 0)))
    yield
    for notification in db.session.scalars(sa.select(Notification)
                                           .where(Notification.id > last)):
        notification.created_at = when


# --- Inspections -------------------------------------------------------------------------------

def _visit(visit: Visit, ctx: Ctx, today: date) -> bool:
    """Plan the inspection, then record and follow it up if it took place; tell if new."""
    firm = ctx.orgs[visit.firm]
    if db.session.scalar(sa.select(Inspection.id).where(
            Inspection.firm_id == firm.id, Inspection.decision_number == visit.decision)):
        return False
    day = today + timedelta(days=visit.day)
    # Planned two weeks ahead of the day, and two days ago at the latest.
    planned = _at(min(day - timedelta(days=14), today - timedelta(days=2)), 10)
    with _dated(planned):
        inspection = inspections.plan(actor=ctx.users[visit.supervisor], data={
            "firm_id": firm.id, "service_point": visit.service_point, "planned_on": day,
            "decision_number": visit.decision, "team": visit.team, "scope": visit.scope})
    inspection.created_at = planned
    if visit.failed is not None:
        _record(inspection, visit, ctx, day)
    return True


def _record(inspection: Inspection, visit: Visit, ctx: Ctx, day: date) -> None:
    """Record the checklist on the day, then take the sanctions and remedies in time order."""
    results = {item: (ItemResult.NOT_CHECKED, "") if item in visit.not_checked
               else (ItemResult.FAILED, visit.failed[item]) if item in visit.failed
               else (ItemResult.PASSED, "") for item in ChecklistItem}
    recorded = _at(day, 16.5)
    with _dated(recorded):
        violations = inspections.record(
            inspection, actor=ctx.users[visit.supervisor], inspected_on=day, results=results,
            conclusion=visit.conclusion, expected_version=inspection.version)
    inspection.recorded_at = recorded
    by_item = {v.item: v for v in violations}
    for follow_up in sorted((*visit.sanctions, *visit.remedies), key=lambda f: f.after_days):
        take = _sanction if isinstance(follow_up, Sanction) else _remedy
        take(by_item[follow_up.item], follow_up, visit, ctx, day)


def _sanction(violation: Violation, sanction: Sanction, visit: Visit, ctx: Ctx,
              day: date) -> None:
    """Record the sanction decision as the Sở, a few days after the inspection."""
    when = _at(day + timedelta(days=sanction.after_days), 14)
    with _dated(_at(day, 17)):  # the biên bản vi phạm hành chính, on the inspection's day
        inspections.record_offence_report(
            violation, actor=ctx.users[visit.supervisor],
            number=sanction.decision.replace("QĐ-XPHC", "BB-VPHC"), report_date=day,
            expected_version=violation.version)
    with _dated(when):
        inspections.sanction(violation, actor=ctx.users[visit.supervisor], data={
            "act_date": day, "ongoing": True, "discovered_on": day,
            "sanction_decision_number": sanction.decision, "fine_amount": sanction.amount,
            "remedy_deadline": day + timedelta(days=sanction.remedy_within_days)},
            expected_version=violation.version)
    violation.sanctioned_at = when


def _remedy(violation: Violation, remedy: Remedy, visit: Visit, ctx: Ctx, day: date) -> None:
    """Record the remedy as the firm's security officer."""
    when = _at(day + timedelta(days=remedy.after_days), 11)
    with _dated(when):
        inspections.record_remedy(violation, actor=ctx.users[f"security.{visit.firm}"],
                                  note=remedy.note, expected_version=violation.version)
    violation.remedied_at = when


# --- Difficulty reports ------------------------------------------------------------------------

def _report(report: Report, ctx: Ctx, today: date) -> bool:
    """Submit the report and press its steps, unless the firm already has it; tell if new."""
    actor = ctx.users[report.by]
    if db.session.scalar(sa.select(Difficulty.id).where(
            Difficulty.firm_id == actor.organisation_id, Difficulty.subject == report.subject)):
        return False
    day = today - timedelta(days=report.days_ago)
    difficulty = _submit(report, actor, day)
    for step in report.steps:
        _press(difficulty, step, ctx, day + timedelta(days=step.after_days))
    return True


def _submit(report: Report, actor: User, day: date) -> Difficulty:
    """Submit the report as the firm's user, in the morning of the day."""
    ministry = report.to == "ministry"
    submitted = _at(day, 9.5)
    with _dated(submitted):
        difficulty = difficulties.submit(actor=actor, data={
            "addressee": (Addressee.MINISTRY if ministry else Addressee.PROVINCE).value,
            "province_code": None if ministry else report.to,
            "subject": report.subject, "body": report.body})
    difficulty.submitted_at, difficulty.due_on = submitted, answer_due(day)
    return difficulty


def _press(difficulty: Difficulty, step: Step, ctx: Ctx, day: date) -> None:
    """Press one transition of the report in the afternoon of the day."""
    when = _at(day, 15)
    with _dated(when):
        difficulties.apply(difficulty, step.name, actor=ctx.users[step.by], text=step.text,
                           expected_version=difficulty.version)
    if step.name in STEP_STAMPS:
        setattr(difficulty, STEP_STAMPS[step.name], when)
    if step.name == "forward":  # the Ministry's deadline runs from the forwarding
        difficulty.due_on = answer_due(day)
