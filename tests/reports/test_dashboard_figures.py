"""Every dashboard figure equals the same figure counted case by case in Python.

The statements of caseflow/reports/dashboard.py are shaped for PostgreSQL's planner (CTEs,
ANY(ARRAY(…)), grouping sets, id ranges); these tests hold each of them to a plain count over
the ORM objects, on a dataset with the cases that a rewrite tends to miscount: a case referred
to two units, a unit's second referral of the same case, restricted categories, other provinces,
referrals not yet due or already acknowledged, cases outside the period, a draft.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.cases.models import Case, Outcome
from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.referrals import services as referral_services
from caseflow.reports import dashboard as q
from caseflow.reports.queries import Period
from caseflow.workflow import engine
from caseflow.workflow.states import CaseStatus, ReferralStatus
from tests.factories import make_case, make_org, make_user

HOUR = timedelta(hours=1)


def _referred(case, *agencies):
    security = make_user(role=Role.FIRM_SECURITY, org=case.firm)
    referral_services.refer(case, actor=security, agency_ids=[a.id for a in agencies],
                            note="Đề nghị kiểm tra", expected_version=case.version)
    return case.referrals


def _late(referral, hours: int = 1) -> None:
    referral.due_at = utcnow() - hours * HOUR


def _acknowledged(referral, hours: float) -> None:
    referral.status = ReferralStatus.ACCEPTED
    referral.accepted_at = referral.issued_at + hours * HOUR
    referral.due_at = utcnow() - HOUR  # past due, but acknowledged: not overdue


@pytest.fixture
def mixed(app):
    """Cases of Hà Nội (01) and TP HCM (79) that each test a way to miscount."""
    now = utcnow()
    vnpost = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu điện Hà Nội")
    viettel = make_org(kind=OrgKind.POSTAL_FIRM, name="Viettel Post")
    clerk, other = (make_user(role=Role.FIRM_CLERK, org=o) for o in (vnpost, viettel))
    police, customs = (make_org(kind=k, province_code="01") for k in (OrgKind.POLICE,
                                                                      OrgKind.CUSTOMS))
    police79 = make_org(kind=OrgKind.POLICE, province_code="79")

    def case(*, by=clerk, province="01", categories=("C8",), days_ago=0):
        made = make_case(firm_user=by, province_code=province, categories=categories)
        if days_ago:
            made.submitted_at = now - timedelta(days=days_ago)
        return made

    for referral in _referred(case(), police, customs):  # two units, both late
        _late(referral)
    twice = case(by=other, categories=("C1", "C3"))
    _late(_referred(twice, police)[0])
    again = engine.issue_referral(twice, police, actor=twice.referrals[0].issued_by, note="",
                                  due_hours=24)  # the same unit, a second time
    _late(again, 3)
    _late(_referred(case(categories=("C5",)), police)[0])  # restricted
    _late(_referred(case(province="79", categories=("C6", "C1")), police79)[0])
    _referred(case(), customs)  # issued, not yet due
    _acknowledged(_referred(case(categories=("C2",)), police)[0], 2)
    _late(_referred(case(days_ago=70), police)[0], 48)  # before the month
    hidden = _referred(case(categories=("C1", "C5")), customs)[0]
    _acknowledged(hidden, 6)
    done = _referred(case(by=other), police)[0]
    _acknowledged(done, 3)
    done.status, done.outcome = ReferralStatus.RESOLVED, Outcome.VIOLATION
    done.closed_at = done.issued_at + 50 * HOUR
    declined, accepted = _referred(case(categories=("C4", "C8")), police, customs)
    declined.status, declined.closed_at = ReferralStatus.DECLINED, declined.issued_at + HOUR
    _acknowledged(accepted, 1)
    case(categories=("C5",), days_ago=40)  # the latest Hà Nội case before the month: restricted
    case(province="79", days_ago=200)
    case(days_ago=400)  # before the year
    make_case(firm_user=clerk, status=CaseStatus.DRAFT)
    db.session.commit()
    return {"provincial": make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01"),
            "national": make_user(role=Role.NATIONAL_SUPERVISOR), "now": now}


def _sees(user, case: Case) -> bool:
    """The visibility rule, restated case by case (permissions/cases.py)."""
    if case.reference is None:
        return False
    if user.role is Role.NATIONAL_SUPERVISOR:
        return True
    return case.province_code == user.organisation.province_code \
        and not any(c.restricted for c in case.categories)


def _by_case(pairs) -> dict:
    """{key: number of distinct cases} from (key, case id) pairs."""
    cases: dict = {}
    for key, case_id in pairs:
        cases.setdefault(key, set()).add(case_id)
    return {key: len(ids) for key, ids in cases.items()}


def expected(user, province: str | None, period: Period, now) -> dict:
    """Count every figure over the ORM objects."""
    start, end = period.bounds
    seen = [c for c in db.session.scalars(sa.select(Case)) if _sees(user, c)
            and province in (None, c.province_code)]
    cases = [c for c in seen if start <= c.submitted_at < end]
    referrals = [r for c in cases for r in c.referrals]
    late = [(c, r) for c in seen for r in c.referrals
            if r.status is ReferralStatus.ISSUED and r.due_at < now]
    acks = [(r.accepted_at - r.issued_at).total_seconds() for r in referrals if r.accepted_at]
    done = [(r.closed_at - r.issued_at).total_seconds() for r in referrals
            if r.status is ReferralStatus.RESOLVED]
    return {
        "status": Counter(c.status for c in cases), "firm": Counter(c.firm_id for c in cases),
        "province": Counter((c.province_code, c.status) for c in cases),
        "week": Counter(_monday(c.submitted_at) for c in cases),
        "category": Counter(k.code for c in cases for k in c.categories),
        "agency": _by_case((r.agency_id, r.case_id) for r in referrals),
        "ack": (statistics.median(acks) if acks else None, len(acks)),
        "conclude": (statistics.median(done) if done else None, len(done)),
        "overdue": (_by_case((c.province_code, c.id) for c, _r in late),
                    _by_case((r.agency_id, c.id) for c, r in late)),
        "latest": max((c.submitted_at for c in seen if c.submitted_at < start), default=None),
    }


def _monday(when) -> date:
    day = to_local(when).date()
    return day - timedelta(days=day.weekday())


def computed(user, province: str | None, period: Period, now) -> dict:
    """The same figures from the dashboard's statements."""
    scope = q.Scope(user, province, period)
    ids = q.period_id_range(period)
    counts = q.case_counts(scope, ids, provinces=province is None)
    stats = q.referral_stats(scope, ids)
    return {
        "status": Counter(dict(counts["status"])), "firm": Counter(dict(counts["firm"])),
        "province": Counter({(p, s): n for p, s, n in counts.get("province", [])}),
        "week": Counter(dict(counts["week"])),
        "category": Counter(dict(q.by_category(scope, ids))),
        "agency": dict(stats["agency"]),
        "ack": (stats["ack"], stats["ack_count"]),
        "conclude": (stats["conclude"], stats["conclude_count"]),
        "overdue": q.overdue(scope, now),
        "latest": scope.latest_submission(period.bounds[0]),
    }


