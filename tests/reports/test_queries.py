"""The summary report's aggregates: counted in SQL, scoped like visible_cases, by period."""

from __future__ import annotations

from datetime import timedelta

import pytest

from caseflow.accounts.models import OrgKind, Role
from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.reports import queries as q
from caseflow.reports.charts import bar_chart
from caseflow.workflow.states import CaseStatus
from tests.factories import make_case, make_org, make_user


@pytest.fixture
def world(app):
    """Hà Nội cases in several states (one restricted C5), one TP HCM case, and observers."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu điện Hà Nội")
    clerk = make_user(role=Role.FIRM_CLERK, org=firm)
    officer = make_user(role=Role.AGENCY_OFFICER,
                        org=make_org(kind=OrgKind.POLICE, name="Công an Hà Nội"))
    for status in (CaseStatus.FLAGGED, CaseStatus.FLAGGED, CaseStatus.INVESTIGATING,
                   CaseStatus.CONCLUDED):
        make_case(firm_user=clerk, status=status, officer=officer)
    make_case(firm_user=clerk, categories=("C5",))
    make_case(firm_user=clerk, province_code="79", categories=("C1",))
    db.session.commit()
    return {"provincial": make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01"),
            "national": make_user(role=Role.NATIONAL_SUPERVISOR), "clerk": clerk}


def this_month() -> q.Period:
    now = to_local(utcnow())
    return q.Period.month(now.year, now.month)


def test_periods_cover_months_and_quarters():
    assert (q.Period.month(2026, 12).start.isoformat(), q.Period.month(2026, 12).end.isoformat()) \
        == ("2026-12-01", "2027-01-01")
    quarter = q.Period.quarter(2026, 4)
    assert (quarter.start.isoformat(), quarter.end.isoformat(), quarter.key) == \
        ("2026-10-01", "2027-01-01", "2026-Q4")
    assert q.Period.quarter(2026, 2).label == "quý II năm 2026"
    start, end = q.Period.month(2026, 5).bounds
    assert (start.hour, end - start) == (17, timedelta(days=31))  # 00:00 in Hà Nội is 17:00 UTC


def test_provincial_scope_counts_own_province_without_restricted_cases(world):
    ids = q.scope_case_ids(world["provincial"], "01")
    by_status = dict(q.counts_by_status(ids, this_month()))
    assert by_status == {CaseStatus.FLAGGED: 2, CaseStatus.INVESTIGATING: 1,
                         CaseStatus.CONCLUDED: 1}
    assert {code: n for code, _, n in q.counts_by_category(ids, this_month())} == {"C8": 4}


def test_national_scope_counts_everything(world):
    ids = q.scope_case_ids(world["national"], None)
    assert sum(n for _, n in q.counts_by_status(ids, this_month())) == 6
    categories = {code: n for code, _, n in q.counts_by_category(ids, this_month())}
    assert categories == {"C8": 4, "C5": 1, "C1": 1}
    assert q.counts_by_firm(ids, this_month()) == [("Bưu điện Hà Nội", 6)]


def test_another_period_is_empty(world):
    ids = q.scope_case_ids(world["national"], None)
    assert q.counts_by_status(ids, q.Period.month(2020, 1)) == []


def test_agency_figures_timings_and_violations(world):
    ids, period = q.scope_case_ids(world["national"], "01"), this_month()
    [agency] = q.referrals_by_agency(ids, period, utcnow())
    assert (agency.agency, agency.issued, agency.accepted, agency.resolved, agency.late) == \
        ("Công an Hà Nội", 2, 2, 1, 0)
    timing = q.timings(ids, period)
    assert timing["acknowledged"] == 2 and timing["ack_on_time"] == 2
    assert 0 <= timing["ack_avg"] < 60 and timing["resolve_avg"] is not None
    [violation] = q.violations(ids, period)
    assert violation.sanction_decision_number == "123/QĐ-XPHC"
    assert q.category_codes([violation.case_id]) == {violation.case_id: "C8"}


def test_unacknowledged_referral_past_its_deadline_is_late(world):
    late = make_case(firm_user=world["clerk"], status=CaseStatus.REFERRED)
    late.referrals[0].due_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    rows = q.late_referrals(q.scope_case_ids(world["national"], None), this_month(), utcnow())
    assert [r.reference for r in rows] == [late.reference]


def test_bar_chart_labels_every_bar_with_its_value():
    chart = bar_chart([("C8 Hàng giả", 4), ("C1 Ma túy", 2), ("C5", 0)], title="Số vụ")
    assert [b["value"] for b in chart["bars"]] == [4, 2, 0]
    assert chart["bars"][0]["width"] == 2 * chart["bars"][1]["width"]
    assert chart["bars"][2]["width"] == 0 and chart["bars"][1]["hatched"]
