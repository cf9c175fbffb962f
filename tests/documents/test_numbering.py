"""Document numbers: per issuer, kind and year, sequential, gapless, unique under concurrency."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from caseflow.accounts.models import User
from caseflow.cases.models import Case
from caseflow.db_types import utcnow
from caseflow.documents import services
from caseflow.documents.models import Document, DocumentKind
from caseflow.extensions import db
from caseflow.i18n import to_local
from tests.concurrency import race
from tests.factories import make_case

RACERS = 8


def bien_ban(case: Case, actor: User) -> Document:
    return services.issue(services.bien_ban_draft(case, actor=actor), url_root="http://x/")


def test_numbers_run_one_two_three_per_issuer_kind_and_year(app, cast, case, fast_render):
    year = to_local(utcnow()).year
    records = [bien_ban(case, cast.clerk) for _ in range(3)]
    slip = services.issue(services.referral_slip_draft(case.referrals[0], actor=cast.security),
                          url_root="http://x/")
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


def test_regenerating_adds_a_version_and_keeps_the_first(app, cast, case, fast_render):
    first = bien_ban(case, cast.clerk)
    db.session.commit()
    first_id, first_hash = first.id, first.sha256
    second = bien_ban(case, cast.clerk)
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(Document, first_id)
    assert (kept.seq, kept.sha256) == (1, first_hash)
    assert second.id != first_id and second.seq == 2


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
