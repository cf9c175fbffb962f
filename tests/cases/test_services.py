"""Flagging a parcel: drafts, submission and its reference, closing and reopening."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.cases import services
from caseflow.cases.models import Case, Disposition, ServiceScope
from caseflow.errors import NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.workflow.models import TimelineEntry
from caseflow.workflow.states import CaseStatus
from tests.factories import make_case, make_officer, make_org, make_user

#: 09:00 on 10 March 2026 in Hà Nội.
MORNING = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """Pin the clock the case services read; call it with a new time to move it."""
    now = [MORNING]
    monkeypatch.setattr(services, "utcnow", lambda: now[0])
    return lambda value: now.__setitem__(0, value)


@pytest.fixture
def firm(app):
    return make_org(kind=OrgKind.POSTAL_FIRM, province_code="01")


@pytest.fixture
def clerk(firm):
    return make_user(role=Role.FIRM_CLERK, org=firm)


@pytest.fixture
def security(firm):
    return make_user(role=Role.FIRM_SECURITY, org=firm)


def draft(clerk, *, at: datetime = MORNING, **data) -> Case:
    """Save a complete draft of an item accepted 5 hours and stopped 4 hours before `at`."""
    data = {"accepted_at": at - timedelta(hours=5), "stopped_at": at - timedelta(hours=4),
            **data}
    return make_case(firm_user=clerk, status=CaseStatus.DRAFT, **data)


def transitions_of(case: Case) -> list[str]:
    return list(db.session.scalars(sa.select(TimelineEntry.transition)
                                    .where(TimelineEntry.case_id == case.id,
                                           TimelineEntry.transition.not_in(("", "save_draft")))
                                    .order_by(TimelineEntry.id)))


def test_submit_numbers_cases_per_province_and_year_without_gaps(clock, clerk):
    provinces = ["01", "01", "79", "01", "79"]
    references = [services.submit(draft(clerk, province_code=p), actor=clerk).reference
                  for p in provinces]
    assert references == ["HN-2026-000001", "HN-2026-000002", "HCM-2026-000001",
                          "HN-2026-000003", "HCM-2026-000002"]


@pytest.mark.parametrize(("utc_time", "reference"), [
    # UTC instant                                  Vietnam time          reference
    (datetime(2026, 12, 31, 16, 59, tzinfo=UTC),  # 31/12/2026 23:59
     "HN-2026-000001"),
    (datetime(2026, 12, 31, 17, 0, tzinfo=UTC),   # 01/01/2027 00:00
     "HN-2027-000001"),
])
def test_reference_takes_the_year_in_vietnam_time(clock, clerk, utc_time, reference):
    clock(utc_time)
    case = services.submit(draft(clerk, at=utc_time), actor=clerk)
    assert case.reference == reference


def test_each_year_starts_numbering_again(clock, clerk):
    services.submit(draft(clerk), actor=clerk)
    clock(MORNING.replace(year=2027))
    case = services.submit(draft(clerk, at=MORNING.replace(year=2027)), actor=clerk)
    assert case.reference == "HN-2027-000001"


def test_a_refused_submission_does_not_use_up_a_number(clock, clerk):
    with pytest.raises(ValidationFailed):
        services.submit(draft(clerk, sender_name=""), actor=clerk)
    assert services.submit(draft(clerk), actor=clerk).reference == "HN-2026-000001"


def test_a_rolled_back_submission_gives_its_number_back(clock, clerk):
    first, second = draft(clerk), draft(clerk)
    db.session.commit()
    assert services.submit(first, actor=clerk).reference == "HN-2026-000001"
    db.session.rollback()
    assert first.reference is None
    assert services.submit(second, actor=clerk).reference == "HN-2026-000001"


def test_submit_flags_the_case_and_records_it(clock, clerk):
    case = services.submit(draft(clerk), actor=clerk)
    assert (case.status, case.submitted_at) == (CaseStatus.FLAGGED, MORNING)
    assert transitions_of(case) == ["submit"]


def test_submit_of_an_incomplete_draft_lists_what_is_missing_and_keeps_the_draft(clock, clerk):
    case = draft(clerk, sender_phone="", held_at="", weight_kg=None, categories=())
    db.session.commit()
    with pytest.raises(ValidationFailed) as error:
        services.submit(case, actor=clerk)
    assert set(error.value.field_errors) == {"sender_phone", "held_at", "weight_kg",
                                             "categories"}
    db.session.commit()  # what the view does: the draft is kept
    db.session.expire_all()
    kept = db.session.get(Case, case.id)
    assert (kept.status, kept.reference, kept.sender_name) \
        == (CaseStatus.DRAFT, None, "Nguyễn Văn Bình")
    assert transitions_of(kept) == []


INTERNATIONAL = {"service_scope": ServiceScope.INTERNATIONAL}


@pytest.mark.parametrize(("data", "fields_in_error"), [
    # what the draft says                                              refused fields
    ({},                                                                set()),
    ({"origin_province_code": None},                                    {"origin_province_code"}),
    ({"destination_province_code": None},                          {"destination_province_code"}),
    ({**INTERNATIONAL, "origin_country": "CN"},                         set()),
    ({**INTERNATIONAL, "destination_country": "JP"},                    set()),
    ({**INTERNATIONAL},                                                 {"destination_country"}),
    ({**INTERNATIONAL, "origin_country": "VN", "destination_country": "VN"},
                                                                        {"destination_country"}),
    ({"accepted_at": MORNING - timedelta(hours=2),
      "stopped_at": MORNING - timedelta(hours=3)},                      {"stopped_at"}),
    ({"accepted_at": MORNING + timedelta(hours=2),
      "stopped_at": MORNING + timedelta(hours=3)},                      {"accepted_at",
                                                                         "stopped_at"}),
    ({"stopped_at": MORNING + timedelta(days=1)},                       {"stopped_at"}),
])  # fmt: skip
def test_submit_checks_the_route_and_the_times(clock, clerk, data, fields_in_error):
    case = draft(clerk, **data)
    if not fields_in_error:
        assert services.submit(case, actor=clerk).status is CaseStatus.FLAGGED
        return
    with pytest.raises(ValidationFailed) as error:
        services.submit(case, actor=clerk)
    assert set(error.value.field_errors) == fields_in_error
    assert case.status is CaseStatus.DRAFT


def test_another_firm_cannot_submit_the_draft(clock, clerk):
    case = draft(clerk)
    with pytest.raises(NotAllowed):
        services.submit(case, actor=make_user(role=Role.FIRM_CLERK))
    assert (case.status, case.reference) == (CaseStatus.DRAFT, None)


def test_saving_a_draft_with_an_unknown_category_is_refused(clerk):
    with pytest.raises(ValidationFailed) as error:
        make_case(firm_user=clerk, status=CaseStatus.DRAFT, categories=("C99",))
    assert set(error.value.field_errors) == {"categories"}


def concluded_case(clerk, security) -> Case:
    return make_case(firm_user=clerk, security=security, officer=make_officer(),
                     status=CaseStatus.CONCLUDED)


def test_close_records_what_became_of_the_parcel(clerk, security):
    case = concluded_case(clerk, security)
    assert services.suggested_disposition(case) == "confiscated"  # what the agency recorded
    services.close(case, actor=security, disposition="destroyed",
                   note="Tiêu hủy theo biên bản số 12/BB", expected_version=case.version)
    assert (case.status, case.disposition, case.disposition_note) \
        == (CaseStatus.CLOSED, Disposition.DESTROYED, "Tiêu hủy theo biên bản số 12/BB")
    assert case.closed_at is not None
    assert transitions_of(case)[-1] == "close"


def test_clerk_cannot_close_a_case(clerk, security):
    case = concluded_case(clerk, security)
    with pytest.raises(NotAllowed):
        services.close(case, actor=clerk, disposition="released", note="",
                       expected_version=case.version)


def test_reopen_starts_a_new_round(clerk, security):
    case = concluded_case(clerk, security)
    services.close(case, actor=security, disposition="released", note="",
                   expected_version=case.version)
    supervisor = make_user(role=Role.PROVINCIAL_SUPERVISOR, province_code="01")
    services.reopen(case, actor=supervisor, reason="Phát hiện tình tiết mới",
                    expected_version=case.version)
    assert (case.status, case.round, case.closed_at) == (CaseStatus.FLAGGED, 2, None)
    assert transitions_of(case)[-1] == "reopen"


def test_firm_cannot_reopen_its_own_case(clerk, security):
    case = make_case(firm_user=clerk, security=security, status=CaseStatus.CLOSED)
    with pytest.raises(NotAllowed):
        services.reopen(case, actor=security, reason="Muốn mở lại",
                        expected_version=case.version)
    assert (case.status, case.round) == (CaseStatus.CLOSED, 1)


@pytest.mark.parametrize("name", ["close", "refer", "conclude"])
def test_transitions_with_a_form_of_their_own_cannot_be_pressed_bare(clerk, security, name):
    case = concluded_case(clerk, security)
    with pytest.raises(NotAllowed):
        services.transition(case, name, actor=security, reason="", expected_version=case.version)
    assert case.status is CaseStatus.CONCLUDED