def _periods() -> dict[str, Period]:
    today = to_local(utcnow()).date()
    return {"month": Period.between(today.replace(day=1), today),
            "year": Period.between(today - timedelta(days=365), today),
            "empty": Period.between(date(2020, 1, 1), date(2020, 1, 31))}


@pytest.mark.parametrize("period", ["month", "year", "empty"])
@pytest.mark.parametrize(("who", "province"), [
    ("national", None), ("national", "01"), ("national", "79"), ("provincial", "01"),
])  # fmt: skip
def test_every_figure_equals_the_count_case_by_case(mixed, who, province, period):
    user, now = mixed[who], mixed["now"]
    want = expected(user, province, _periods()[period], now)
    got = computed(user, province, _periods()[period], now)
    if province is not None:
        want["province"] = Counter()  # the province × status table is the nation's alone
    for name in ("ack", "conclude"):
        assert got[name][1] == want[name][1], name
        assert got[name][0] == pytest.approx(want[name][0], abs=1e-3), name
    assert {k: v for k, v in got.items() if k not in ("ack", "conclude")} == \
        {k: v for k, v in want.items() if k not in ("ack", "conclude")}


def test_the_dataset_exercises_what_it_claims(mixed):
    """Guard the dataset: were it to lose its hard cases, the test above would prove little."""
    month = _periods()["month"]
    national = expected(mixed["national"], None, month, mixed["now"])
    provincial = expected(mixed["provincial"], "01", month, mixed["now"])
    late_provinces, late_agencies = national["overdue"]
    assert late_provinces == {"01": 4, "79": 1}  # the late case before the month counts too
    assert sorted(late_agencies.values()) == [1, 1, 4]  # 2 referrals of one case: once
    assert provincial["overdue"][0] == {"01": 3}  # not the restricted one
    assert national["ack"][1] == 4 and provincial["ack"][1] == 3
    assert national["conclude"][1] == 1
    assert national["latest"] > provincial["latest"]  # the latest is restricted for the Sở
    assert provincial["category"]["C1"] == 1 and national["category"]["C1"] == 3
