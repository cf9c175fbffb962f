"""Referring a case, transferring a referral, and the agency's conclusion."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from caseflow.accounts.models import OrgKind, Role
from caseflow.cases.models import Disposition, Outcome
from caseflow.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.referrals import services
from caseflow.workflow.states import CaseStatus, ReferralStatus
from tests.clock import pin_clock, vn
from tests.factories import (
    make_case,
    make_officer,
    make_org,
    make_user,
    press,
    refer_case,
    transfer,
)


@pytest.fixture
def world(app):
    """A firm in Hà Nội, agency units in Hà Nội and HCM, a Sở KH&CN."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
    units = SimpleNamespace(
        police_hn=make_org(kind=OrgKind.POLICE, province_code="01"),
        security_hn=make_org(kind=OrgKind.SECURITY_POLICE, province_code="01"),
        qltt_hn=make_org(kind=OrgKind.MARKET_SURVEILLANCE, province_code="01"),
        customs_hn=make_org(kind=OrgKind.CUSTOMS, province_code="01"),
        qltt_hn_closed=make_org(kind=OrgKind.MARKET_SURVEILLANCE, province_code="01",
                                active=False),
        police_hcm=make_org(kind=OrgKind.POLICE, province_code="79"),
        qltt_hcm=make_org(kind=OrgKind.MARKET_SURVEILLANCE, province_code="79"),
        dost_hn=make_org(kind=OrgKind.DOST, province_code="01"),
        firm=firm,
    )
    return SimpleNamespace(
        units=units,
        clerk=make_user(role=Role.FIRM_CLERK, org=firm),
        security=make_user(role=Role.FIRM_SECURITY, org=firm),
        police=make_user(role=Role.AGENCY_OFFICER, org=units.police_hn),
        qltt=make_user(role=Role.AGENCY_OFFICER, org=units.qltt_hn),
    )


def flagged(world, **data):
    return make_case(firm_user=world.clerk, status=CaseStatus.FLAGGED, **data)


def accepted_referral(world, **data):
    case = make_case(firm_user=world.clerk, security=world.security, officer=world.police,
                     status=CaseStatus.INVESTIGATING, **data)
    return case.referrals[0]


@pytest.mark.parametrize(("categories", "province", "suggested"), [
    # categories       stopped in   lead units suggested (active ones of that province)
    (("C8",),          "01",        {"qltt_hn"}),
    (("C8",),          "79",        {"qltt_hcm"}),
    (("C1", "C14"),    "01",        {"police_hn", "customs_hn"}),
    (("C8", "C9"),     "01",        {"qltt_hn"}),
    (("C16",),         "79",        {"qltt_hcm"}),    # live organisms: QLTT leads (issue 10)
    (("C17",),         "79",        set()),           # no customs unit in HCM here
    (("C5",),          "01",        {"security_hn"}), # the security police, not the police
    (("C6", "C1"),     "01",        {"security_hn", "police_hn"}),
])  # fmt: skip
def test_refer_suggests_the_lead_agencies_of_the_categories_in_the_case_province(
        world, categories, province, suggested):
    case = flagged(world, categories=categories, province_code=province)
    names = {name for name, org in vars(world.units).items()
             if org in services.suggested_agencies(case)}
    assert names == suggested


def test_refer_issues_one_referral_per_unit(world):
    case = flagged(world)
    referrals = refer_case(case, actor=world.security,
                           agencies=[world.units.police_hn, world.units.qltt_hn])
    assert [(r.agency, r.status, r.round, r.issued_by) for r in referrals] == [
        (world.units.police_hn, ReferralStatus.ISSUED, 1, world.security),
        (world.units.qltt_hn, ReferralStatus.ISSUED, 1, world.security)]
    assert case.status is CaseStatus.REFERRED


@pytest.mark.parametrize("unit", ["dost_hn", "firm", "qltt_hn_closed", None])
def test_refer_to_anything_but_an_active_agency_unit_is_refused(world, unit):
    case = flagged(world)
    agency_ids = [getattr(world.units, unit).id] if unit else []
    with pytest.raises(ValidationFailed) as error:
        services.refer(case, actor=world.security, agency_ids=agency_ids, note="",
                       expected_version=case.version)
    assert set(error.value.field_errors) == {"agencies"}
    assert (case.status, case.referrals) == (CaseStatus.FLAGGED, [])


def test_refer_with_a_stale_form_is_a_conflict(world):
    case = flagged(world)
    with pytest.raises(Conflict):
        services.refer(case, actor=world.security, agency_ids=[world.units.police_hn.id],
                       note="", expected_version=case.version - 1)


