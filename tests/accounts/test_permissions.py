"""Who sees which case, who may press what, and who sees personal data (DESIGN.md "Actors")."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from caseflow import permissions
from caseflow.accounts.models import OrgKind, Role
from caseflow.audit.models import AuditEvent
from caseflow.cases import services as case_services
from caseflow.cases.models import Case, case_category
from caseflow.extensions import db
from caseflow.seed.reference import load_reference_data
from caseflow.workflow.models import TimelineEntry
from caseflow.workflow.states import CaseStatus as S
from tests.conftest import empty_tables, login, post
from tests.factories import make_case, make_org, make_user, press, refer_case, transfer

REFERENCE_RE = re.compile(r"\b[A-Z]{2,4}-\d{4}-\d{6}\b")
CASE_LINK_RE = re.compile(r'href="/cases/(\d+)"')


@pytest.fixture(scope="module")
def world(backend_app):
    """The world every test here reads, built once per backend; no test here may change it.

    Its app context stays pushed while the module runs, so its objects stay usable.
    """
    with backend_app.app_context():
        empty_tables()
        load_reference_data()
        world = build_world()
        db.session.commit()
        yield world
        db.session.remove()


@pytest.fixture
def client(world, backend_app):
    """A client of the world's app (the shared `client` fixture would empty the tables)."""
    return backend_app.test_client()


def build_world() -> SimpleNamespace:
    """Two firms (Hà Nội, HCM), agency units and a Sở KH&CN in both, the Ministry, admins."""
    firm_a = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
    firm_b = make_org(kind=OrgKind.POSTAL_FIRM, province_code="79")

    def officer(kind, province_code):
        return make_user(role=Role.AGENCY_OFFICER,
                         org=make_org(kind=kind, province_code=province_code))

    u = SimpleNamespace(
        clerk_a=make_user(role=Role.FIRM_CLERK, org=firm_a),
        security_a=make_user(role=Role.FIRM_SECURITY, org=firm_a),
        clerk_b=make_user(role=Role.FIRM_CLERK, org=firm_b),
        security_b=make_user(role=Role.FIRM_SECURITY, org=firm_b),
        police_hn=officer(OrgKind.POLICE, "01"),
        qltt_hn=officer(OrgKind.MARKET_SURVEILLANCE, "01"),
        police_hcm=officer(OrgKind.POLICE, "79"),
        customs_hcm=officer(OrgKind.CUSTOMS, "79"),
        qltt_hcm=officer(OrgKind.MARKET_SURVEILLANCE, "79"),
        supervisor_hn=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01"),
        supervisor_hcm=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79"),
        national=make_user(role=Role.NATIONAL_SUPERVISOR),
        admin=make_user(role=Role.ADMIN),
        admin_of_firm_a=make_user(role=Role.ADMIN, org=firm_a),
    )
    a = {"firm_user": u.clerk_a, "security": u.security_a}
    b = {"firm_user": u.clerk_b, "security": u.security_b, "province_code": "79"}
    cases = {
        "a_draft": make_case(**a, status=S.DRAFT),
        "a_discarded": make_case(**a, status=S.WITHDRAWN),  # a draft thrown away unsent
        "a_flagged": make_case(**a, status=S.FLAGGED),
        "a_withdrawn": make_case(**a, status=S.FLAGGED),
        "a_police_hn": make_case(**a, status=S.REFERRED, officer=u.police_hn),
        "a_qltt_hn": make_case(**a, status=S.INVESTIGATING, officer=u.qltt_hn),
        "a_closed": make_case(**a, status=S.CLOSED, officer=u.police_hn),
        "a_restricted": make_case(**a, status=S.REFERRED, officer=u.police_hn,
                                  categories=("C5",)),
        "a_in_hcm": make_case(**a, status=S.FLAGGED, province_code="79"),
        "b_draft": make_case(**b, status=S.DRAFT),
        "b_flagged": make_case(**b, status=S.FLAGGED),
        "b_police_hcm": make_case(**b, status=S.REFERRED, officer=u.police_hcm),
        "b_transferred": make_case(**b, status=S.REFERRED, officer=u.police_hcm),
        "b_restricted": make_case(**b, status=S.FLAGGED, categories=("C6",)),
        # for personal data: an issued and an accepted referral, a transfer, a question
        "a_shared": make_case(**a, status=S.FLAGGED),
        "a_handed_on": make_case(**a, status=S.INVESTIGATING, officer=u.police_hn),
        "a_info": make_case(**a, status=S.INVESTIGATING, officer=u.qltt_hn),
    }
    case_services.transition(cases["a_withdrawn"], "withdraw", actor=u.security_a,
                             reason="Báo nhầm", expected_version=cases["a_withdrawn"].version)
    transfer(cases["b_transferred"].referrals[0], officer=u.police_hcm,
             to=u.customs_hcm.organisation)
    _, qltt = refer_case(cases["a_shared"], actor=u.security_a,
                         agencies=[u.police_hn.organisation, u.qltt_hn.organisation])
    press(qltt, "accept", actor=u.qltt_hn)
    transfer(cases["a_handed_on"].referrals[0], officer=u.police_hn, to=u.qltt_hn.organisation)
    press(cases["a_info"].referrals[0], "request_info", actor=u.qltt_hn, reason="Gửi ảnh")
    return SimpleNamespace(users=u, cases=cases)


