"""Reading cases, synchronising changes, attaching evidence; the agency side."""

from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa

from caseflow.accounts.models import Role
from caseflow.cases.models import Case
from caseflow.db_types import utcnow
from caseflow.evidence.models import Evidence
from caseflow.evidence.storage import EXTENSION_KEY
from caseflow.extensions import db
from caseflow.workflow.states import CaseStatus, ReferralStatus
from tests.api.conftest import flag_json
from tests.evidence import samples
from tests.factories import make_case, make_user, refer_case


def _referred(firm_api, agency_api) -> Case:
    clerk = make_user(role=Role.FIRM_CLERK, org=firm_api.firm)
    case = make_case(firm_user=clerk)
    refer_case(case, actor=firm_api.security, agencies=[agency_api.unit])
    db.session.commit()
    return case


def test_a_firm_reads_status_and_referrals(client, firm_api, agency_api):
    case = _referred(firm_api, agency_api)
    body = client.get(f"/api/v1/cases/{case.reference}", headers=firm_api.headers).get_json()
    assert body["status"] == "referred" and body["referrals"][0]["agency_id"] == agency_api.unit.id
    assert "sender_name" not in body


def test_changed_since_lists_the_organisations_cases_page_by_page(client, firm_api):
    since = (utcnow() - timedelta(minutes=1)).isoformat()
    for _ in range(3):
        client.post("/api/v1/flags", json=flag_json(), headers=firm_api.headers)
    url = "/api/v1/cases?changed_since={}&limit=2".format(since.replace("+", "%2B"))
    first = client.get(url, headers=firm_api.headers).get_json()
    assert len(first["items"]) == 2 and first["next_after_id"]
    rest = client.get(f"{url}&after_id={first['next_after_id']}",
                      headers=firm_api.headers).get_json()
    assert len(rest["items"]) == 1 and rest["next_after_id"] is None
    later = (utcnow() + timedelta(minutes=1)).isoformat().replace("+", "%2B")
    none = client.get(f"/api/v1/cases?changed_since={later}", headers=firm_api.headers)
    assert none.get_json()["items"] == []


def test_a_referral_change_counts_as_a_change_of_the_case(client, firm_api, agency_api):
    case = _referred(firm_api, agency_api)
    mark = utcnow()
    referral = case.referrals[0]
    client.post(f"/api/v1/referrals/{referral.id}/accept", json={}, headers=agency_api.headers)
    url = "/api/v1/cases?changed_since=" + mark.isoformat().replace("+", "%2B")
    items = client.get(url, headers=firm_api.headers).get_json()["items"]
    assert [i["reference"] for i in items] == [case.reference]
    assert items[0]["status"] == "investigating"


def test_an_agency_lists_accepts_and_declines_its_referrals(client, firm_api, agency_api):
    first, second = _referred(firm_api, agency_api), _referred(firm_api, agency_api)
    listed = client.get("/api/v1/referrals?status=issued", headers=agency_api.headers)
    assert {r["case_reference"] for r in listed.get_json()["items"]} == {first.reference,
                                                                          second.reference}
    accept = client.post(f"/api/v1/referrals/{first.referrals[0].id}/accept",
                         json={"version": first.referrals[0].version},
                         headers=agency_api.headers)
    assert accept.status_code == 200 and accept.get_json()["status"] == "accepted"
    no_reason = client.post(f"/api/v1/referrals/{second.referrals[0].id}/decline", json={},
                            headers=agency_api.headers)
    assert no_reason.status_code == 422
    decline = client.post(f"/api/v1/referrals/{second.referrals[0].id}/decline",
                          json={"reason": "Không thuộc thẩm quyền"}, headers=agency_api.headers)
    assert decline.status_code == 200
    db.session.expire_all()
    assert db.session.get(Case, second.id).status is CaseStatus.FLAGGED
    assert db.session.get(Case, first.id).referrals[0].status is ReferralStatus.ACCEPTED
    again = client.post(f"/api/v1/referrals/{first.referrals[0].id}/accept", json={},
                        headers=agency_api.headers)
    assert again.status_code == 409


def test_a_firm_key_cannot_accept_and_a_stale_version_conflicts(client, firm_api, agency_api):
    case = _referred(firm_api, agency_api)
    referral_id = case.referrals[0].id
    assert client.post(f"/api/v1/referrals/{referral_id}/accept", json={},
                       headers=firm_api.headers).status_code == 403
    stale = client.post(f"/api/v1/referrals/{referral_id}/accept", json={"version": 99},
                        headers=agency_api.headers)
    assert stale.status_code == 409


def test_a_firm_attaches_evidence_through_the_api(app, client, firm_api, tmp_path):
    app.config["EVIDENCE_DIR"], previous = str(tmp_path), app.config["EVIDENCE_DIR"]
    app.extensions.pop(EXTENSION_KEY, None)
    try:
        created = client.post("/api/v1/flags", json=flag_json(), headers=firm_api.headers)
        reference = created.get_json()["case"]["reference"]
        files = {"file": [(io.BytesIO(samples.jpeg(seed=60)), "soi-chieu.jpg"),
                          (io.BytesIO(samples.pdf()), "bb.pdf")],
                 "caption": ["Ảnh X-quang", "Biên bản"]}
        response = client.post(f"/api/v1/cases/{reference}/evidence", data=files,
                               headers=firm_api.headers, content_type="multipart/form-data")
        assert response.status_code == 201, response.get_json()
        items = response.get_json()["items"]
        assert [i["kind"] for i in items] == ["jpeg", "pdf"]
        bad = client.post(f"/api/v1/cases/{reference}/evidence", headers=firm_api.headers,
                          data={"file": [(io.BytesIO(samples.SVG), "x.png")]},
                          content_type="multipart/form-data")
        assert bad.status_code == 422 and "SVG" in bad.get_json()["detail"]
        assert db.session.scalar(sa.select(sa.func.count(Evidence.id))) == 2
        case = client.get(f"/api/v1/cases/{reference}", headers=firm_api.headers).get_json()
        assert case["evidence_count"] == 2
    finally:
        app.config["EVIDENCE_DIR"] = previous
        app.extensions.pop(EXTENSION_KEY, None)


def test_the_document_and_its_page_are_public(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert "/api/v1/flags/bulk" in document["paths"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and "/api/v1/flags/bulk" in page.get_data(as_text=True)
    assert "cdn" not in page.get_data(as_text=True).lower()
