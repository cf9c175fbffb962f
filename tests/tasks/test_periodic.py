"""The worker's clock: the referral timers every few minutes, one line to schedule more."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from caseflow.extensions import db
from caseflow.tasks import periodic
from caseflow.tasks.queue import huey
from caseflow.workflow.models import TimerNotice
from tests.clock import pin_clock, vn
from tests.workflow.test_escalation import people, referred  # noqa: F401  (fixtures)


def test_the_timers_run_every_five_minutes_by_default():
    fires = [minute for minute in range(60)
             if periodic.timers.s().validate_datetime(datetime(2026, 3, 4, 9, minute))]
    assert fires == list(range(0, 60, 5))


def test_the_clock_accepts_one_to_sixty_minutes_only():
    assert periodic.every(60).__name__ == periodic.every(1).__name__
    for wrong in (0, 61):
        with pytest.raises(ValueError):
            periodic.every(wrong)


def test_the_timers_task_sends_what_is_due_and_commits(app, people, monkeypatch):  # noqa: F811
    clock = pin_clock(monkeypatch, vn(2026, 3, 3, 9))
    referred(people)
    clock.at(vn(2026, 3, 4, 9))  # a day after the referral: its warning and breach are due
    periodic.timers()  # the test queue runs it inline, as a worker would at the clock's tick
    periodic.timers()
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TimerNotice)) == 2


def test_a_scheduled_function_is_registered_under_its_own_name():
    names = list(huey._registry._registry)
    assert [n for n in names if n.endswith("periodic.caseflow.workflow.escalation.run")]


def test_every_scheduled_target_names_a_function():
    assert "caseflow.workflow.escalation:run" in periodic.SCHEDULED
    for target in periodic.SCHEDULED:
        assert callable(periodic.resolve(target)), target