@pytest.mark.parametrize(("categories", "hours"), [
    # categories      acknowledgement due after (DESIGN.md "Timers")
    (("C8",),         24),
    (("C17",),        24),
    (("C1",),         4),     # narcotics: critical
    (("C8", "C2"),    4),     # one critical category is enough
])  # fmt: skip
def test_acknowledgement_is_due_4_hours_for_critical_categories_24_otherwise(
        world, monkeypatch, categories, hours):
    pin_clock(monkeypatch, vn(2026, 3, 10, 9))  # a Tuesday morning: working hours all along
    case = flagged(world, categories=categories)
    [referral] = refer_case(case, actor=world.security, agencies=[world.units.police_hn])
    assert referral.due_at - referral.issued_at == timedelta(hours=hours)
    new = transfer(referral, officer=world.police, to=world.units.qltt_hn)
    assert new.due_at - new.issued_at == timedelta(hours=hours)


def test_accept_records_who_accepted_and_when(world):
    case = flagged(world)
    [referral] = refer_case(case, actor=world.security, agencies=[world.units.police_hn])
    press(referral, "accept", actor=world.police)
    assert (referral.status, referral.accepted_by) == (ReferralStatus.ACCEPTED, world.police)
    assert referral.accepted_at is not None


@pytest.mark.parametrize("start", [ReferralStatus.ISSUED, ReferralStatus.ACCEPTED], ids=str)
def test_transfer_closes_the_referral_and_issues_a_new_one(world, start):
    case = flagged(world)
    [old] = refer_case(case, actor=world.security, agencies=[world.units.police_hn])
    if start is ReferralStatus.ACCEPTED:
        press(old, "accept", actor=world.police)
    new = transfer(old, officer=world.police, to=world.units.qltt_hn)
    assert (old.status, old.transferred_to) == (ReferralStatus.TRANSFERRED, new)
    assert old.closed_at is not None
    assert (new.agency, new.status, new.round) == (world.units.qltt_hn, ReferralStatus.ISSUED, 1)
    assert case.referrals == [old, new]
    assert case.status is CaseStatus.REFERRED


@pytest.mark.parametrize("target", ["police_hn", "qltt_hn", "dost_hn", "qltt_hn_closed"])
def test_transfer_to_the_same_unit_a_busy_unit_or_a_non_agency_is_refused(world, target):
    case = flagged(world)
    police, _ = refer_case(case, actor=world.security,
                           agencies=[world.units.police_hn, world.units.qltt_hn])
    with pytest.raises(ValidationFailed) as error:
        transfer(police, officer=world.police, to=getattr(world.units, target))
    assert set(error.value.field_errors) == {"agency_id"}
    assert (police.status, police.transferred_to, len(case.referrals)) \
        == (ReferralStatus.ISSUED, None, 2)


VIOLATION = {"outcome": "violation", "legal_basis": "Nghị định 98/2020/NĐ-CP Điều 11",
             "sanction_decision_number": "123/QĐ-XPHC", "criminal_case_reference": "",
             "fine_amount": 15_000_000, "disposition": "confiscated", "conclusion_note": ""}
NO_VIOLATION = {**VIOLATION, "outcome": "no_violation", "sanction_decision_number": "",
                "fine_amount": None, "disposition": "released"}


def resolve(world, referral, data):
    return services.resolve(referral, actor=world.police, data=data,
                            expected_version=referral.version)


@pytest.mark.parametrize(("data", "fields_in_error"), [
    # conclusion                                                     refused fields
    (VIOLATION,                                                      set()),
    ({**VIOLATION, "sanction_decision_number": "",
      "criminal_case_reference": "01/2026/HS"},                      set()),
    ({**VIOLATION, "legal_basis": ""},                               {"legal_basis"}),
    ({**VIOLATION, "sanction_decision_number": ""},                  {"sanction_decision_number"}),
    ({**VIOLATION, "legal_basis": "", "sanction_decision_number": ""},
                                                       {"legal_basis", "sanction_decision_number"}),
    (NO_VIOLATION,                                                   set()),
    ({**NO_VIOLATION, "fine_amount": 5_000_000},                     {"fine_amount"}),
    ({**NO_VIOLATION, "sanction_decision_number": "9/QĐ-XPHC"},      {"sanction_decision_number"}),
    ({**NO_VIOLATION, "criminal_case_reference": "02/2026/HS"},      {"criminal_case_reference"}),
])  # fmt: skip
def test_resolve_requires_what_the_law_needs_for_the_outcome(world, data, fields_in_error):
    referral = accepted_referral(world)
    if fields_in_error:
        with pytest.raises(ValidationFailed) as error:
            resolve(world, referral, data)
        assert set(error.value.field_errors) == fields_in_error
        assert (referral.status, referral.outcome) == (ReferralStatus.ACCEPTED, None)
        return
    resolve(world, referral, data)
    assert (referral.status, referral.outcome, referral.disposition) \
        == (ReferralStatus.RESOLVED, Outcome(data["outcome"]), Disposition(data["disposition"]))
    assert referral.closed_at is not None
    assert referral.case.status is CaseStatus.CONCLUDED


def test_another_unit_cannot_resolve_the_referral(world):
    referral = accepted_referral(world)
    other = make_officer(kind=OrgKind.POLICE, province_code="01")
    with pytest.raises(NotAllowed):
        services.resolve(referral, actor=other, data=VIOLATION,
                         expected_version=referral.version)
