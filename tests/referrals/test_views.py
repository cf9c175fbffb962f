"""Request tests of referring a case and of the agency's actions on a referral."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.cases.models import Case, Disposition, Outcome
from caseflow.extensions import db
from caseflow.referrals import services as referral_services
from caseflow.referrals.models import Referral
from caseflow.workflow.models import TimelineEntry
from caseflow.workflow.states import CaseStatus, ReferralStatus
from tests.conftest import login, post
from tests.factories import make_case, make_org, make_user

CONFLICT = "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại."
ACTION_RE = re.compile(r'data-action="([^"]+)"')


@pytest.fixture
def cast(app):
    """A firm in Hà Nội, police and market surveillance units there, one elsewhere."""
    firm = make_org(kind=OrgKind.POSTAL_FIRM, name="Bưu chính Thử nghiệm")
    police = make_org(kind=OrgKind.POLICE, province_code="01", name="Công an Hà Nội")
    qltt = make_org(kind=OrgKind.MARKET_SURVEILLANCE, province_code="01", name="QLTT Hà Nội")
    qltt_hcm = make_org(kind=OrgKind.MARKET_SURVEILLANCE, province_code="79", name="QLTT TP.HCM")
    people = SimpleNamespace(
        firm=firm, police=police, qltt=qltt, qltt_hcm=qltt_hcm,
        clerk=make_user(role=Role.FIRM_CLERK, org=firm),
        security=make_user(role=Role.FIRM_SECURITY, org=firm),
        officer=make_user(role=Role.AGENCY_OFFICER, org=police),
        qltt_officer=make_user(role=Role.AGENCY_OFFICER, org=qltt),
        supervisor=make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01"),
    )
    db.session.commit()
    return people


def case_in(cast, status: CaseStatus, **data) -> Case:
    """Create a case of the cast's firm; referred cases go to the Hà Nội police."""
    case = make_case(firm_user=cast.clerk, status=status, officer=cast.officer,
                     security=cast.security, **data)
    db.session.commit()
    return case


def reload_case(case: Case) -> Case:
    db.session.expire_all()
    return db.session.get(Case, case.id)


def reload_referral(referral_id: int) -> Referral:
    db.session.expire_all()
    return db.session.get(Referral, referral_id)


def referrals_of(case: Case) -> list[Referral]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Referral).where(Referral.case_id == case.id)
                                   .order_by(Referral.id)))


def checked_values(html: str, name: str) -> set[str]:
    """Return the values of the checked checkboxes of a field."""
    boxes = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return {re.search(r'value="([^"]*)"', box).group(1) for box in boxes if " checked" in box}


def field_error(html: str, field: str) -> str:
    match = re.search(rf'id="{field}-error"[^>]*>(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def last_entry(case: Case) -> TimelineEntry:
    db.session.expire_all()
    return db.session.scalars(sa.select(TimelineEntry).where(TimelineEntry.case_id == case.id)
                              .order_by(TimelineEntry.id.desc())).first()


def press(client, referral: Referral, name: str, reason: str = "", **kw):
    """Press a referral button as the case page's form does."""
    return post(client, f"/referrals/{referral.id}/do/{name}",
                {"version": referral.version, "reason": reason}, **kw)


# --- refer --------------------------------------------------------------------------------

def test_refer_form_pre_checks_the_lead_agency_of_the_case_province(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED, categories=("C8",))
    login(client, cast.security)
    response = client.get(f"/cases/{case.id}/refer")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert checked_values(html, "agencies") == {str(cast.qltt.id)}
    assert f'value="{cast.police.id}"' in html and f'value="{cast.qltt_hcm.id}"' in html
    assert "QLTT Hà Nội" in html[html.index('data-testid="suggested"'):]


def test_refer_form_groups_units_by_province_the_case_province_first(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED, categories=("C8",))
    login(client, cast.security)
    html = client.get(f"/cases/{case.id}/refer").get_data(as_text=True)
    legends = re.findall(r'<legend class="h6 mb-1">([^<]+)</legend>', html)
    assert legends[0] == "Thành phố Hà Nội" and "Thành phố Hồ Chí Minh" in legends[1:]
    assert "QLTT TP.HCM — Quản lý thị trường" in html and 'id="agency-filter"' in html


def test_security_refers_a_flagged_case_to_the_chosen_agencies(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED, categories=("C8",))
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/refer", {
        "version": case.version, "agencies": [str(cast.qltt.id), str(cast.police.id)],
        "note": "Đề nghị phối hợp kiểm tra"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.id}")
    referrals = referrals_of(case)
    assert {r.agency_id for r in referrals} == {cast.qltt.id, cast.police.id}
    assert all(r.status is ReferralStatus.ISSUED and r.issued_by_id == cast.security.id
               and r.note == "Đề nghị phối hợp kiểm tra" for r in referrals)
    assert reload_case(case).status is CaseStatus.REFERRED


