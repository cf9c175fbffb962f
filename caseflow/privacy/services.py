"""Reveal, look up, log, anonymise and re-key personal data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from caseflow import permissions
from caseflow.accounts.models import User
from caseflow.audit import services as audit
from caseflow.cases.models import Case
from caseflow.cases.privacy import PERSONAL_FIELDS, parties_for
from caseflow.db_types import utcnow
from caseflow.errors import NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.privacy import normalise
from caseflow.privacy.crypto import blind_index, key_id_of
from caseflow.privacy.fields import encrypted_fields
from caseflow.privacy.keys import keyring


def parties_for_page(user: User, case: Case) -> tuple[dict[str, str], bool]:
    """Return the parties as the user may see them; an unmasked view is logged."""
    parties, masked = parties_for(user, case)
    if not masked and any(parties.values()):
        audit.record("personal_data.view", actor=user, object_type="case", object_id=case.id,
                     case_id=case.id)
    return parties, masked


def reveal(case: Case, *, actor: User, reason: str) -> dict[str, str]:
    """Unmask one case's personal data for one page view, logging who, why and when."""
    if not permissions.can_reveal(actor, case):
        raise NotAllowed(_("Bạn không có quyền xem thông tin cá nhân của hồ sơ này."))
    reason = (reason or "").strip()
    if len(reason) < 10:
        message = _("Vui lòng nêu rõ lý do (ít nhất 10 ký tự).")
        raise ValidationFailed(message, {"reason": [message]})
    audit.record("personal_data.reveal", actor=actor, object_type="case", object_id=case.id,
                 case_id=case.id, reason=reason)
    return {name: getattr(case, name) or "" for name in PERSONAL_FIELDS}


def lookup(user: User, *, kind: str, value: str) -> sa.Select:
    """Return the user's visible cases whose sender or recipient has this phone or ID number."""
    if kind == "phone":
        normalised = normalise.phone(value)
        columns = (Case.sender_phone_index, Case.recipient_phone_index)
    else:
        normalised = normalise.id_number(value)
        columns = (Case.sender_id_index,)
    if not normalised:
        message = _("Số điện thoại hoặc số giấy tờ không hợp lệ.")
        raise ValidationFailed(message, {"value": [message]})
    digest = blind_index(kind, normalised)
    audit.record("personal_data.lookup", actor=user, object_type="case", object_id=None,
                 kind=kind)
    return permissions.visible_cases(user).where(sa.or_(*(c == digest for c in columns))) \
        .order_by(Case.created_at.desc())


def anonymise_closed_before(cutoff: datetime, *, batch: int = 500) -> int:
    """Blank the personal data of cases closed before the cutoff, and erase the stored PDFs
    printed with it (their numbers and hashes stay); statistics stay."""
    from caseflow.documents.storage import purge_personal

    done = 0
    while True:
        cases = db.session.scalars(
            sa.select(Case).where(Case.closed_at < cutoff, Case.anonymised_at.is_(None))
            .limit(batch)).all()
        if not cases:
            return done
        for case in cases:
            for name in PERSONAL_FIELDS:
                setattr(case, name, "")
            case.anonymised_at = utcnow()
            purged = purge_personal(case.id)
            audit.record("personal_data.anonymise", actor=None, object_type="case",
                         object_id=case.id, case_id=case.id, documents_purged=purged)
        db.session.commit()  # a command, not a request: each batch stands on its own
        done += len(cases)


def rotate_keys(*, batch: int = 500, progress: Callable[[int, int], None] | None = None) -> int:
    """Re-encrypt every value not under the current key, batch by batch; return how many rows."""
    current, fields = keyring().current, encrypted_fields(Case)
    total = db.session.scalar(sa.select(sa.func.count(Case.id))) or 0
    done, last_id, changed = 0, 0, 0
    while True:
        cases = db.session.scalars(sa.select(Case).where(Case.id > last_id)
                                   .order_by(Case.id).limit(batch)).all()
        if not cases:
            return changed
        for case in cases:
            stale = [f for f in fields.values()
                     if getattr(case, f.column) and key_id_of(getattr(case, f.column)) != current]
            changed += bool(stale)
            for field in stale:
                field.reencrypt(case)
        last_id, done = cases[-1].id, done + len(cases)
        db.session.commit()  # a command: commit per batch so a long rotation can resume
        if progress:
            progress(done, total)
