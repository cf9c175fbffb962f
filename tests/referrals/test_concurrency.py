"""Two officers pressing 'accept' at the same moment: exactly one wins."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.errors import Conflict
from caseflow.extensions import db
from caseflow.referrals import services
from caseflow.referrals.models import Referral
from caseflow.workflow.models import TimelineEntry
from caseflow.workflow.states import CaseStatus, ReferralStatus
from tests.concurrency import race
from tests.factories import make_case, make_org, make_user

RACERS = 8


def test_officers_accepting_the_same_referral_at_once_get_one_success(app):
    unit = make_org(kind=OrgKind.POLICE)
    officers = [make_user(role=Role.AGENCY_OFFICER, org=unit) for _ in range(RACERS)]
    clerk = make_user(role=Role.FIRM_CLERK)
    case = make_case(firm_user=clerk, status=CaseStatus.REFERRED, officer=officers[0])
    referral_id = case.referrals[0].id
    officer_ids = [o.id for o in officers]
    db.session.commit()

    def accept_as(officer_id: int):
        from caseflow.accounts.models import User

        officer = db.session.get(User, officer_id)
        referral = db.session.get(Referral, referral_id)
        version = referral.version
        return lambda: services.transition(referral, "accept", actor=officer, reason="",
                                           expected_version=version)

    results = race(app, [lambda oid=oid: accept_as(oid) for oid in officer_ids])

    winners = [r for r in results if isinstance(r, Referral)]
    assert len(winners) == 1, results
    assert all(isinstance(r, Conflict) for r in results if r not in winners), results
    db.session.expire_all()
    referral = db.session.get(Referral, referral_id)
    assert referral.status is ReferralStatus.ACCEPTED
    assert referral.case.status is CaseStatus.INVESTIGATING
    accepts = db.session.scalar(sa.select(sa.func.count()).select_from(TimelineEntry).where(
        TimelineEntry.referral_id == referral_id, TimelineEntry.transition == "accept"))
    assert accepts == 1


def test_losing_officer_sees_the_conflict_message(app):
    unit = make_org(kind=OrgKind.POLICE)
    first, second = (make_user(role=Role.AGENCY_OFFICER, org=unit) for _ in range(2))
    case = make_case(firm_user=make_user(role=Role.FIRM_CLERK), status=CaseStatus.REFERRED,
                     officer=first)
    referral = case.referrals[0]
    stale_version = referral.version
    services.transition(referral, "accept", actor=first, reason="",
                        expected_version=stale_version)
    db.session.commit()
    try:
        services.transition(referral, "decline", actor=second, reason="Không thuộc thẩm quyền",
                            expected_version=stale_version)
    except Conflict as exc:
        # The accept moved the referral on: the loser is told what changed, not a bare 409.
        assert "thay đổi gần nhất" in exc.message and "không thực hiện được" in exc.message
    else:
        raise AssertionError("a stale version must conflict")