def test_referring_to_no_agency_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/refer", {"version": case.version, "note": ""})
    html = response.get_data(as_text=True)
    assert "Vui lòng chọn ít nhất một đơn vị tiếp nhận." in field_error(html, "agencies")
    assert referrals_of(case) == [] and reload_case(case).status is CaseStatus.FLAGGED


def test_referring_with_a_stale_version_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    login(client, cast.security)
    response = post(client, f"/cases/{case.id}/refer", {
        "version": case.version - 1, "agencies": [str(cast.police.id)]})
    assert response.status_code == 409
    assert CONFLICT in response.get_data(as_text=True)
    assert referrals_of(case) == [] and reload_case(case).status is CaseStatus.FLAGGED


def test_provincial_supervisor_refers_a_flagged_case(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    login(client, cast.supervisor)
    assert client.get(f"/cases/{case.id}/refer").status_code == 200
    post(client, f"/cases/{case.id}/refer", {"version": case.version,
                                             "agencies": [str(cast.police.id)]})
    assert [r.agency_id for r in referrals_of(case)] == [cast.police.id]
    assert referrals_of(case)[0].issued_by_id == cast.supervisor.id
    assert reload_case(case).status is CaseStatus.REFERRED


@pytest.mark.parametrize("who", ["clerk", "officer"])
def test_only_security_and_supervisors_may_refer(client, cast, who):
    case = case_in(cast, CaseStatus.FLAGGED)
    login(client, getattr(cast, who))
    assert client.get(f"/cases/{case.id}/refer").status_code == 404
    post(client, f"/cases/{case.id}/refer", {"version": case.version,
                                             "agencies": [str(cast.police.id)]})
    assert referrals_of(case) == []


def test_a_referred_case_cannot_be_referred_again(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    login(client, cast.security)
    response = client.get(f"/cases/{case.id}/refer")
    assert response.status_code == 303 and response.headers["Location"] == f"/cases/{case.id}"
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Đã chuyển cơ quan chức năng" in page and "không thực hiện được lúc này" in page


def test_the_refer_page_stays_hidden_from_a_clerk(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    login(client, cast.clerk)
    assert client.get(f"/cases/{case.id}/refer").status_code == 404


# --- accept, decline, request and answer information --------------------------------------

def test_officer_accepts_a_referral(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    referral = case.referrals[0]
    login(client, cast.officer)
    response = press(client, referral, "accept")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.id}")
    accepted = reload_referral(referral.id)
    assert accepted.status is ReferralStatus.ACCEPTED
    assert accepted.accepted_by_id == cast.officer.id and accepted.accepted_at is not None
    assert reload_case(case).status is CaseStatus.INVESTIGATING


def test_personal_data_is_unmasked_for_the_officer_only_once_accepted(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    login(client, cast.officer)
    before = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="masked"' in before and "Nguyễn Văn Bình" not in before
    press(client, case.referrals[0], "accept")
    after = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="masked"' not in after and "Nguyễn Văn Bình" in after


def test_officer_declines_with_a_reason_and_the_case_returns_for_routing(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    referral = case.referrals[0]
    login(client, cast.officer)
    press(client, referral, "decline", "Không thuộc thẩm quyền")
    declined = reload_referral(referral.id)
    assert declined.status is ReferralStatus.DECLINED and declined.closed_at is not None
    assert reload_case(case).status is CaseStatus.FLAGGED
    entry = db.session.scalar(sa.select(TimelineEntry).where(
        TimelineEntry.referral_id == referral.id, TimelineEntry.transition == "decline"))
    assert entry.text == "Không thuộc thẩm quyền" and entry.actor_id == cast.officer.id


def test_declining_without_a_reason_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    referral = case.referrals[0]
    login(client, cast.officer)
    response = press(client, referral, "decline", "",
                     headers={"Referer": f"http://localhost/cases/{case.id}"},
                     follow_redirects=True)
    assert "Vui lòng nêu lý do." in response.get_data(as_text=True)
    assert reload_referral(referral.id).status is ReferralStatus.ISSUED
    assert reload_case(case).status is CaseStatus.REFERRED


def test_a_referral_action_with_a_stale_version_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    referral = case.referrals[0]
    login(client, cast.officer)
    response = post(client, f"/referrals/{referral.id}/do/accept",
                    {"version": referral.version + 1},
                    headers={"Referer": f"http://localhost/cases/{case.id}"},
                    follow_redirects=True)
    assert CONFLICT in response.get_data(as_text=True)
    assert reload_referral(referral.id).status is ReferralStatus.ISSUED
    assert reload_case(case).status is CaseStatus.REFERRED


def test_another_agency_cannot_touch_the_referral(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    referral = case.referrals[0]
    login(client, cast.qltt_officer)
    assert press(client, referral, "accept").status_code == 404
    assert client.get(f"/referrals/{referral.id}/transfer").status_code == 404
    assert reload_referral(referral.id).status is ReferralStatus.ISSUED


def test_the_firm_cannot_accept_for_the_agency(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    referral = case.referrals[0]
    login(client, cast.security)
    assert press(client, referral, "accept").status_code == 403
    assert reload_referral(referral.id).status is ReferralStatus.ISSUED


def test_officer_requests_information_and_the_firm_answers(client, cast):
    case = case_in(cast, CaseStatus.INVESTIGATING)
    referral = case.referrals[0]
    login(client, cast.officer)
    press(client, referral, "request_info", "Đề nghị gửi ảnh chụp bưu gửi")
    waiting = reload_referral(referral.id)
    assert waiting.status is ReferralStatus.INFO_REQUESTED
    assert last_entry(case).text == "Đề nghị gửi ảnh chụp bưu gửi"

    firm_client = client.application.test_client()
    login(firm_client, cast.clerk)
    page = firm_client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert set(ACTION_RE.findall(page)) == {"answer_info"}
    press(firm_client, waiting, "answer_info", "Đã gửi 4 ảnh qua thư điện tử")
    assert reload_referral(referral.id).status is ReferralStatus.ACCEPTED
    entry = last_entry(case)
    assert (entry.transition, entry.text, entry.actor_id) == (
        "answer_info", "Đã gửi 4 ảnh qua thư điện tử", cast.clerk.id)
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Đề nghị gửi ảnh chụp bưu gửi" in html and "Đã gửi 4 ảnh qua thư điện tử" in html


def test_answering_without_a_reason_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.INVESTIGATING)
    referral = case.referrals[0]
    referral_services.transition(referral, "request_info", actor=cast.officer, reason="Cần ảnh",
                                 expected_version=referral.version)
    db.session.commit()
    login(client, cast.security)
    assert press(client, referral, "answer_info", "").status_code == 422
    assert reload_referral(referral.id).status is ReferralStatus.INFO_REQUESTED


# --- transfer -----------------------------------------------------------------------------

def test_transfer_form_offers_the_other_agencies(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    referral = case.referrals[0]
    login(client, cast.officer)
    response = client.get(f"/referrals/{referral.id}/transfer")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    options = set(re.findall(r'<option[^>]*value="(\d+)"', html))
    assert options == {"0", str(cast.qltt.id), str(cast.qltt_hcm.id)}


def test_officer_transfers_a_referral_to_another_unit(client, cast):
    case = case_in(cast, CaseStatus.INVESTIGATING)
    referral = case.referrals[0]
    login(client, cast.officer)
    response = post(client, f"/referrals/{referral.id}/transfer", {
        "version": referral.version, "agency_id": str(cast.qltt.id),
        "reason": "Hàng giả nhãn hiệu thuộc QLTT"})
    assert response.status_code == 302
    old, new = referrals_of(case)
    assert old.status is ReferralStatus.TRANSFERRED and old.transferred_to_id == new.id
    assert new.agency_id == cast.qltt.id and new.status is ReferralStatus.ISSUED
    assert new.note == "Hàng giả nhãn hiệu thuộc QLTT"
    assert reload_case(case).status is CaseStatus.REFERRED


def test_transferring_without_a_reason_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    referral = case.referrals[0]
    login(client, cast.officer)
    response = post(client, f"/referrals/{referral.id}/transfer", {
        "version": referral.version, "agency_id": str(cast.qltt.id), "reason": ""})
    assert "Vui lòng nêu lý do." in field_error(response.get_data(as_text=True), "reason")
    assert [r.status for r in referrals_of(case)] == [ReferralStatus.ISSUED]


def test_transferring_without_a_unit_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    referral = case.referrals[0]
    login(client, cast.officer)
    response = post(client, f"/referrals/{referral.id}/transfer", {
        "version": referral.version, "agency_id": "0", "reason": "Không thuộc thẩm quyền"})
    assert "Vui lòng chọn đơn vị nhận." in field_error(response.get_data(as_text=True),
                                                       "agency_id")
    assert [r.status for r in referrals_of(case)] == [ReferralStatus.ISSUED]


def test_transferring_to_a_unit_already_holding_the_case_is_refused(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    referral_services.refer(case, actor=cast.security, agency_ids=[cast.police.id, cast.qltt.id],
                            note="", expected_version=case.version)
    db.session.commit()
    police_referral = referrals_of(case)[0]
    login(client, cast.officer)
    response = post(client, f"/referrals/{police_referral.id}/transfer", {
        "version": police_referral.version, "agency_id": str(cast.qltt.id), "reason": "Lý do"})
    assert "Đơn vị này đang xử lý hồ sơ" in field_error(response.get_data(as_text=True),
                                                         "agency_id")
    assert [r.status for r in referrals_of(case)] == [ReferralStatus.ISSUED] * 2


# --- conclude -----------------------------------------------------------------------------

def conclusion(**overrides) -> dict:
    return {"outcome": "violation", "disposition": "confiscated", "fine_amount": "15000000",
            "sanction_decision_number": "45/QĐ-XPHC", "criminal_case_reference": "",
            "legal_basis": "Nghị định 98/2020/NĐ-CP Điều 11",
            "conclusion_note": "Hàng giả nhãn hiệu", **overrides}


def test_conclude_form_opens_for_the_holding_officer(client, cast):
    case = case_in(cast, CaseStatus.INVESTIGATING)
    login(client, cast.officer)
    response = client.get(f"/referrals/{case.referrals[0].id}/conclude")
    assert response.status_code == 200
    assert 'name="outcome"' in response.get_data(as_text=True)


def test_a_violation_without_legal_basis_is_refused_on_the_field(client, cast):
    case = case_in(cast, CaseStatus.INVESTIGATING)
    referral = case.referrals[0]
    login(client, cast.officer)
    response = post(client, f"/referrals/{referral.id}/conclude",
                    {"version": referral.version, **conclusion(legal_basis="")})
    html = response.get_data(as_text=True)
    assert "Vui lòng nêu căn cứ pháp lý của kết luận vi phạm." in field_error(html, "legal_basis")
    assert 'value="45/QĐ-XPHC"' in html
    unchanged = reload_referral(referral.id)
    assert unchanged.status is ReferralStatus.ACCEPTED and unchanged.outcome is None
    assert reload_case(case).status is CaseStatus.INVESTIGATING


def test_no_violation_with_a_fine_is_refused(client, cast):
    case = case_in(cast, CaseStatus.INVESTIGATING)
    referral = case.referrals[0]
    login(client, cast.officer)
    response = post(client, f"/referrals/{referral.id}/conclude", {
        "version": referral.version, **conclusion(outcome="no_violation", legal_basis="")})
    assert "Không có vi phạm thì không ghi" in field_error(response.get_data(as_text=True),
                                                           "fine_amount")
    assert reload_referral(referral.id).status is ReferralStatus.ACCEPTED


def test_officer_concludes_and_the_case_is_concluded(client, cast):
    case = case_in(cast, CaseStatus.INVESTIGATING)
    referral = case.referrals[0]
    login(client, cast.officer)
    response = post(client, f"/referrals/{referral.id}/conclude",
                    {"version": referral.version, **conclusion()})
    assert response.status_code == 302
    resolved = reload_referral(referral.id)
    assert resolved.status is ReferralStatus.RESOLVED and resolved.outcome is Outcome.VIOLATION
    assert resolved.disposition is Disposition.CONFISCATED and resolved.fine_amount == 15_000_000
    assert resolved.legal_basis == "Nghị định 98/2020/NĐ-CP Điều 11"
    assert reload_case(case).status is CaseStatus.CONCLUDED
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "45/QĐ-XPHC" in html[html.index('data-testid="conclusion"'):]


def test_the_case_stays_under_investigation_while_another_referral_is_open(client, cast):
    case = case_in(cast, CaseStatus.FLAGGED)
    referral_services.refer(case, actor=cast.security, agency_ids=[cast.police.id, cast.qltt.id],
                            note="", expected_version=case.version)
    police_referral = referrals_of(case)[0]
    referral_services.transition(police_referral, "accept", actor=cast.officer, reason="",
                                 expected_version=police_referral.version)
    db.session.commit()
    login(client, cast.officer)
    post(client, f"/referrals/{police_referral.id}/conclude", {
        "version": police_referral.version,
        **conclusion(outcome="no_violation", fine_amount="", sanction_decision_number="",
                     legal_basis="", disposition="released")})
    assert reload_referral(police_referral.id).status is ReferralStatus.RESOLVED
    assert reload_case(case).status is CaseStatus.INVESTIGATING


def test_concluding_with_a_stale_version_changes_nothing(client, cast):
    case = case_in(cast, CaseStatus.INVESTIGATING)
    referral = case.referrals[0]
    login(client, cast.officer)
    response = post(client, f"/referrals/{referral.id}/conclude",
                    {"version": referral.version - 1, **conclusion()})
    assert response.status_code == 409
    assert CONFLICT in response.get_data(as_text=True)
    unchanged = reload_referral(referral.id)
    assert unchanged.status is ReferralStatus.ACCEPTED and unchanged.outcome is None


def test_an_issued_referral_cannot_be_concluded_before_acceptance(client, cast):
    case = case_in(cast, CaseStatus.REFERRED)
    login(client, cast.officer)
    response = client.get(f"/referrals/{case.referrals[0].id}/conclude")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "“Kết luận” không thực hiện được lúc này" in page.replace("&#34;", '"')


def test_an_unknown_referral_is_not_found(client, cast):
    login(client, cast.officer)
    assert client.get("/referrals/999999/transfer").status_code == 404
    assert post(client, "/referrals/999999/do/accept", {"version": "1"}).status_code == 404