HN_SHARED = {"a_shared", "a_handed_on", "a_info"}
FIRM_A = {"a_draft", "a_discarded", "a_flagged", "a_withdrawn", "a_police_hn", "a_qltt_hn",
          "a_closed", "a_restricted", "a_in_hcm", *HN_SHARED}
FIRM_B = {"b_draft", "b_flagged", "b_police_hcm", "b_transferred", "b_restricted"}
UNSENT = {"a_draft", "a_discarded", "b_draft"}

VISIBLE = [
    # user              the cases it sees
    ("clerk_a",         FIRM_A),                        # own firm's, drafts included
    ("security_a",      FIRM_A),
    ("clerk_b",         FIRM_B),
    ("police_hn",       {"a_police_hn", "a_closed", "a_restricted", *HN_SHARED} - {"a_info"}),
    ("qltt_hn",         {"a_qltt_hn", *HN_SHARED}),
    ("police_hcm",      {"b_police_hcm", "b_transferred"}),
    ("customs_hcm",     {"b_transferred"}),
    ("qltt_hcm",        set()),
    ("supervisor_hn",   {"a_flagged", "a_withdrawn", "a_police_hn", "a_qltt_hn", "a_closed",
                         *HN_SHARED}),
    ("supervisor_hcm",  {"a_in_hcm", "b_flagged", "b_police_hcm", "b_transferred"}),
    ("national",        (FIRM_A | FIRM_B) - UNSENT),     # restricted included
    ("admin",           set()),                          # no case content
    ("admin_of_firm_a", set()),
]  # fmt: skip
CASE_ROLE_USERS = [row for row in VISIBLE if not row[0].startswith("admin")]


@pytest.mark.parametrize(("who", "expected"), VISIBLE, ids=[row[0] for row in VISIBLE])
def test_visible_cases_are_exactly_those_design_allows(world, who, expected):
    user = getattr(world.users, who)
    found = set(db.session.scalars(permissions.visible_cases(user)))
    assert {name for name, case in world.cases.items() if case in found} == expected


def test_a_restricted_case_stays_hidden_when_the_query_joins_its_categories(world):
    hidden = make_case(firm_user=world.users.clerk_a, security=world.users.security_a,
                       status=S.FLAGGED, categories=("C1", "C5"))
    query = permissions.visible_cases(world.users.supervisor_hn) \
        .join(case_category, case_category.c.case_id == Case.id) \
        .where(case_category.c.category_code == "C1")
    try:
        assert hidden not in set(db.session.scalars(query))
    finally:  # the shared world stays as the other tests expect it
        db.session.rollback()


def test_agency_cannot_see_case_referred_elsewhere(world):
    query = permissions.visible_cases(world.users.qltt_hn)
    assert db.session.scalar(query.where(Case.id == world.cases["a_police_hn"].id)) is None


@pytest.mark.parametrize(("who", "expected"), CASE_ROLE_USERS,
                         ids=[row[0] for row in CASE_ROLE_USERS])
def test_case_list_and_case_pages_show_exactly_the_visible_cases(world, client, who, expected):
    login(client, getattr(world.users, who))
    page = client.get("/cases/").get_data(as_text=True)
    visible = {world.cases[name] for name in expected}
    assert set(REFERENCE_RE.findall(page)) == {c.reference for c in visible if c.reference}
    assert {int(i) for i in CASE_LINK_RE.findall(page)} == {c.id for c in visible}
    for name, case in world.cases.items():
        status = client.get(f"/cases/{case.id}").status_code
        assert status == (200 if name in expected else 404), name


