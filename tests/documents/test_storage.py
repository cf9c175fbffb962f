"""Stored PDFs with personal data are encrypted at rest, read back decrypted, purged by the
retention command; the published SHA-256 stays the hash of the plaintext PDF."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from caseflow.db_types import utcnow
from caseflow.documents import services, storage
from caseflow.documents.models import Document, DocumentBlob
from caseflow.errors import Gone
from caseflow.extensions import db
from caseflow.privacy import services as privacy
from caseflow.workflow.states import CaseStatus
from tests.conftest import csrf_token, login
from tests.factories import make_case


def bien_ban(case, actor) -> Document:
    document = services.issue(services.bien_ban_draft(case, actor=actor),
                              url_root="http://localhost/")
    db.session.commit()
    return document


def raw_bytes(document: Document) -> bytes:
    """Read the column as the database holds it."""
    return db.session.execute(sa.select(DocumentBlob.content).where(
        DocumentBlob.sha256 == document.sha256)).scalar_one()


def test_a_pdf_with_personal_data_is_stored_encrypted(app, cast, case, fast_render):
    document = bien_ban(case, cast.clerk)  # the owning firm prints the parties unmasked
    assert document.personal_data
    stored = raw_bytes(document)
    assert not stored.startswith(b"%PDF") and document.blob.key_id
    plain = storage.read(document)
    assert plain.startswith(b"%PDF") and hashlib.sha256(plain).hexdigest() == document.sha256


def test_a_pdf_without_personal_data_is_stored_as_is(app, cast, case, fast_render):
    slip = services.issue(services.referral_slip_draft(case.referrals[0], actor=cast.security),
                          url_root="x")
    db.session.commit()
    assert raw_bytes(slip).startswith(b"%PDF") and slip.blob.key_id is None


def test_a_row_stored_before_encryption_still_reads(app, cast, case, fast_render):
    document = bien_ban(case, cast.clerk)
    plain = storage.read(document)
    document.blob.content, document.blob.key_id = plain, None  # as rows before 0006 are
    db.session.commit()
    db.session.expire_all()
    assert storage.read(db.session.get(Document, document.id)) == plain


def test_sealed_bytes_moved_under_another_hash_do_not_open(app, cast, case, fast_render):
    from caseflow.privacy.crypto import DecryptionError

    document = bien_ban(case, cast.clerk)
    other = DocumentBlob(sha256="0" * 64, size=1, content=raw_bytes(document),
                         key_id=document.blob.key_id)
    db.session.add(other)
    document.sha256 = other.sha256
    db.session.flush()
    db.session.refresh(document)
    with pytest.raises(DecryptionError):
        storage.read(document)


def test_download_and_verify_use_the_plaintext(client, cast, case, fast_render):
    document = bien_ban(case, cast.clerk)
    login(client, cast.clerk)
    response = client.get(f"/documents/{document.id}/download")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert hashlib.sha256(response.data).hexdigest() == document.sha256
    verify = client.post(f"/verify/{document.public_id}", data={
        "csrf_token": csrf_token(client), "pdf": (io.BytesIO(response.data), "ban-sao.pdf")},
        content_type="multipart/form-data")
    assert 'data-match="yes"' in verify.get_data(as_text=True)


def test_anonymising_a_case_purges_its_pdfs_with_personal_data(client, cast):
    case = make_case(firm_user=cast.clerk, status=CaseStatus.CLOSED, officer=cast.officer,
                     security=cast.security)
    record = bien_ban(case, cast.clerk)
    slip = services.issue(services.referral_slip_draft(case.referrals[0], actor=cast.security),
                          url_root="x")
    case.closed_at = utcnow() - timedelta(days=800)
    db.session.commit()
    record_id, slip_id, record_hash = record.id, slip.id, record.sha256
    assert privacy.anonymise_closed_before(utcnow() - timedelta(days=730)) == 1
    db.session.expire_all()
    record, slip = db.session.get(Document, record_id), db.session.get(Document, slip_id)
    assert record.blob.purged_at is not None and raw_bytes(record) == b""
    assert record.sha256 == record_hash  # the register and /verify still know it
    with pytest.raises(Gone):
        storage.read(record)
    assert storage.read(slip).startswith(b"%PDF")  # no personal data: kept
    login(client, cast.clerk)
    assert client.get(f"/documents/{record_id}/download").status_code == 410


def test_rotation_reseals_old_keys_and_plaintext_rows_with_personal_data(app, cast, case,
                                                                         tmp_path):
    from caseflow.privacy import keys

    sealed = bien_ban(case, cast.clerk)
    legacy = services.issue(services.bien_ban_draft(
        make_case(firm_user=cast.clerk), actor=cast.clerk), url_root="x")
    legacy.blob.content, legacy.blob.key_id = storage.read(legacy), None  # stored before 0006
    slip = services.issue(services.referral_slip_draft(case.referrals[0], actor=cast.security),
                          url_root="x")
    db.session.commit()
    original = app.extensions["caseflow_keys"]
    path = tmp_path / "keys.json"
    keys.generate_key_file(path)
    app.extensions["caseflow_keys"] = keys.KeyRing(
        "k9", {**original.data_keys, "k9": keys.load_key_file(path).data_keys["k1"]},
        original.index_key, original.audit_key)
    try:
        assert storage.reseal_all() == 2
        db.session.commit()
        db.session.expire_all()
        for document in (sealed, legacy):
            document = db.session.get(Document, document.id)
            assert document.blob.key_id == "k9" and storage.read(document).startswith(b"%PDF")
        assert db.session.get(Document, slip.id).blob.key_id is None  # no personal data
    finally:
        app.extensions["caseflow_keys"] = original


def test_the_anonymise_command_also_purges_cases_anonymised_before(app, cast, case):
    record = bien_ban(case, cast.clerk)
    case.anonymised_at = utcnow()  # anonymised by an earlier run, its PDF left behind
    db.session.commit()
    output = app.test_cli_runner().invoke(args=["privacy", "anonymise"]).output
    assert "erased 1 stored PDFs" in output
    db.session.expire_all()
    assert db.session.get(Document, record.id).blob.purged_at is not None
