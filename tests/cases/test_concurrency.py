"""Many clerks submitting at once: references unique, sequential, without gaps."""

from __future__ import annotations

from caseflow.accounts.models import Role, User
from caseflow.cases import services
from caseflow.cases.models import Case
from caseflow.db_types import utcnow
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.workflow.states import CaseStatus
from tests.concurrency import race
from tests.factories import make_case, make_user

SUBMITTERS = 10


def test_concurrent_submissions_get_gapless_distinct_references(app):
    clerk = make_user(role=Role.FIRM_CLERK)
    drafts = [make_case(firm_user=clerk, status=CaseStatus.DRAFT) for _ in range(SUBMITTERS)]
    ids, clerk_id = [c.id for c in drafts], clerk.id
    db.session.commit()

    def submit(case_id: int):
        case, actor = db.session.get(Case, case_id), db.session.get(User, clerk_id)
        return lambda: services.submit(case, actor=actor).reference

    results = race(app, [lambda cid=cid: submit(cid) for cid in ids])

    year = to_local(utcnow()).year
    assert sorted(results) == [f"HN-{year}-{n:06d}" for n in range(1, SUBMITTERS + 1)], results


def test_a_failed_submission_gives_its_number_back(app):
    clerk = make_user(role=Role.FIRM_CLERK)
    first = make_case(firm_user=clerk, status=CaseStatus.DRAFT)
    services.submit(first, actor=clerk)
    db.session.rollback()  # e.g. the request failed after numbering
    second = make_case(firm_user=clerk, status=CaseStatus.FLAGGED)
    assert second.reference.endswith("-000001")
