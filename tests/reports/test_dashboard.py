"""The supervisor's dashboard: access, aggregates on a known dataset, links, trend, medians."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from itertools import pairwise
from pathlib import Path

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.catalogue.models import Category
from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.reports import dashboard as q
from caseflow.reports.charts import column_chart
from caseflow.reports.dashboard_context import STATUSES, Dashboard, _fmt
from caseflow.reports.queries import Period
from caseflow.workflow.states import CaseStatus
from tests.conftest import login
from tests.factories import make_case, make_org, make_user

HOUR = 3600


@pytest.fixture
def world(app):
    """Hà Nội: 2 flagged (C8), 1 referred and overdue (C8), 2 investigating (C1, C8+C3) and
    a restricted C5 case, by two firms; one TP HCM case (C1); supervisors of both levels."""
    vnpost = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu điện Hà Nội")
    viettel = make_org(kind=OrgKind.POSTAL_FIRM, name="Viettel Post")
    clerk = make_user(role=Role.FIRM_CLERK, org=vnpost)
    other_clerk = make_user(role=Role.FIRM_CLERK, org=viettel)
    police = make_user(role=Role.AGENCY_OFFICER,
                       org=make_org(kind=OrgKind.POLICE, name="Công an Hà Nội"))
    customs = make_user(role=Role.AGENCY_OFFICER,
                        org=make_org(kind=OrgKind.CUSTOMS, name="Hải quan Hà Nội"))
    make_case(firm_user=clerk, status=CaseStatus.FLAGGED)
    make_case(firm_user=other_clerk, status=CaseStatus.FLAGGED)
    late = make_case(firm_user=clerk, status=CaseStatus.REFERRED, officer=police)
    late.referrals[0].due_at = utcnow() - timedelta(hours=1)
    first = make_case(firm_user=clerk, status=CaseStatus.INVESTIGATING, officer=police,
                      categories=("C1",))
    second = make_case(firm_user=other_clerk, status=CaseStatus.INVESTIGATING, officer=customs,
                       categories=("C8", "C3"))
    for case, hours in ((first, 2), (second, 6)):  # known acknowledgement times
        referral = case.referrals[0]
        referral.accepted_at = referral.issued_at + timedelta(hours=hours)
    make_case(firm_user=clerk, categories=("C5",))
    make_case(firm_user=clerk, province_code="79", categories=("C1",))
    provincial = make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01")
    national = make_user(role=Role.NATIONAL_SUPERVISOR)
    db.session.commit()
    return {"provincial": provincial, "national": national, "clerk": clerk,
            "police": police, "customs": customs, "vnpost": vnpost, "viettel": viettel,
            "late": late}


def this_month() -> Period:
    today = to_local(utcnow()).date()
    return Period.between(today.replace(day=1), today)


def board(user, province: str | None) -> Dashboard:
    return Dashboard(q.Scope(user, province, this_month()), utcnow())


def test_provincial_dashboard_counts_its_province_without_restricted_cases(world):
    dash = board(world["provincial"], "01")
    assert {r["key"]: r["count"] for r in dash.status() if r["count"]} == {
        "flagged": 2, "referred": 1, "investigating": 2}
    assert {r["code"]: r["count"] for r in dash.categories()} == {"C8": 4, "C1": 1, "C3": 1}
    assert {r["name"]: r["count"] for r in dash.firms()} == {"Bưu điện Hà Nội": 3,
                                                             "Viettel Post": 2}
    assert {r["name"]: (r["count"], r["overdue"]) for r in dash.agencies()} == {
        "Công an Hà Nội": (2, 1), "Hải quan Hà Nội": (1, 0)}
    assert dash.provinces() == []  # the per-province table is the national view's


def test_national_dashboard_counts_everything_with_a_table_per_province(world):
    dash = board(world["national"], None)
    context = dash.context()
    assert context["total"] == 7
    provinces = {r["code"]: r for r in context["provinces"]}
    assert (provinces["01"]["total"], provinces["79"]["total"], provinces["48"]["total"]) == \
        (6, 1, 0)
    assert provinces["01"]["overdue"] == 1 and context["timings"]["overdue"] == 1
    assert {r["code"]: r["count"] for r in context["top_categories"]}["C5"] == 1


def test_the_national_statuses_are_the_sums_of_the_province_table(world):
    dash = board(world["national"], None)
    assert {r["key"]: r["count"] for r in dash.status() if r["count"]} == {
        "flagged": 4, "referred": 1, "investigating": 2}
    by_province = [r["statuses"] for r in dash.provinces()]
    assert [sum(row[i]["count"] for row in by_province) for i in range(len(STATUSES))] == \
        [r["count"] for r in dash.status()]


def test_a_case_with_a_restricted_category_counts_in_none_of_its_categories_for_the_so(world):
    make_case(firm_user=world["clerk"], categories=("C1", "C5"))
    db.session.commit()
    provincial = {r["code"]: r["count"] for r in board(world["provincial"], "01").categories()}
    assert provincial == {"C8": 4, "C1": 1, "C3": 1}  # as before: the new case is not visible
    national = {r["code"]: r["count"] for r in board(world["national"], None).categories()}
    assert (national["C1"], national["C5"]) == (3, 2)


def test_medians_of_acknowledgement_are_computed_in_sql(world):
    timings = board(world["provincial"], "01").timings()
    # Two acknowledged referrals, 2 h and 6 h: the median of an even count is their mean.
    assert (timings["ack_hours"], timings["ack_count"]) == ("4,0", 2)
    assert timings["conclude_days"] == "" and timings["conclude_count"] == 0


def test_median_of_an_odd_count_is_the_middle_value(world):
    third = make_case(firm_user=world["clerk"], status=CaseStatus.INVESTIGATING,
                      officer=world["police"])
    third.referrals[0].accepted_at = third.referrals[0].issued_at + timedelta(hours=3)
    db.session.commit()
    stats = q.referral_stats(q.Scope(world["provincial"], "01", this_month()),
                             q.IdRange(1, 10**9))
    assert (round(stats["ack"] / HOUR, 3), stats["ack_count"]) == (3.0, 3)


def test_postgresql_plans_the_statements_for_their_values(world):
    board(world["national"], None).counts()
    if db.session.get_bind().dialect.name == "postgresql":  # not a generic prepared plan
        assert db.session.execute(sa.text("SHOW plan_cache_mode")).scalar() == \
            "force_custom_plan"


def test_the_trend_cuts_weeks_at_monday_midnight_vietnam_time(world):
    sunday_night = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)  # Sun 1/3/2026 23:30 in Hà Nội
    monday_morning = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)  # Mon 2/3/2026 00:30
    for when in (sunday_night, monday_morning, monday_morning):
        make_case(firm_user=world["clerk"]).submitted_at = when
    db.session.commit()
    scope = q.Scope(world["national"], None, Period.between(date(2026, 2, 23),
                                                            date(2026, 3, 8)))
    rows = Dashboard(scope, utcnow()).trend()
    assert [(r["from"], r["to"], r["count"]) for r in rows] == [
        ("23/02/2026", "01/03/2026", 1), ("02/03/2026", "08/03/2026", 2)]


# --- the page ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("provincial", 200), ("national", 200), ("clerk", 404), ("security", 404),
    ("agency", 404), ("admin", 404),
])  # fmt: skip
def test_only_supervisors_have_a_dashboard(client, world, who, status):
    user = {"provincial": world["provincial"], "national": world["national"],
            "clerk": world["clerk"], "agency": world["police"]}.get(who) or make_user(
        role=Role.FIRM_SECURITY if who == "security" else Role.ADMIN)
    db.session.commit()
    login(client, user)
    assert client.get("/reports/").status_code == status
    assert client.get("/reports/export/status.csv").status_code == status


def test_a_provincial_supervisor_cannot_open_another_province_or_the_nation(client, world):
    login(client, world["provincial"])
    assert client.get("/reports/?province=79").status_code == 404
    assert client.get("/reports/?province=").status_code == 404
    assert client.get("/reports/?province=01").status_code == 200


def test_a_supervisor_lands_on_the_dashboard(client, world):
    login(client, world["national"])
    assert client.get("/").headers["Location"] == "/reports/"


def figure_link(html: str, attribute: str) -> str:
    match = re.search(rf'{attribute}[^>]*><a href="([^"]+)"', html)
    assert match, attribute
    return unescape(match.group(1))


def listed(client, url: str) -> int:
    html = client.get(url).get_data(as_text=True)
    return int(re.search(r'data-testid="case-count">(\d+)', html).group(1))


@pytest.mark.parametrize(("attribute", "expected"), [
    ('data-status="flagged"', 2), ('data-category="C8"', 4), ('data-figure="overdue"', 1),
    ('data-figure="total"', 5),
])  # fmt: skip
def test_each_figure_links_to_the_cases_behind_it(client, world, attribute, expected):
    login(client, world["provincial"])
    html = client.get("/reports/").get_data(as_text=True)
    url = figure_link(html, attribute)
    assert url.startswith("/cases/?") and "province=01" in url
    assert listed(client, url) == expected


def test_each_week_of_the_trend_links_to_that_week_alone(app, client, world):
    login(client, world["provincial"])
    with app.test_request_context("/reports/"):
        weeks = board(world["provincial"], "01").trend()
    for week in weeks:
        assert week["url"].count("submitted_from=") == 1
        assert f"submitted_from={week['from']}&submitted_to={week['to']}" in week["url"]
        assert listed(client, week["url"]) == week["count"]
    assert sum(w["count"] for w in weeks) == 5


def test_the_national_province_table_links_to_each_province(client, world):
    login(client, world["national"])
    html = client.get("/reports/").get_data(as_text=True)
    row = re.search(r'data-province="01">(.*?)</tr>', html, re.S).group(1)
    total_url = unescape(re.findall(r'class="text-end"><a href="([^"]+)"', row)[0])
    assert listed(client, total_url) == 6


def test_charts_are_svg_with_a_data_table_and_values_on_every_bar(client, world):
    login(client, world["provincial"])
    html = client.get("/reports/").get_data(as_text=True)
    assert html.count("<svg") == 3 and 'role="img"' in html
    for table in ("table-status", "table-trend", "table-categories"):
        assert f'id="{table}"' in html
    assert "style=" not in html and "<script>" not in html  # the strict CSP holds


# --- readable figures ---------------------------------------------------------------------------

def test_without_dates_the_dashboard_shows_the_latest_month_with_cases_and_says_so(client, app):
    clerk = make_user(role=Role.FIRM_CLERK,
                      org=make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu điện Hà Nội"))
    case = make_case(firm_user=clerk)
    case.submitted_at = utcnow() - timedelta(days=70)
    supervisor = make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01")
    db.session.commit()
    login(client, supervisor)
    html = client.get("/reports/").get_data(as_text=True)
    month = to_local(case.submitted_at)
    assert 'data-testid="fell-back"' in html
    assert f"tháng {month.month} năm {month.year}" in html
    assert re.search(r'data-figure="total"><a[^>]*>1<', html)
    explicit = client.get(f"/reports/?date_from=01/{to_local(utcnow()):%m/%Y}")
    assert 'data-testid="fell-back"' not in explicit.get_data(as_text=True)


def test_a_month_with_cases_is_shown_as_it_is(client, world):
    login(client, world["provincial"])
    assert 'data-testid="fell-back"' not in client.get("/reports/").get_data(as_text=True)


def test_an_empty_or_tiny_median_never_reads_zero():
    assert _fmt(None, 86400) == ""
    assert _fmt(600, 86400) == "<\u00a00,1"
    assert _fmt(3 * 86400, 86400) == "3,0"


def test_a_dashboard_without_concluded_referrals_says_it_has_no_figure(client, world):
    login(client, world["provincial"])
    html = client.get("/reports/").get_data(as_text=True)
    conclude = re.search(r'data-figure="conclude">(.*?)</div>', html, re.S).group(1)
    assert "—" in conclude and "chưa có số liệu" in conclude and "0,0" not in conclude


def test_every_chart_text_is_at_least_11_px_and_labels_never_overlap():
    rows = [(f"{day:02d}/01", 100 + day) for day in range(53)]
    chart = column_chart(rows, width=520)
    labelled = [c for c in chart["columns"] if c["label"]]
    gaps = [b["center"] - a["center"] for a, b in pairwise(labelled)]
    assert min(gaps) >= 5 * 0.62 * 11  # a dd/mm label never reaches the next one
    assert not any(c["show_value"] for c in chart["columns"])  # 3 digits in a 10 px slot
    assert all(c["show_value"] for c in column_chart(rows[:5], width=520)["columns"])
    for name in ("_bar_chart.svg", "_column_chart.svg"):
        svg = (Path(__file__).parents[2] / "templates/documents" / name).read_text()
        assert min(int(n) for n in re.findall(r'font-size="(\d+)"', svg)) >= 11


def test_the_english_dashboard_names_categories_in_english(client, world):
    login(client, world["provincial"])
    with client.session_transaction() as session:
        session["lang"] = "en"
    html = client.get("/reports/").get_data(as_text=True)
    row = re.search(r'<td>C8</td><td>([^<]+)</td>', html).group(1)
    assert row == db.session.scalar(sa.select(Category.name_en).where(Category.code == "C8"))
