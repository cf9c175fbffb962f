"""The full matrix: every role × every case-bearing URL × cases of every organisation.

A case outside what DESIGN.md lets a role see must answer 404 on every URL that names it
(GET and POST, with a valid CSRF token so that only the access rule can refuse), and a refused
POST must change nothing. Visible cases never answer 500.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.referrals.models import Referral
from caseflow.workflow.models import TimelineEntry
from caseflow.workflow.states import CaseStatus
from tests.conftest import csrf_token, login
from tests.factories import make_case, make_org, make_user

ARGUMENT_RE = re.compile(r"<(?:[^<>:]+:)?([^<>]+)>")
CASE_ARGS = ("case_id", "referral_id")
#: Route arguments other than the case or referral, filled with plausible values.
OTHER_ARGS = {"name": {"cases.act": "withdraw", "referrals.act": "accept"}}

def case_bearing_rules(app):
    """Every web (non-API) route whose URL names a case or a referral."""
    return [r for r in app.url_map.iter_rules()
            if any(f"<int:{a}>" in r.rule for a in CASE_ARGS) and not r.rule.startswith("/api")]


@pytest.fixture
def world(app):
    firms = {p: make_org(kind=OrgKind.POSTAL_FIRM, province_code=p) for p in ("01", "79")}
    police = {p: make_org(kind=OrgKind.POLICE, province_code=p) for p in ("01", "79")}
    users = {
        "clerk_hn": make_user(role=Role.FIRM_CLERK, org=firms["01"]),
        "security_hn": make_user(role=Role.FIRM_SECURITY, org=firms["01"]),
        "police_hn": make_user(role=Role.AGENCY_OFFICER, org=police["01"]),
        "sup_hn": make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01"),
        "clerk_hcm": make_user(role=Role.FIRM_CLERK, org=firms["79"]),
        "police_hcm": make_user(role=Role.AGENCY_OFFICER, org=police["79"]),
        "sup_hcm": make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79"),
        "national": make_user(role=Role.NATIONAL_SUPERVISOR),
        "admin": make_user(role=Role.ADMIN),
    }
    cases = {}
    for p, tag in (("01", "hn"), ("79", "hcm")):
        clerk = make_user(role=Role.FIRM_CLERK, org=firms[p])
        officer = make_user(role=Role.AGENCY_OFFICER, org=police[p])
        for status in (CaseStatus.DRAFT, CaseStatus.FLAGGED, CaseStatus.INVESTIGATING):
            cases[f"{tag}_{status.value}"] = make_case(
                firm_user=clerk, status=status, officer=officer, province_code=p)
        cases[f"{tag}_restricted"] = make_case(firm_user=clerk, status=CaseStatus.FLAGGED,
                                               province_code=p, categories=("C5",))
    db.session.commit()
    return users, cases


def visible(who: str, case_key: str) -> bool:
    """DESIGN.md's table, written out independently of caseflow/permissions."""
    province, state = case_key.split("_", 1)
    submitted = state != "draft"
    referred = state == "investigating"
    role, side = who.rsplit("_", 1) if "_" in who else (who, "")
    match role:
        case "clerk" | "security":
            return side == province
        case "police":
            return side == province and referred
        case "sup":
            return side == province and submitted and state != "restricted"
        case "national":
            return submitted
    return False


def urls_for(rule, case: Case) -> list[str]:
    referral = case.referrals[0] if case.referrals else None
    values = {"case_id": case.id, "referral_id": referral.id if referral else None}
    if "<int:referral_id>" in rule.rule and referral is None:
        return []

    def fill(match: re.Match) -> str:
        arg = match.group(1)
        if arg in values:
            return str(values[arg])
        return OTHER_ARGS.get(arg, {}).get(rule.endpoint, "1")
    return [ARGUMENT_RE.sub(fill, rule.rule)]


def snapshot() -> tuple:
    db.session.expire_all()
    return (
        tuple(db.session.execute(sa.select(Case.id, Case.status, Case.version)
                                 .order_by(Case.id)).all()),
        tuple(db.session.execute(sa.select(Referral.id, Referral.status, Referral.version)
                                 .order_by(Referral.id)).all()),
        db.session.scalar(sa.select(sa.func.count(TimelineEntry.id))),
    )


@pytest.mark.parametrize("who", ["clerk_hn", "security_hn", "police_hn", "sup_hn", "clerk_hcm",
                                 "police_hcm", "sup_hcm", "national", "admin"])
def test_every_case_url_is_404_for_every_case_the_role_may_not_see(app, world, who):
    users, cases = world
    client = app.test_client()
    login(client, users[who])
    token = csrf_token(client)
    problems, cells = [], 0
    for rule in case_bearing_rules(app):
        for key, case in cases.items():
            for url in urls_for(rule, case):
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    if visible(who, key) and method == "POST":
                        continue  # allowed actions are the business of the other tests
                    cells += 1
                    before = snapshot() if method == "POST" else None
                    data = {"csrf_token": token, "version": "1", "reason": "kiểm tra quyền"}
                    response = client.open(url, method=method,
                                           data=data if method == "POST" else None)
                    if response.status_code >= 500 or (
                            not visible(who, key) and response.status_code != 404):
                        problems.append(f"{method} {url} ({key}) → {response.status_code}")
                    if before is not None and snapshot() != before:
                        problems.append(f"{method} {url} ({key}) changed the database")
    assert cells >= 50, cells
    assert problems == []
