"""Idempotency-Key: the first response to a key is stored with the work and replayed after.

The record is inserted in the same transaction as the work it answers for, under a unique
(organisation, key) constraint: a retry after a success replays the stored response, a retry
racing the first request waits on the constraint and then replays, and the same key sent with
a different request is refused (422).

A record answers for API_IDEMPOTENCY_HOURS (24 by default, as Stripe): after that it is treated
as absent, whether or not `flask api purge-idempotency` has deleted it yet, and the key may be
used again. A flag retried after the window is still found by (firm, tracking number).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Response, current_app, request
from flask_babel import gettext as _

from caseflow.api.models import IdempotencyRecord
from caseflow.api.problems import problem
from caseflow.db_types import utcnow
from caseflow.extensions import db

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"


def idempotency_key() -> str | None:
    """Return the request's key, or None when it sent none."""
    key = request.headers.get(HEADER, "").strip()
    return key or None


def window_start() -> datetime:
    """Return the creation time before which a record no longer answers."""
    return utcnow() - timedelta(hours=current_app.config["API_IDEMPOTENCY_HOURS"])


def request_fingerprint() -> str:
    """Hash what makes a request the same request: method, path, query and body."""
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.query_string.decode()):
        digest.update(part.encode() + b"\0")
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def replay(organisation_id: int, key: str) -> Response | None:
    """Return the stored answer to this key (or a refusal if the request differs), else None."""
    if len(key) > 200:
        return problem(422, _("Dữ liệu không hợp lệ"), _("Idempotency-Key dài tối đa 200 ký tự."),
                       {HEADER: [_("Idempotency-Key dài tối đa 200 ký tự.")]})
    record = db.session.scalar(sa.select(IdempotencyRecord).where(
        IdempotencyRecord.organisation_id == organisation_id, IdempotencyRecord.key == key,
        IdempotencyRecord.created_at >= window_start()))
    if record is None:
        return None
    if record.request_hash != request_fingerprint():
        message = _("Idempotency-Key này đã được dùng cho một yêu cầu khác.")
        return problem(422, _("Dữ liệu không hợp lệ"), message, {HEADER: [message]})
    response = Response(record.body, status=record.status_code, mimetype="application/json")
    response.headers[REPLAYED] = "true"
    return response


def remember(organisation_id: int, key: str, status: int, body: dict) -> None:
    """Store the answer in the current transaction (the view commits it with the work)."""
    db.session.execute(_expired().where(IdempotencyRecord.organisation_id == organisation_id,
                                        IdempotencyRecord.key == key))  # the key's old answer
    db.session.add(IdempotencyRecord(organisation_id=organisation_id, key=key,
                                     request_hash=request_fingerprint(), status_code=status,
                                     body=json.dumps(body, ensure_ascii=False, default=str)))


def _expired() -> sa.Delete:
    return sa.delete(IdempotencyRecord).where(IdempotencyRecord.created_at < window_start()) \
        .execution_options(synchronize_session=False)


def purge_expired() -> int:
    """Delete the records past the window; return how many (the caller commits)."""
    return db.session.execute(_expired()).rowcount
