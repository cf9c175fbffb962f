"""A clock the tests set: the modules that read the time for the workflow's timers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from caseflow.i18n import VN_TZ


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """Return a moment given in Vietnam time, as aware UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ).astimezone(UTC)


class Clock:
    """The pinned time; `at` moves it, `advance` moves it on."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def at(self, moment: datetime) -> datetime:
        self.now = moment
        return moment

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def pin_clock(monkeypatch, now: datetime) -> Clock:
    """Pin utcnow where the engine, the referral services and the timer run read it."""
    from caseflow.referrals import services as referral_services
    from caseflow.workflow import engine, escalation

    clock = Clock(now)
    for module in (engine, referral_services, escalation):
        monkeypatch.setattr(module, "utcnow", clock)
    return clock
