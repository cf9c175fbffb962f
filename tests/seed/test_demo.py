"""The demo data: who can log in, what the cases look like, and that seeding twice is harmless."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from caseflow.accounts.models import Organisation, OrgKind, Role, User
from caseflow.cases.models import Case, ServiceScope
from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.referrals.models import Referral
from caseflow.seed.demo import seed_demo_data
from caseflow.seed.demo_accounts import PASSWORD
from caseflow.workflow.models import EntryKind
from caseflow.workflow.states import CaseStatus, ReferralStatus
from tests.conftest import login

#: The accounts the README lists: username → (role, kind of organisation, province).
LISTED_USERS = {
    "clerk.vnpost": (Role.FIRM_CLERK, OrgKind.POSTAL_FIRM, "01"),
    "security.vnpost": (Role.FIRM_SECURITY, OrgKind.POSTAL_FIRM, "01"),
    "clerk.viettelpost": (Role.FIRM_CLERK, OrgKind.POSTAL_FIRM, "79"),
    "security.viettelpost": (Role.FIRM_SECURITY, OrgKind.POSTAL_FIRM, "79"),
    "police.hn": (Role.AGENCY_OFFICER, OrgKind.POLICE, "01"),
    "qltt.hn": (Role.AGENCY_OFFICER, OrgKind.MARKET_SURVEILLANCE, "01"),
    "customs.hn": (Role.AGENCY_OFFICER, OrgKind.CUSTOMS, "01"),
    "police.hcm": (Role.AGENCY_OFFICER, OrgKind.POLICE, "79"),
    "qltt.hcm": (Role.AGENCY_OFFICER, OrgKind.MARKET_SURVEILLANCE, "79"),
    "customs.hcm": (Role.AGENCY_OFFICER, OrgKind.CUSTOMS, "79"),
    "sokhcn.hn": (Role.PROVINCIAL_SUPERVISOR, OrgKind.DOST, "01"),
    "sokhcn.hcm": (Role.PROVINCIAL_SUPERVISOR, OrgKind.DOST, "79"),
    "bokhcn": (Role.NATIONAL_SUPERVISOR, OrgKind.MINISTRY, None),
    "admin": (Role.ADMIN, OrgKind.MINISTRY, None),
}


def _cases() -> list[Case]:
    return list(db.session.scalars(sa.select(Case).order_by(Case.id)))


def _row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
            for t in db.metadata.sorted_tables}


def test_summary_names_users_organisations_and_cases(seeded):
    assert seeded.startswith("20 users, 15 organisations, 52 cases")  # + the security police


def test_every_listed_user_exists_with_its_role(seeded):
    users = {u.username: u for u in db.session.scalars(sa.select(User))}
    for username, (role, kind, province) in LISTED_USERS.items():
        user = users[username]
        assert (user.role, user.organisation.kind, user.organisation.province_code) == \
            (role, kind, province), username
    firms = Counter(u.organisation.name for u in users.values()
                    if u.organisation.kind is OrgKind.POSTAL_FIRM)
    assert len(firms) == 4 and set(firms.values()) == {2}  # a clerk and a security officer each


def test_every_status_has_at_least_three_cases(seeded):
    counts = Counter(case.status for case in _cases())
    assert 50 <= sum(counts.values()) <= 55
    assert {status: counts[status] for status in CaseStatus if counts[status] < 3} == {}


def test_both_provinces_and_several_firms_have_cases(seeded):
    cases = _cases()
    assert Counter(c.province_code for c in cases).keys() == {"01", "79"}
    assert len({c.firm_id for c in cases}) == 4
    assert len({cat.code for c in cases for cat in c.categories}) >= 12
    assert any(c.service_scope is ServiceScope.INTERNATIONAL for c in cases)


def test_seeding_twice_changes_nothing(seeded):
    before = _row_counts()
    summary = seed_demo_data()
    db.session.commit()
    assert summary.endswith("(0 new)")
    assert _row_counts() == before


def test_every_demo_user_can_log_in(seeded_app, seeded):
    app, _summary = seeded_app
    for user in db.session.scalars(sa.select(User)):
        login(app.test_client(), user, PASSWORD)


def test_timeline_of_every_submitted_case_starts_with_the_submit(seeded):
    for case in _cases():
        if case.status is CaseStatus.DRAFT:
            assert case.reference is None
            continue
        transitions = [e for e in case.timeline if e.kind is EntryKind.TRANSITION]
        assert transitions[0].transition == "submit", case.reference
        before = case.timeline[:case.timeline.index(transitions[0])]
        assert all(e.kind is EntryKind.EDIT for e in before)  # only the saved draft comes first
        assert case.submitted_at == transitions[0].created_at


def test_times_spread_over_three_months_and_stay_in_order(seeded):
    now, cases = utcnow(), _cases()
    assert min(c.created_at for c in cases) < now - timedelta(days=60)
    for case in cases:
        times = [e.created_at for e in case.timeline]
        assert times == sorted(times), case.reference
        assert now - timedelta(days=92) < case.accepted_at <= case.stopped_at <= case.created_at
        assert times[-1] == case.updated_at < now
        assert (case.closed_at is not None) == (case.status is CaseStatus.CLOSED)
        for referral in case.referrals:
            steps = [referral.issued_at, referral.accepted_at, referral.closed_at]
            assert [t for t in steps if t] == sorted(t for t in steps if t)
            assert referral.due_at - referral.issued_at in (  # clock hours
                timedelta(hours=4), timedelta(hours=24))
            # No detention decision in the demo: acceptance alone starts no detention timer.
            assert referral.review_due_at is None


def test_the_showcase_paths_are_there(seeded):
    referrals = list(db.session.scalars(sa.select(Referral)))
    statuses = Counter(r.status for r in referrals)
    assert statuses[ReferralStatus.DECLINED] >= 2 and statuses[ReferralStatus.TRANSFERRED] >= 2
    assert statuses[ReferralStatus.INFO_REQUESTED] == 1
    cases = _cases()
    assert any(e.transition == "answer_info" for c in cases for e in c.timeline)
    assert any(c.round == 2 for c in cases)
    assert any(len({r.agency_id for r in c.referrals if r.round == c.round}) == 2 for c in cases)
    declined_then_rerouted = [c for c in cases if c.status is CaseStatus.REFERRED and any(
        r.status is ReferralStatus.DECLINED for r in c.referrals)]
    assert declined_then_rerouted
    references = [c.reference for c in sorted(cases, key=lambda c: c.submitted_at or utcnow())
                  if c.reference and c.province_code == "01"]
    assert references == sorted(references)  # numbered in the order they were submitted
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 15