@pytest.mark.parametrize("who", ["admin", "admin_of_firm_a"])
def test_administrators_get_404_for_the_case_list_and_every_case(world, client, who):
    login(client, getattr(world.users, who))
    assert client.get("/cases/").status_code == 404
    for name, case in world.cases.items():
        assert client.get(f"/cases/{case.id}").status_code == 404, name


def snapshot(case: Case) -> tuple:
    """Return what a refused POST must leave alone: status, version, timeline, audit."""
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    count = sa.select(sa.func.count())
    return (case.status, case.version,
            db.session.scalar(count.select_from(TimelineEntry)
                              .where(TimelineEntry.case_id == case.id)),
            db.session.scalar(count.select_from(AuditEvent)),
            [(r.status, r.version) for r in case.referrals])


@pytest.mark.parametrize(("who", "status_code"), [
    ("qltt_hn", 403),        # sees the case through its own referral; this one is the police's
    ("police_hcm", 404),     # does not see the case at all
    ("clerk_a", 403),        # the owning firm sees the case; accepting is the agency's
    ("supervisor_hn", 403),
])  # fmt: skip
def test_accepting_another_units_referral_is_refused_and_changes_nothing(
        world, client, who, status_code):
    case = world.cases["a_shared"]
    police = case.referrals[0]
    assert police.agency == world.users.police_hn.organisation
    login(client, getattr(world.users, who))
    before = snapshot(case)
    response = post(client, f"/referrals/{police.id}/do/accept", {"version": police.version})
    assert response.status_code == status_code
    assert snapshot(case) == before


@pytest.mark.parametrize(("who", "status_code"), [
    ("clerk_a", 403),        # own firm, but withdrawing is the security officer's
    ("security_b", 404),     # another firm
    ("supervisor_hn", 403),
    ("police_hn", 404),
])  # fmt: skip
def test_withdrawing_without_the_right_is_refused_and_changes_nothing(
        world, client, who, status_code):
    case = world.cases["a_flagged"]
    login(client, getattr(world.users, who))
    before = snapshot(case)
    response = post(client, f"/cases/{case.id}/do/withdraw",
                    {"version": case.version, "reason": "Báo nhầm"})
    assert response.status_code == status_code
    assert snapshot(case) == before


PERSONAL_DATA = [
    # user               case            shown in full?
    ("clerk_a",          "a_shared",     True),     # the owning firm
    ("security_a",       "a_shared",     True),
    ("qltt_hn",          "a_shared",     True),     # holds an accepted referral
    ("police_hn",        "a_shared",     False),    # only an issued referral
    ("supervisor_hn",    "a_shared",     False),
    ("national",         "a_shared",     False),
    ("clerk_b",          "a_shared",     False),
    ("admin_of_firm_a",  "a_shared",     False),
    ("qltt_hn",          "a_info",       True),     # waits on information it asked for
    ("police_hn",        "a_handed_on",  False),    # transferred its accepted referral away
    ("qltt_hn",          "a_handed_on",  False),    # received it, not accepted yet
]  # fmt: skip


@pytest.mark.parametrize(("who", "case", "in_full"), PERSONAL_DATA)
def test_personal_data_shows_in_full_only_to_owning_firm_and_holding_agency(
        world, who, case, in_full):
    user, case = getattr(world.users, who), world.cases[case]
    assert permissions.may_see_personal_data(user, case) is in_full


PERSONAL_VALUES = ["Nguyễn Văn Bình", "0912 345 678", "0912345678", "001089012345",
                   "12 Trần Duy Hưng", "Trần Thị Hoa", "0987654321", "45 Lê Lợi"]


@pytest.mark.parametrize(("who", "masked"), [
    ("clerk_a",       False),
    ("qltt_hn",       False),
    ("police_hn",     True),
    ("supervisor_hn", True),
    ("national",      True),
])  # fmt: skip
def test_case_page_masks_personal_data_for_readers_not_entitled(world, client, who, masked):
    login(client, getattr(world.users, who))
    page = client.get(f"/cases/{world.cases['a_shared'].id}").get_data(as_text=True)
    shown = {value for value in PERSONAL_VALUES if value in page}
    assert shown == (set() if masked else set(PERSONAL_VALUES) - {"0912345678"})
    assert ('data-testid="masked"' in page) is masked
