"""One unit's case list, read from the unit's referrals (permissions.referred_cases): each
case once, newest first across pages, exactly the cases the visibility rule gives."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.cases import queries
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.referrals.models import Referral
from caseflow.workflow.engine import issue_referral
from caseflow.workflow.states import CaseStatus
from tests.cases import test_views
from tests.cases.test_listing import BASE, link, page, walk
from tests.cases.test_views import case_in, created
from tests.conftest import login
from tests.factories import make_case, make_org, make_user
from tests.paging import recorded_statements, statements_run
from tests.reports.test_case_export import exported

cast = test_views.cast  # the same people as the view tests


@pytest.fixture
def unit(app, cast, monkeypatch):
    """Five cases referred to the police unit a day apart, oldest first, the middle one twice
    (a second round); one referred to customs in between; two cases a page."""
    monkeypatch.setitem(app.config, "CASES_PER_PAGE", 2)
    ids = [created(case_in(cast, CaseStatus.REFERRED), BASE + timedelta(days=d)).id
           for d in range(5)]
    issue_referral(db.session.get(Case, ids[2]), cast.police, actor=cast.security,
                   note="Chuyển lần hai", due_hours=24)
    customs = make_org(kind=OrgKind.CUSTOMS, name="Hải quan Hà Nội")
    elsewhere = make_case(firm_user=cast.clerk, status=CaseStatus.REFERRED, agency=customs,
                          security=cast.security)
    created(elsewhere, BASE + timedelta(days=2, hours=1))
    return {"ids": ids, "customs": customs, "elsewhere": elsewhere.id}


def test_an_officer_walks_the_units_cases_once_each_newest_first(client, cast, unit):
    ids = unit["ids"]
    login(client, cast.officer)
    assert walk(client) == [[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]
    assert 'data-testid="case-count">5 hồ sơ' in client.get("/cases/").get_data(as_text=True)


def test_the_previous_link_of_a_units_list_comes_back_to_the_same_page(client, cast, unit):
    login(client, cast.officer)
    first_ids, first = page(client)
    _second_ids, second = page(client, link(first, "next"))
    assert page(client, link(second, "prev"))[0] == first_ids


def test_a_supervisor_filtering_by_a_unit_pages_through_the_same_cases(client, cast, unit):
    ids = unit["ids"]
    login(client, cast.national)
    query = f"?agency={cast.police.id}"
    first_ids, first = page(client, query)
    assert first_ids == [ids[4], ids[3]]
    assert page(client, link(first, "next"))[0] == [ids[2], ids[1]]
    assert page(client, f"?agency={unit['customs'].id}")[0] == [unit["elsewhere"]]


def test_the_unit_filter_keeps_the_viewers_own_rule(client, cast, unit):
    other_province = make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79")
    db.session.commit()
    login(client, other_province)
    assert page(client, f"?agency={cast.police.id}")[0] == []


@pytest.mark.parametrize(("who", "filters"), [
    ("officer", {}), ("officer", {"status": "referred"}),
    ("officer", {"agency": "customs"}), ("national", {"agency": "police"}),
    ("supervisor", {"agency": "police", "status": "referred"}),
])  # fmt: skip
def test_a_units_list_holds_exactly_the_visible_cases_the_filters_keep(cast, unit, who,
                                                                       filters):
    user = getattr(cast, who)
    units = {"police": cast.police.id, "customs": unit["customs"].id}
    filters = {k: units.get(v, v) if k == "agency" else v for k, v in filters.items()}
    query, order = queries.listed_cases(user, filters)
    listed = [row.id for row in db.session.execute(
        order.newest_first(query.with_only_columns(Case.id, order.at, order.id)))]
    expected = db.session.scalars(queries.case_filter(user, filters).with_only_columns(Case.id)
                                  .order_by(Case.created_at.desc(), Case.id.desc())).all()
    assert listed == expected


def test_moving_a_cases_creation_time_moves_its_referrals_copy(cast, unit):
    case = created(db.session.get(Case, unit["ids"][2]), BASE - timedelta(days=30))
    db.session.expire_all()
    copies = db.session.scalars(sa.select(Referral.case_created_at)
                                .where(Referral.case_id == case.id)).all()
    assert copies == [BASE - timedelta(days=30)] * 2


@pytest.mark.parametrize(("who", "query"), [("officer", ""), ("national", "?agency={police}")])
def test_a_units_page_walks_the_units_referrals_in_the_lists_order(client, cast, unit, who,
                                                                  query):
    login(client, getattr(cast, who))
    statements = statements_run(client, "/cases/" + query.format(police=cast.police.id))
    listed = next(s for s in statements if "listed_referral" in s)
    # ix_referral_agency_case_created serves this order; the cases' own index cannot.
    assert "ORDER BY listed_referral.case_created_at DESC, listed_referral.case_id DESC" \
        in listed


def test_a_units_export_holds_its_lists_cases_once_each_in_its_order(client, cast, unit):
    references = dict(db.session.execute(sa.select(Case.id, Case.reference)).all())
    login(client, cast.officer)
    with recorded_statements() as statements:
        assert exported(client) == [references[i] for i in reversed(unit["ids"])]
    assert any("ORDER BY listed_referral.case_created_at DESC" in sql for sql in statements)
