"""Reveal with a reason, look up by phone or ID, anonymise old cases, rotate keys."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import Role
from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Case
from caseflow.db_types import utcnow
from caseflow.errors import NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.privacy import keys, services
from caseflow.privacy.crypto import key_id_of
from caseflow.workflow.states import CaseStatus
from tests.factories import make_case, make_user


@pytest.fixture
def clerk(app):
    return make_user(role=Role.FIRM_CLERK)


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_a_supervisor_reveals_with_a_reason_and_the_reveal_is_logged(clerk):
    case = make_case(firm_user=clerk, status=CaseStatus.FLAGGED, sender_name="Lý Văn Tư")
    supervisor = make_user(role=Role.PROVINCIAL_SUPERVISOR)
    parties = services.reveal(case, actor=supervisor, reason="Đối chiếu với tin báo số 12")
    db.session.commit()
    assert parties["sender_name"] == "Lý Văn Tư"
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "personal_data.reveal")).one()
    assert (event.actor_id, event.case_id, event.reason) == (
        supervisor.id, case.id, "Đối chiếu với tin báo số 12")


def test_a_reveal_without_a_real_reason_is_refused(clerk):
    case = make_case(firm_user=clerk, status=CaseStatus.FLAGGED)
    with pytest.raises(ValidationFailed):
        services.reveal(case, actor=make_user(role=Role.NATIONAL_SUPERVISOR), reason="xem")


def test_an_agency_cannot_reveal(clerk):
    case = make_case(firm_user=clerk, status=CaseStatus.REFERRED)
    officer = make_user(role=Role.AGENCY_OFFICER, org=case.referrals[0].agency)
    with pytest.raises(NotAllowed):
        services.reveal(case, actor=officer, reason="Cần xem trước khi tiếp nhận")


def test_only_an_unmasked_view_is_logged(clerk):
    case = make_case(firm_user=clerk, status=CaseStatus.FLAGGED)
    services.parties_for_page(make_user(role=Role.NATIONAL_SUPERVISOR), case)
    services.parties_for_page(clerk, case)
    db.session.commit()
    assert actions().count("personal_data.view") == 1


@pytest.mark.parametrize("typed", ["0912 345 678", "+84912345678", "84-912-345-678"])
def test_lookup_by_phone_finds_sender_and_recipient_whatever_the_spelling(clerk, typed):
    as_sender = make_case(firm_user=clerk, status=CaseStatus.FLAGGED, sender_phone="0912345678")
    as_recipient = make_case(firm_user=clerk, status=CaseStatus.FLAGGED,
                             recipient_phone="+84 912 345 678")
    make_case(firm_user=clerk, status=CaseStatus.FLAGGED, sender_phone="0987000111")
    found = set(db.session.scalars(services.lookup(clerk, kind="phone", value=typed)))
    assert found == {as_sender, as_recipient}


def test_lookup_stays_inside_what_the_user_may_see(clerk):
    make_case(firm_user=clerk, status=CaseStatus.FLAGGED, sender_id_number="001089012345")
    other_firm = make_user(role=Role.FIRM_CLERK)
    found = list(db.session.scalars(services.lookup(other_firm, kind="id",
                                                    value="001089012345")))
    assert found == []


def test_lookup_of_garbage_is_a_clear_error(clerk):
    with pytest.raises(ValidationFailed):
        services.lookup(clerk, kind="phone", value="abc")


def test_anonymising_blanks_old_closed_cases_and_keeps_the_statistics(clerk):
    old = make_case(firm_user=clerk, status=CaseStatus.CLOSED)
    recent = make_case(firm_user=clerk, status=CaseStatus.CLOSED)
    old.closed_at = utcnow() - timedelta(days=800)
    db.session.commit()
    assert services.anonymise_closed_before(utcnow() - timedelta(days=730)) == 1
    db.session.expire_all()
    old, recent = db.session.get(Case, old.id), db.session.get(Case, recent.id)
    assert (old.sender_name, old.sender_phone, old.sender_phone_index) == ("", "", None)
    assert old.anonymised_at is not None and old.province_code == "01" and old.categories
    assert recent.sender_name


def test_rotation_reencrypts_every_row_under_the_new_key(app, clerk, tmp_path):
    cases = [make_case(firm_user=clerk, status=CaseStatus.FLAGGED) for _ in range(3)]
    db.session.commit()
    original = app.extensions["caseflow_keys"]
    path = tmp_path / "keys.json"
    keys.generate_key_file(path)
    ring = keys.load_key_file(path)
    # The new ring keeps the old key (so old values decrypt) and makes a new one current.
    merged = keys.KeyRing("k9", {**original.data_keys, "k9": ring.data_keys["k1"]},
                          original.index_key, original.audit_key)
    app.extensions["caseflow_keys"] = merged
    try:
        seen = []
        assert services.rotate_keys(batch=2, progress=lambda d, t: seen.append((d, t))) == 3
        assert seen == [(2, 3), (3, 3)]
        db.session.expire_all()
        for case in cases:
            case = db.session.get(Case, case.id)
            assert key_id_of(case._sender_name) == "k9" and case.sender_name
    finally:
        app.extensions["caseflow_keys"] = original
