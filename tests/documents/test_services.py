"""Storage: bytes under their SHA-256, audit of every generation, readable file names."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.documents import queries, services, storage
from caseflow.documents.models import DocumentBlob
from caseflow.extensions import db
from caseflow.reports.queries import Period
from tests.documents.helpers import stored_pdf


def test_stored_hash_is_the_sha256_of_the_stored_bytes(app, cast, case):
    document = services.issue(services.bien_ban_draft(case, actor=cast.clerk),
                              url_root="http://localhost/")
    db.session.commit()
    db.session.expire_all()
    content = stored_pdf(document)
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == document.sha256 == document.blob.sha256
    assert document.blob.size == len(content) and document.pages >= 1


def test_identical_bytes_are_stored_once(app, fast_render):
    first = storage.store(b"%PDF same", personal_data=False)
    assert first == storage.store(b"%PDF same", personal_data=False)
    db.session.flush()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DocumentBlob)) == 1


def test_generation_is_audited_with_number_and_hash(app, cast, case, fast_render):
    document = services.issue(services.bien_ban_draft(case, actor=cast.clerk),
                              url_root="http://x/")
    db.session.commit()
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "document.generate"))
    assert (event.actor_id, event.object_id) == (cast.clerk.id, document.id)
    assert event.payload["number"] == document.number
    assert event.payload["sha256"] == document.sha256


def test_file_names_are_readable(app, cast, case, fast_render):
    slips = [services.issue(services.referral_slip_draft(case.referrals[0],
                                                         actor=cast.security), url_root="x")
             for _ in range(2)]
    report = services.issue(services.summary_report_draft(
        actor=cast.supervisor, province_code="01", period=Period.quarter(2026, 2)),
        url_root="x")
    assert queries.file_name(slips[0]) == f"{case.reference}_phieu-chuyen_01.pdf"
    assert queries.file_name(slips[1]) == f"{case.reference}_phieu-chuyen_02.pdf"
    assert queries.file_name(report) == "bao-cao-tong-hop_01_2026-Q2_01.pdf"


def test_qr_code_points_at_the_public_verify_page(app, cast, case, fast_render, client):
    document = services.issue(services.bien_ban_draft(case, actor=cast.clerk),
                              url_root="http://localhost/")
    db.session.commit()
    url = services.verify_url("http://localhost/", document.public_id)
    assert client.get(url.removeprefix("http://localhost")).status_code == 200
