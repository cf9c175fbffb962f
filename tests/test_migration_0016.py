"""Migration 0016 copies each case's creation time onto the referrals already stored."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from caseflow.accounts.models import Role
from caseflow.extensions import db
from caseflow.referrals.models import Referral
from caseflow.seed.reference import load_reference_data
from caseflow.workflow.states import CaseStatus
from tests.factories import make_case, make_officer, make_user

WHEN = datetime(2025, 6, 1, 2, 30, tzinfo=UTC)


def test_upgrade_copies_the_cases_creation_time_onto_stored_referrals(migrated_app):
    load_reference_data()
    officer = make_officer()
    case = make_case(firm_user=make_user(role=Role.FIRM_CLERK), status=CaseStatus.REFERRED,
                     officer=officer)
    case.created_at = WHEN
    db.session.commit()
    case_id = case.id
    db.session.remove()
    downgrade(revision="0015")  # the column goes, the referral stays
    upgrade(revision="0016")
    copies = db.session.execute(sa.select(Referral.case_id, Referral.case_created_at)).all()
    assert copies == [(case_id, WHEN)]
