"""The two transition tables, checked against DESIGN.md cell by cell.

The expected tables below are written out from DESIGN.md ("Actors" and "Workflow"), not read
from caseflow.workflow.transitions: if the code's table drifts, these tests say where.
Everything here runs on unsaved objects, without a database.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from caseflow.accounts.models import Organisation, OrgKind, Role, User
from caseflow.cases.models import Case
from caseflow.referrals.models import Referral
from caseflow.workflow import engine
from caseflow.workflow.lifecycles import LIFECYCLES
from caseflow.workflow.states import CaseStatus, ReferralStatus
from caseflow.workflow.transitions import CASE_TRANSITIONS, REFERRAL_TRANSITIONS

CLERK, SECURITY = Role.FIRM_CLERK, Role.FIRM_SECURITY
OFFICER, ADMIN = Role.AGENCY_OFFICER, Role.ADMIN
PROVINCIAL, NATIONAL = Role.PROVINCIAL_SUPERVISOR, Role.NATIONAL_SUPERVISOR
FIRM = {CLERK, SECURITY}
SUPERVISORS = {PROVINCIAL, NATIONAL}
ENGINE: set[Role] = set()  # taken by the engine from the referrals, never by a person


@dataclass(frozen=True)
class Row:
    sources: frozenset[str]
    target: str
    roles: frozenset[Role]


def row(sources: set[str], target: str, roles: set[Role]) -> Row:
    return Row(frozenset(sources), target, frozenset(roles))


EXPECTED_CASE = {
    #  name                     from                 to               who (DESIGN.md)
    "submit":              row({"draft"},         "flagged",       FIRM),
    "discard":             row({"draft"},         "withdrawn",     FIRM),
    "withdraw":            row({"flagged"},       "withdrawn",     {SECURITY}),
    "refer":               row({"flagged"},       "referred",      {SECURITY, *SUPERVISORS}),
    "start_investigation": row({"referred"},      "investigating", ENGINE),
    "await_acceptance":    row({"investigating"}, "referred",      ENGINE),
    "return_for_routing":  row({"referred"},      "flagged",       ENGINE),
    "conclude":            row({"investigating"}, "concluded",     ENGINE),
    "close":               row({"concluded"},     "closed",        {SECURITY}),
    "reopen":              row({"closed"},        "flagged",       SUPERVISORS),
}
EXPECTED_REFERRAL = {
    #  name              from                     to                who (DESIGN.md)
    "accept":       row({"issued"},             "accepted",       {OFFICER}),
    "decline":      row({"issued"},             "declined",       {OFFICER}),
    "transfer":     row({"issued", "accepted"}, "transferred",    {OFFICER}),
    "request_info": row({"accepted"},           "info_requested", {OFFICER}),
    "answer_info":  row({"info_requested"},     "accepted",       FIRM),
    "resolve":      row({"accepted"},           "resolved",       {OFFICER}),
}
TERMINAL_CASE_STATES = {"withdrawn"}
TERMINAL_REFERRAL_STATES = {"declined", "transferred", "resolved"}

FIRM_ID, OTHER_FIRM_ID, UNIT_ID, OTHER_UNIT_ID, DOST_ID, MINISTRY_ID = 1, 2, 3, 4, 5, 6
ORG_OF_ROLE = {  # role → (organisation id, kind) of the person who belongs with the case
    CLERK: (FIRM_ID, OrgKind.POSTAL_FIRM), SECURITY: (FIRM_ID, OrgKind.POSTAL_FIRM),
    OFFICER: (UNIT_ID, OrgKind.POLICE), PROVINCIAL: (DOST_ID, OrgKind.DOST),
    NATIONAL: (MINISTRY_ID, OrgKind.MINISTRY),
    ADMIN: (FIRM_ID, OrgKind.POSTAL_FIRM),  # an administrator sitting in the owning firm
}


def person(role: Role, org_id: int, kind: OrgKind, province_code: str | None = "01") -> User:
    """Build an unsaved user of an unsaved organisation."""
    org = Organisation(id=org_id, kind=kind, province_code=province_code, active=True)
    return User(role=role, organisation=org, organisation_id=org_id, active=True)


def insider(role: Role) -> User:
    """The user of this role closest to the case: its firm, its unit, its province."""
    org_id, kind = ORG_OF_ROLE[role]
    return person(role, org_id, kind, None if kind is OrgKind.MINISTRY else "01")


OUTSIDERS = {  # same role, wrong organisation or province
    CLERK: lambda: person(CLERK, OTHER_FIRM_ID, OrgKind.POSTAL_FIRM),
    SECURITY: lambda: person(SECURITY, OTHER_FIRM_ID, OrgKind.POSTAL_FIRM),
    OFFICER: lambda: person(OFFICER, OTHER_UNIT_ID, OrgKind.POLICE),
    PROVINCIAL: lambda: person(PROVINCIAL, DOST_ID + 10, OrgKind.DOST, "79"),
}


def a_case(status: CaseStatus) -> Case:
    return Case(status=status, firm_id=FIRM_ID, province_code="01", version=1, round=1)


def a_referral(status: ReferralStatus) -> Referral:
    return Referral(status=status, agency_id=UNIT_ID, version=1, round=1,
                    case=a_case(CaseStatus.INVESTIGATING))


def test_case_table_has_exactly_the_designed_transitions():
    names = [t.name for t in CASE_TRANSITIONS]
    assert sorted(names) == sorted(EXPECTED_CASE)


def test_referral_table_has_exactly_the_designed_transitions():
    names = [t.name for t in REFERRAL_TRANSITIONS]
    assert sorted(names) == sorted(EXPECTED_REFERRAL)


@pytest.mark.parametrize("transition", CASE_TRANSITIONS + REFERRAL_TRANSITIONS,
                         ids=lambda t: t.name)
def test_each_transition_goes_from_and_to_the_designed_states(transition):
    expected = {**EXPECTED_CASE, **EXPECTED_REFERRAL}[transition.name]
    assert {s.value for s in transition.sources} == expected.sources
    assert transition.target.value == expected.target


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("name", [t.name for t in CASE_TRANSITIONS])
@pytest.mark.parametrize("status", list(CaseStatus), ids=str)
def test_case_transition_is_offered_only_in_designed_state_to_designed_role(status, name, role):
    expected = EXPECTED_CASE[name]
    allowed = status.value in expected.sources and role in expected.roles
    assert engine.may(a_case(status), insider(role), name) is allowed


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("name", [t.name for t in REFERRAL_TRANSITIONS])
@pytest.mark.parametrize("status", list(ReferralStatus), ids=str)
def test_referral_transition_is_offered_only_in_designed_state_to_designed_role(status, name,
                                                                              role):
    expected = EXPECTED_REFERRAL[name]
    allowed = status.value in expected.sources and role in expected.roles
    assert engine.may(a_referral(status), insider(role), name) is allowed


@pytest.mark.parametrize("role", list(OUTSIDERS), ids=str)
def test_nothing_is_offered_to_another_firm_unit_or_province(role):
    outsider = OUTSIDERS[role]()
    for status in CaseStatus:
        assert engine.available(a_case(status), outsider) == [], status
    for status in ReferralStatus:
        assert engine.available(a_referral(status), outsider) == [], status


@pytest.mark.parametrize("transition", [t for t in CASE_TRANSITIONS if t.is_system],
                         ids=lambda t: t.name)
def test_engine_transitions_are_never_offered_to_anyone(transition):
    assert EXPECTED_CASE[transition.name].roles == frozenset()
    for role in Role:
        for status in transition.sources:
            assert not engine.may(a_case(status), insider(role), transition.name), role


def test_only_the_designed_transitions_are_taken_by_the_engine():
    system = {t.name for t in CASE_TRANSITIONS + REFERRAL_TRANSITIONS if t.is_system}
    assert system == {"start_investigation", "await_acceptance", "return_for_routing",
                      "conclude"}


@pytest.mark.parametrize("status", [s for s in CaseStatus
                                    if s.value not in TERMINAL_CASE_STATES], ids=str)
def test_every_open_case_state_has_a_way_out(status):
    assert any(status in t.sources for t in CASE_TRANSITIONS)


@pytest.mark.parametrize("status", [s for s in ReferralStatus
                                    if s.value not in TERMINAL_REFERRAL_STATES], ids=str)
def test_every_open_referral_state_has_a_way_out(status):
    assert any(status in t.sources for t in REFERRAL_TRANSITIONS)


def test_terminal_states_have_no_way_out():
    for t in CASE_TRANSITIONS:
        assert not {s.value for s in t.sources} & TERMINAL_CASE_STATES, t.name
    for t in REFERRAL_TRANSITIONS:
        assert not {s.value for s in t.sources} & TERMINAL_REFERRAL_STATES, t.name


def test_every_state_can_be_reached():
    case_targets = {t.target for t in CASE_TRANSITIONS} | {CaseStatus.DRAFT}
    referral_targets = {t.target for t in REFERRAL_TRANSITIONS} | {ReferralStatus.ISSUED}
    assert case_targets == set(CaseStatus)
    assert referral_targets == set(ReferralStatus)


@pytest.mark.parametrize("name", ["withdraw", "decline"])
def test_withdrawing_a_case_and_declining_a_referral_need_a_reason(name):
    transition = next(t for t in CASE_TRANSITIONS + REFERRAL_TRANSITIONS if t.name == name)
    assert transition.needs_reason


def test_workflow_command_prints_every_lifecycle_with_every_transition(app):
    result = app.test_cli_runner().invoke(args=["workflow"])
    assert result.exit_code == 0, result.output
    for life in LIFECYCLES:
        part = result.output.split(life.title, 1)[1].split("lifecycle", 1)[0]
        for transition in life.transitions:
            assert f"\n{transition.name} " in part, (life.kind, transition.name)
    case_part, _, referral_part = result.output.partition("Referral lifecycle")
    for name in EXPECTED_CASE:
        assert f"\n{name} " in case_part, name
    for name in EXPECTED_REFERRAL:
        assert f"\n{name} " in referral_part, name


def test_every_lifecycle_row_names_a_form_that_exists_or_none(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    for life in LIFECYCLES:
        assert life.act_endpoint in endpoints or (not life.act_endpoint and all(
            t.form for t in life.transitions)), life.kind
        for transition in life.transitions:
            assert not transition.form or transition.form in endpoints, transition.name
