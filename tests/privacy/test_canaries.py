"""Canary personal data: crawl every page as every role; canaries show only where allowed.

Each firm's case carries unique sender and recipient data. Every user crawls every page
reachable from the home page (links and the case pages), and the test checks that each
canary appears exactly for the users DESIGN.md allows — and never in logs, in the raw
database file or in a pg_dump of the database.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.extensions import db
from caseflow.workflow import engine
from caseflow.workflow.states import CaseStatus
from tests.conftest import login
from tests.factories import make_case, make_org, make_user

CANARIES = {
    "hn": {"sender_name": "Canarý Hànội Gửi", "sender_phone": "0912 000 111",
           "sender_address": "Số 1 Ngõ Canary Hànội, Hà Nội", "sender_id_number": "001099000111",
           "recipient_name": "Canarý Hànội Nhận", "recipient_phone": "0912 000 112",
           "recipient_address": "Số 2 Ngõ Canary Hànội Nhận, Hà Nội"},
    "hcm": {"sender_name": "Canarý Sàigòn Gửi", "sender_phone": "0912 000 221",
            "sender_address": "Số 3 Đường Canary Sàigòn, TP HCM",
            "sender_id_number": "079099000221", "recipient_name": "Canarý Sàigòn Nhận",
            "recipient_phone": "0912 000 222",
            "recipient_address": "Số 4 Đường Canary Sàigòn Nhận, TP HCM"},
}
SKIP = re.compile(r"/(logout|language)/?|\.csv$|/static/")
MAX_PAGES = 120


def traces(values: dict[str, str]) -> list[str]:
    """Every form a canary could leak in: as typed, digits only, name words."""
    found = []
    for value in values.values():
        found.append(value)
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 9:
            found.append(digits)
    return found


@pytest.fixture
def world(app):
    hn_firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")
    hcm_firm = make_org(kind=OrgKind.POSTAL_FIRM, province_code="79")
    police_hn = make_org(kind=OrgKind.POLICE, province_code="01")
    customs_hn = make_org(kind=OrgKind.CUSTOMS, province_code="01")
    users = {
        "clerk_hn": make_user(role=Role.FIRM_CLERK, org=hn_firm),
        "security_hn": make_user(role=Role.FIRM_SECURITY, org=hn_firm),
        "clerk_hcm": make_user(role=Role.FIRM_CLERK, org=hcm_firm),
        "police_hn": make_user(role=Role.AGENCY_OFFICER, org=police_hn),
        "customs_hn": make_user(role=Role.AGENCY_OFFICER, org=customs_hn),
        "police_hcm": make_user(role=Role.AGENCY_OFFICER, province_code="79"),
        "sup_hn": make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01"),
        "sup_hcm": make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="79"),
        "national": make_user(role=Role.NATIONAL_SUPERVISOR),
        "admin": make_user(role=Role.ADMIN),
    }
    hn = make_case(firm_user=users["clerk_hn"], status=CaseStatus.INVESTIGATING,
                   officer=users["police_hn"], security=users["security_hn"], **CANARIES["hn"])
    # The customs unit only holds an issued referral: personal data stays masked for it.
    engine.issue_referral(hn, customs_hn, actor=users["security_hn"], note="", due_hours=24)
    make_case(firm_user=users["clerk_hcm"], status=CaseStatus.FLAGGED, province_code="79",
              **CANARIES["hcm"])
    db.session.commit()
    return users


#: Who may see which firm's canaries unmasked (DESIGN.md: the owning firm, agencies holding an
#: accepted referral; everyone else masked until a logged reveal).
ALLOWED = {
    "clerk_hn": {"hn"}, "security_hn": {"hn"}, "clerk_hcm": {"hcm"}, "police_hn": {"hn"},
    "customs_hn": set(), "police_hcm": set(), "sup_hn": set(), "sup_hcm": set(),
    "national": set(), "admin": set(),
}


def crawl(client) -> dict[str, str]:
    """GET every same-site page reachable from / (bounded); return url → body."""
    seen: dict[str, str] = {}
    queue = ["/"]
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or SKIP.search(url):
            continue
        response = client.get(url, follow_redirects=True)
        body = response.get_data(as_text=True) if response.mimetype.startswith("text") else ""
        seen[url] = body
        for href in re.findall(r'href="([^"#]+)"', body):
            target = urljoin(url, href)
            if not urlsplit(target).netloc:
                queue.append(target.replace("&amp;", "&"))
    return seen


@pytest.mark.parametrize("who", sorted(ALLOWED))
def test_canaries_appear_only_where_allowed(app, world, who, caplog):
    client = app.test_client()
    caplog.set_level(logging.DEBUG)
    login(client, world[who])
    pages = crawl(client)
    assert len(pages) > 3
    text = "\n".join(pages.values())
    for firm, values in CANARIES.items():
        leaked = [t for t in traces(values) if t in text]
        if firm in ALLOWED[who]:
            assert values["sender_name"] in text, f"{who} should see {firm}'s case"
        else:
            assert leaked == [], f"{who} sees {firm}'s personal data: {leaked}"
    logged = caplog.text
    assert not [t for v in CANARIES.values() for t in traces(v) if t in logged]


def test_canaries_never_reach_the_database_in_clear(app, world, tmp_path):
    everything = [t for v in CANARIES.values() for t in traces(v)]
    if db.engine.dialect.name == "sqlite":
        db.session.commit()
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
        raw = b"".join(Path(db.engine.url.database + suffix).read_bytes()
                       for suffix in ("", "-wal") if Path(db.engine.url.database + suffix).exists())
    else:
        if not shutil.which("pg_dump"):
            pytest.fail("pg_dump is needed to prove the dump holds no personal data")
        url = db.engine.url
        raw = subprocess.run(
            ["pg_dump", "-h", url.host or "127.0.0.1", "-U", url.username or "postgres",
             "-d", url.database], check=True, capture_output=True).stdout
    for trace in everything:
        assert trace.encode() not in raw, trace
    # Sanity: the dump does contain the cases themselves.
    assert db.session.scalar(sa.text('SELECT count(*) FROM "case"')) == 2
