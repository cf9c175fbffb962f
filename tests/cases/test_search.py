"""Accent-insensitive search of the case list over reference, tracking number, description."""

from __future__ import annotations

import pytest

from caseflow.cases.search import fold
from caseflow.workflow.states import CaseStatus
from tests.cases import test_views
from tests.cases.test_views import case_in, listed
from tests.conftest import login

cast = test_views.cast  # the same people as the view tests


@pytest.fixture
def items(cast):
    return {
        "tobacco": case_in(cast, CaseStatus.FLAGGED, description="Thuốc lá điện tử không nhãn",
                           tracking_number="EE111222333VN").id,
        "dong": case_in(cast, CaseStatus.FLAGGED, description="Đồng hồ nghi giả nhãn hiệu",
                        tracking_number="CP999888777CN").id,
        "percent": case_in(cast, CaseStatus.FLAGGED, description="Giảm giá 50% mỹ phẩm",
                           tracking_number="RR000000001VN").id,
    }


@pytest.mark.parametrize(("typed", "found"), [
    ("thuoc la", ["tobacco"]),
    ("THUỐC LÁ", ["tobacco"]),
    ("Thuốc lá điện tử", ["tobacco"]),
    ("dien tu", ["tobacco"]),
    ("dong ho", ["dong"]),
    ("đồng hồ", ["dong"]),
    ("ee111222", ["tobacco"]),
    ("888777", ["dong"]),
    ("50%", ["percent"]),
    ("5_%", []),
    ("ruou", []),
])  # fmt: skip
def test_search_ignores_accents_and_case(client, cast, items, typed, found):
    login(client, cast.national)
    assert sorted(listed(client, f"?q={typed}")) == sorted(items[name] for name in found)


def test_search_finds_the_reference(client, cast, items):
    from caseflow.cases.models import Case
    from caseflow.extensions import db

    reference = db.session.get(Case, items["dong"]).reference
    login(client, cast.national)
    assert listed(client, f"?q={reference[-4:]}") == [items["dong"]]


def test_search_never_reads_the_encrypted_parties(client, cast):
    case_in(cast, CaseStatus.FLAGGED, sender_name="Nguyễn Văn Thuốc", description="Sách cũ")
    login(client, cast.national)
    assert listed(client, "?q=nguyen van") == []


@pytest.mark.parametrize(("text", "folded"), [
    ("Thuốc Lá", "thuoc la"), ("ĐỒNG", "dong"), ("đ", "d"), ("Quản lý thị trường",
                                                               "quan ly thi truong"),
    ("Thuo\u0302\u0301c", "thuoc"),  # decomposed accents (NFD) fold the same
])  # fmt: skip
def test_fold_lowercases_and_strips_vietnamese_accents(text, folded):
    assert fold(text) == folded


def on_postgresql() -> None:
    from caseflow.extensions import db

    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's trigram index")


def test_postgresql_answers_a_search_from_the_trigram_index(app):
    import sqlalchemy as sa

    from caseflow.cases import search
    from caseflow.cases.models import Case
    from caseflow.extensions import db

    on_postgresql()
    db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    query = sa.select(Case.id).where(search.matches("thuoc la"))
    plan = "\n".join(db.session.execute(sa.text(
        "EXPLAIN " + str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    )).scalars())
    db.session.rollback()
    assert "ix_case_search" in plan


def test_postgresql_samples_the_search_text_widely(app):
    import sqlalchemy as sa

    from caseflow.cases import search
    from caseflow.extensions import db

    on_postgresql()
    assert db.session.scalar(sa.text(
        "SELECT attstattarget FROM pg_attribute "
        "WHERE attrelid = '\"case\"'::regclass AND attname = 'search_text'")) \
        == search.STATISTICS


def test_the_search_text_follows_an_edited_description(client, cast):
    from caseflow.cases.models import Case
    from caseflow.extensions import db

    case_id = case_in(cast, CaseStatus.FLAGGED, description="Sách cũ").id
    db.session.get(Case, case_id).description = "Rượu ngoại không tem"
    db.session.commit()
    login(client, cast.national)
    assert listed(client, "?q=ruou ngoai") == [case_id]
    assert listed(client, "?q=sach cu") == []
