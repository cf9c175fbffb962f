"""Migration 0008 corrects data already in a database: catalogue, targets, detention timers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from caseflow import create_app
from caseflow.extensions import db
from config import TestingConfig


@pytest.fixture
def app_at_0004(tmp_path):
    app = create_app(TestingConfig,
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.db'}")
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
        "'Điều 117 BLHS', 'police', '', 1, 'critical', 1), "
        "('C8', 8, 'Hàng giả', 'Counterfeit', 'Luật Bưu chính Điều 12 khoản 1', "
        "'Điều 192-195 BLHS, sửa bởi quản trị', 'market_surveillance', 'police', 0, 'high', 1)"))


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
