"""Document numbers: per issuer, kind and year, sequential, gapless, unique under concurrency."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from caseflow.accounts.models import User
from caseflow.cases.models import Case
from caseflow.documents import services
from caseflow.documents.models import Document, DocumentKind
from caseflow.extensions import db
from caseflow.i18n import to_local
from caseflow.workflow.states import CaseStatus
from tests.concurrency import race
from tests.factories import make_case

RACERS = 8


def bien_ban(case: Case, actor: User) -> Document:
    return services.issue(services.bien_ban_draft(case, actor=actor), url_root="http://x/")


def test_numbers_run_one_two_three_per_issuer_kind_and_year(app, cast, case, fast_render):
    cases = [case, make_case(firm_user=cast.clerk), make_case(firm_user=cast.clerk)]
    records = [bien_ban(c, cast.clerk) for c in cases]
    slip = services.issue(services.referral_slip_draft(case.referrals[0], actor=cast.security),
                          url_root="http://x/")
    year = to_local(case.stopped_at).year  # the year of the stop the record is dated by
    assert [(d.year, d.seq) for d in records] == [(year, n) for n in (1, 2, 3)]
    # Decree 30/2020: number/type-issuer, two digits at least, no year (firm: Bưu điện TP Hà Nội)
    assert [d.number for d in records] == [f"0{n}/BB-DVC-BĐTPHN" for n in (1, 2, 3)]
    assert slip.number == "01/PC-BĐTPHN"  # another kind, another series


def test_each_issuer_has_its_own_series(app, cast, case, fast_render):
    other = make_case(firm_user=cast.other_security)
    assert bien_ban(case, cast.clerk).seq == 1
    assert bien_ban(other, cast.other_security).seq == 1


def test_a_failed_generation_gives_its_number_back(app, cast, case, fast_render):
    bien_ban(case, cast.clerk)
    db.session.rollback()  # e.g. rendering failed after numbering
    assert bien_ban(case, cast.clerk).seq == 1


def test_reprinting_a_record_keeps_its_number_and_keeps_the_first_print(app, cast, case,
                                                                        fast_render):
    first = bien_ban(case, cast.clerk)
    db.session.commit()
    first_id, first_hash = first.id, first.sha256
    second = bien_ban(case, cast.clerk)
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(Document, first_id)
    assert (kept.seq, kept.revision, kept.sha256) == (1, 1, first_hash)
    assert second.id != first_id
    assert (second.number, second.seq, second.revision) == (kept.number, 1, 2)


def test_reprinting_a_slip_keeps_its_number_and_takes_none_from_the_series(app, cast, case,
                                                                           fast_render):
    referral = case.referrals[0]
    prints = [services.issue(services.referral_slip_draft(referral, actor=cast.security),
                             url_root="x") for _ in range(3)]
    assert {d.number for d in prints} == {prints[0].number}
    assert [d.revision for d in prints] == [1, 2, 3]
    other = make_case(firm_user=cast.clerk, status=CaseStatus.REFERRED, security=cast.security)
    fresh = services.issue(services.referral_slip_draft(other.referrals[0],
                                                        actor=cast.security), url_root="x")
    assert fresh.seq == prints[0].seq + 1


def test_the_database_refuses_a_duplicate_number(app, cast, case, fast_render):
    first = bien_ban(case, cast.clerk)
    db.session.commit()
    twin = Document(public_id="twin", kind=first.kind, issuer_id=first.issuer_id,
                    year=first.year, seq=first.seq, number=first.number, case_id=case.id,
                    sha256=first.sha256, created_by_id=cast.clerk.id)
    db.session.add(twin)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_concurrent_generations_get_distinct_gapless_numbers(app, cast, fast_render):
    cases = [make_case(firm_user=cast.clerk) for _ in range(RACERS)]
    ids, clerk_id = [c.id for c in cases], cast.clerk.id
    db.session.commit()

    def generate(case_id: int):
        case, actor = db.session.get(Case, case_id), db.session.get(User, clerk_id)
        _ = case.referrals, case.categories, case.firm, case.province  # load before the race
        return lambda: bien_ban(case, actor).seq

    results = race(app, [lambda cid=cid: generate(cid) for cid in ids])

    assert sorted(results) == list(range(1, RACERS + 1)), results
    stored = db.session.scalars(sa.select(Document.seq).where(
        Document.kind == DocumentKind.BIEN_BAN)).all()
    assert sorted(stored) == list(range(1, RACERS + 1))


def test_concurrent_reprints_of_one_record_get_distinct_revisions(app, cast, case, fast_render):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no row locks: its writers are serialised by the database lock")
    first = bien_ban(case, cast.clerk)
    db.session.commit()
    case_id, clerk_id, number = case.id, cast.clerk.id, first.number

    def reprint():
        case, actor = db.session.get(Case, case_id), db.session.get(User, clerk_id)
        _ = case.referrals, case.categories, case.firm, case.province
        return lambda: (bien_ban(case, actor).revision)

    results = race(app, [reprint for _ in range(4)])
    assert sorted(results) == [2, 3, 4, 5], results
    numbers = db.session.scalars(sa.select(Document.number).where(
        Document.kind == DocumentKind.BIEN_BAN)).all()
    assert set(numbers) == {number}
