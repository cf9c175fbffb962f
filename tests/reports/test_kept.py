"""Dashboard figures kept for a minute: shared only by users who see the same cases, forgotten
on this process's writes, computed again on demand or when old; the page says when."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.reports import kept
from caseflow.workflow.states import CaseStatus
from tests.conftest import login
from tests.factories import make_case, make_org, make_user


@pytest.fixture
def world(app):
    """Two flagged Hà Nội cases and one of TP HCM; supervisors of both levels."""
    clerk = make_user(role=Role.FIRM_CLERK, org=make_org(kind=OrgKind.POSTAL_FIRM))
    make_case(firm_user=clerk, status=CaseStatus.FLAGGED)
    make_case(firm_user=clerk, status=CaseStatus.FLAGGED)
    make_case(firm_user=clerk, province_code="79")
    world = {"clerk": clerk,
             "hanoi": make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01"),
             "hanoi_too": make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01"),
             "hcm": make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79"),
             "national": make_user(role=Role.NATIONAL_SUPERVISOR)}
    db.session.commit()
    return world


def total(client, url: str = "/reports/") -> int:
    html = client.get(url).get_data(as_text=True)
    return int(re.search(r'data-figure="total"><a [^>]*>(\d+)<', html).group(1))


def move_a_hanoi_case_out_of_the_month() -> None:
    """Date a Hà Nội case a year back as another process would: no session here sees it."""
    table = Case.__table__
    with db.engine.begin() as conn:
        case_id, submitted = conn.execute(sa.select(table.c.id, table.c.submitted_at)
                                          .where(table.c.province_code == "01")
                                          .order_by(table.c.id).limit(1)).one()
        conn.execute(table.update().where(table.c.id == case_id)
                     .values(submitted_at=submitted - timedelta(days=400)))


def test_the_dashboard_keeps_its_figures_and_recomputes_them_on_demand(client, world):
    login(client, world["national"])
    assert total(client) == 3
    move_a_hanoi_case_out_of_the_month()
    assert total(client) == 3
    assert total(client, "/reports/?fresh=1") == 2
    assert total(client) == 2


def test_kept_figures_older_than_a_minute_are_computed_again(client, world, monkeypatch):
    login(client, world["national"])
    assert total(client) == 3
    move_a_hanoi_case_out_of_the_month()
    monkeypatch.setattr(kept, "FIGURES_TTL", 0.0)
    assert total(client) == 2


def test_a_write_in_this_process_forgets_every_kept_dashboard(client, world):
    login(client, world["national"])
    assert total(client) == 3
    make_case(firm_user=world["clerk"])
    db.session.commit()
    assert total(client) == 4


def signed_in(app, user):
    """A client of its own, signed in as the user."""
    client = app.test_client()
    login(client, user)
    return client


def test_supervisors_of_the_same_province_share_figures_others_never_do(app, world):
    assert total(signed_in(app, world["national"]), "/reports/?province=01") == 2
    assert total(signed_in(app, world["hanoi"])) == 2
    move_a_hanoi_case_out_of_the_month()
    assert total(signed_in(app, world["hanoi_too"])) == 2  # Hà Nội's kept figures
    assert total(signed_in(app, world["national"]), "/reports/?province=01&fresh=1") == 1
    assert total(signed_in(app, world["hcm"])) == 1  # never Hà Nội's or the nation's
    assert len(kept._cache) == 3


def test_the_page_says_when_its_figures_were_computed_and_links_to_recomputing(client, world):
    login(client, world["hanoi"])
    html = client.get("/reports/?date_from=01/01/2026").get_data(as_text=True)
    line = re.search(r'data-testid="computed-at">([^<]+)<a href="([^"]+)"', html)
    assert re.match(r"Số liệu tính lúc \d\d/\d\d/\d{4} \d\d:\d\d;", line.group(1))
    assert "fresh=1" in line.group(2) and "date_from=01/01/2026" in line.group(2)
    with client.session_transaction() as session:
        session["lang"] = "en"
    assert "Figures computed at" in client.get("/reports/").get_data(as_text=True)


def test_each_language_keeps_its_own_figures(client, world):
    login(client, world["hanoi"])
    assert "Số vụ việc theo trạng thái" in client.get("/reports/").get_data(as_text=True)
    with client.session_transaction() as session:
        session["lang"] = "en"
    html = client.get("/reports/").get_data(as_text=True)
    assert "Số vụ việc theo trạng thái" not in html  # the chart's title, drawn in English
    assert len(kept._cache) == 2


def test_a_process_keeps_at_most_figures_max_dashboards_dropping_the_oldest(client, world,
                                                                          monkeypatch):
    monkeypatch.setattr(kept, "FIGURES_MAX", 2)
    login(client, world["national"])
    for province in ("01", "79", ""):
        client.get(f"/reports/?province={province}")
    assert [key[1] for key in kept._cache] == ["79", None]


def test_the_kept_export_links_name_the_scope_shown_and_work_for_whoever_sees_it(app, world):
    first = signed_in(app, world["hanoi"])
    html = first.get("/reports/?date_from=01/01/2026&date_to=31/12/2026").get_data(as_text=True)
    link = unescape(re.search(r'href="([^"]+)" data-export="status-csv"', html).group(1))
    assert link == ("/reports/export/status.csv?province=01&date_from=01/01/2026"
                    "&date_to=31/12/2026")
    other = signed_in(app, world["hanoi_too"])
    other_html = other.get("/reports/?date_to=31/12/2026&date_from=01/01/2026")
    assert link in unescape(other_html.get_data(as_text=True))  # the same kept figures
    assert other.get(link).status_code == 200
    assert signed_in(app, world["hcm"]).get(link).status_code == 404
