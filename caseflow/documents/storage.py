"""Stored PDF bytes: content-addressed, encrypted at rest when they hold personal data."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask_babel import gettext as _

from caseflow.db_types import utcnow
from caseflow.documents.models import Document, DocumentBlob
from caseflow.errors import Gone
from caseflow.extensions import db
from caseflow.privacy.crypto import associated_data, open_bytes, seal_bytes
from caseflow.privacy.keys import keyring


def _aad(sha256: str) -> bytes:
    # Bound to the plaintext's hash: sealed bytes moved under another hash do not open.
    return associated_data("document_blob", "content", sha256)


def store(content: bytes, *, personal_data: bool) -> str:
    """Store a PDF once under the SHA-256 of its plaintext, sealed if it holds personal data."""
    digest = hashlib.sha256(content).hexdigest()
    if db.session.get(DocumentBlob, digest) is None:
        key_id, stored = seal_bytes(content, _aad(digest)) if personal_data else (None, content)
        db.session.add(DocumentBlob(sha256=digest, size=len(content), content=stored,
                                    key_id=key_id))
    return digest


def read(document: Document) -> bytes:
    """Return a document's plaintext PDF (decrypted); Gone once retention purged it."""
    blob = document.blob
    if blob.purged_at is not None:
        raise Gone(_("Tài liệu đã bị xóa theo thời hạn lưu trữ dữ liệu cá nhân; "
                     "số và mã SHA-256 vẫn được lưu để đối chiếu."))
    if blob.key_id is None:  # documents without personal data, and rows stored before 0006
        return blob.content
    return open_bytes(blob.key_id, blob.content, _aad(blob.sha256))


def purge_personal(case_id: int) -> int:
    """Erase the bytes of a case's documents printed with personal data; keep number and hash."""
    return _purge(Document.case_id == case_id)


def purge_anonymised() -> int:
    """Erase what cases anonymised before documents were purged still keep in their PDFs."""
    from caseflow.cases.models import Case

    anonymised = sa.select(Case.id).where(Case.anonymised_at.is_not(None))
    return _purge(Document.case_id.in_(anonymised))


def _purge(which: sa.ColumnElement[bool]) -> int:
    blobs = db.session.scalars(
        sa.select(DocumentBlob).join(Document, Document.sha256 == DocumentBlob.sha256)
        .where(which, Document.personal_data.is_(True),
               DocumentBlob.purged_at.is_(None)).distinct()).all()
    for blob in blobs:
        blob.content, blob.key_id, blob.purged_at = b"", None, utcnow()
    return len(blobs)


def reseal_all(*, batch: int = 100) -> int:
    """Encrypt under the current key every stored PDF with personal data that is not: sealed
    under an older key (rotation) or stored in plaintext before 0006; return how many."""
    current, done = keyring().current, 0
    personal = sa.select(Document.sha256).where(Document.personal_data.is_(True))
    stale = sa.select(DocumentBlob.sha256).where(
        DocumentBlob.purged_at.is_(None),
        sa.or_(sa.and_(DocumentBlob.key_id.is_not(None), DocumentBlob.key_id != current),
               sa.and_(DocumentBlob.key_id.is_(None), DocumentBlob.sha256.in_(personal))))
    for digest in db.session.scalars(stale).all():
        blob = db.session.get(DocumentBlob, digest)
        plain = blob.content if blob.key_id is None else open_bytes(blob.key_id, blob.content,
                                                                     _aad(digest))
        blob.key_id, blob.content = seal_bytes(plain, _aad(digest))
        done += 1
        if done % batch == 0:
            db.session.flush()
    return done
