"""Migration 0008 corrects data already in a database: catalogue, targets, detention timers."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from caseflow import create_app
from caseflow.extensions import db
from config import TestingConfig
from tests.conftest import PG_URL, fresh_database_url


@pytest.fixture(params=["sqlite", *(["postgresql"] if PG_URL else [])])
def app_at_0004(request, tmp_path, worker_id):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=fresh_database_url(
        request.param, tmp_path, worker_id))
    with app.app_context():
        upgrade(revision="0004")
        yield app
        db.session.remove()
        db.engine.dispose()


def _seed_old_rows(conn) -> None:
    conn.execute(sa.text(
        "INSERT INTO category (code, sort_order, name_vi, name_en, postal_legal_basis, "
        "criminal_code_articles, lead_agency, support_agencies, restricted, severity, active) "
        "VALUES ('C5', 5, 'Ấn phẩm', 'Material', 'Luật Bưu chính Điều 7 khoản 1', "
        "'Điều 117 BLHS', 'police', '', true, 'critical', true), "
        "('C8', 8, 'Hàng giả', 'Counterfeit', 'Luật Bưu chính Điều 12 khoản 1', "
        "'Điều 192-195 BLHS, sửa bởi quản trị', 'market_surveillance', 'police', false, "
        "'high', true)"))


def test_upgrade_corrects_seeded_categories_and_keeps_an_admins_edit(app_at_0004):
    with db.engine.begin() as conn:
        _seed_old_rows(conn)
    upgrade(revision="0008")
    with db.engine.connect() as conn:
        rows = dict(conn.execute(sa.text(
            "SELECT code, lead_agency || '|' || criminal_code_articles FROM category")).all())
        versions = conn.execute(sa.text(
            "SELECT category_code, lead_agency FROM category_version")).all()
    assert rows["C5"] == "security_police|Điều 117 BLHS"
    assert rows["C8"] == "market_surveillance|Điều 192-195 BLHS, sửa bởi quản trị"
    assert versions == [("C5", "security_police")]


def _insert(conn, table: str, **values) -> None:
    names = ", ".join(f'"{name}"' for name in values)
    conn.execute(sa.text(f'INSERT INTO "{table}" ({names}) VALUES '
                         f'({", ".join(":" + name for name in values)})'), values)


def _old_case(conn, case_id: int, category: str, status: str, review_due_at=None) -> None:
    issued = datetime(2026, 11, 27, 9)  # a Friday: 24 working hours would end on Monday
    text = {name: "x" for name in (
        "tracking_number", "acceptance_office", "declared_contents", "sender_name",
        "sender_phone", "sender_address", "sender_id_number", "recipient_name",
        "recipient_phone", "recipient_address", "description", "held_at", "seal_number",
        "disposition_note")}
    _insert(conn, "case", id=case_id, status="referred", firm_id=1, province_code="01",
            created_by_id=1, created_at=issued, updated_at=issued, version=1, round=1,
            uid=f"uid-{case_id}", dong_kiem_done=False, reference=f"HN-2026-{case_id:06d}",
            **text)
    _insert(conn, "case_category", case_id=case_id, category_code=category)
    _insert(conn, "referral", id=case_id, case_id=case_id, agency_id=2, status=status,
            issued_by_id=1, issued_at=issued, due_at=datetime(2026, 11, 30, 9), note="",
            version=1, round=1, sanction_decision_number="", criminal_case_reference="",
            legal_basis="", conclusion_note="", review_due_at=review_due_at)


def test_upgrade_turns_open_targets_into_clock_hours_and_drops_acceptance_timers(app_at_0004):
    with db.engine.begin() as conn:
        _insert(conn, "province", code="01", name="Hà Nội", kind="city", formed_from="",
                ref_prefix="HN")
        for org_id, kind in ((1, "postal_firm"), (2, "police")):
            _insert(conn, "organisation", id=org_id, name=kind, short_name=kind, kind=kind,
                    address="", phone="", active=True, created_at=datetime(2026, 1, 1),
                    province_code="01")
        _insert(conn, "user", id=1, username="u", full_name="U", email="u@x.vn",
                password_hash="x", role="firm_security", organisation_id=1, active=True,
                created_at=datetime(2026, 1, 1))
        for code, severity in (("C1", "critical"), ("C8", "high")):
            _insert(conn, "category", code=code, sort_order=1, name_vi=code, name_en=code,
                    postal_legal_basis="", criminal_code_articles="", lead_agency="police",
                    support_agencies="", restricted=False, severity=severity, active=True)
        _old_case(conn, 1, "C1", "issued")
        _old_case(conn, 2, "C8", "issued")
        _old_case(conn, 3, "C8", "accepted", review_due_at=datetime(2026, 12, 8, 9))
    upgrade(revision="0008")
    referral = sa.table("referral", sa.column("id"), sa.column("due_at", sa.DateTime()),
                        sa.column("review_due_at", sa.DateTime()))
    with db.engine.connect() as conn:
        rows = {row.id: row for row in conn.execute(sa.select(referral))}
    assert rows[1].due_at == datetime(2026, 11, 27, 13)  # critical: 4 clock hours
    assert rows[2].due_at == datetime(2026, 11, 28, 9)   # 24 clock hours, into Saturday
    assert rows[3].due_at == datetime(2026, 11, 30, 9)   # no longer open: left alone
    assert rows[3].review_due_at is None                 # acceptance alone: no detention
