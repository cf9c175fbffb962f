"""Seal audit events into the HMAC chain at commit, and verify the chain."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from caseflow.audit.models import AuditEvent, AuditHead
from caseflow.database import insert_ignoring_conflict, insert_rows
from caseflow.privacy.keys import keyring

GENESIS = "0" * 64
PENDING = "caseflow_pending_audit"
#: The fields an event's HMAC covers, in order.
SEALED_FIELDS = ("seq", "occurred_at", "actor_id", "actor_role", "organisation_id", "action",
                 "object_type", "object_id", "case_id", "reason", "ip", "payload")
STORED_FIELDS = (*SEALED_FIELDS, "prev_hash", "hash")


def canonical(event_row: AuditEvent) -> bytes:
    """Serialise the sealed fields deterministically."""
    values: dict[str, Any] = {f: getattr(event_row, f) for f in SEALED_FIELDS}
    values["occurred_at"] = values["occurred_at"].strftime("%Y-%m-%dT%H:%M:%S.%f")
    return json.dumps(values, sort_keys=True, ensure_ascii=False, default=str).encode()


def seal_hash(key: bytes, prev_hash: str, event_row: AuditEvent) -> str:
    """HMAC-SHA256 over the previous hash and this event."""
    return hmac.new(key, prev_hash.encode() + b"|" + canonical(event_row),
                    hashlib.sha256).hexdigest()


def queue(session: Session, event_row: AuditEvent) -> None:
    """Hold an event until the transaction commits (where it is sealed and inserted)."""
    if not session.in_transaction():
        session.begin()  # so that a rollback, even before any SQL, fires and drops the queue
    session.info.setdefault(PENDING, []).append(event_row)


def pending(session: Session) -> list[AuditEvent]:
    """Return the events this transaction will seal."""
    return list(session.info.get(PENDING, []))


def _lock_head(session: Session) -> tuple[int, str]:
    """Take the head row's lock (the UPDATE queues concurrent sealers) and read it."""
    insert_ignoring_conflict(session, AuditHead, id=1, seq=0, hash=GENESIS)
    row = session.execute(sa.update(AuditHead).where(AuditHead.id == 1)
                          .values(seq=AuditHead.seq)
                          .returning(AuditHead.seq, AuditHead.hash)).one()
    return row.seq, row.hash


def seal_pending(session: Session) -> None:
    """Chain and insert this transaction's events; runs just before COMMIT."""
    events = session.info.pop(PENDING, [])
    if not events:
        return
    # Sealing takes the head lock last, right before commit, so no transaction holds it while
    # waiting for another lock: appenders queue, they never deadlock.
    seq, prev = _lock_head(session)
    key = keyring().audit_key
    rows = []
    for event_row in events:
        seq += 1
        event_row.seq, event_row.prev_hash = seq, prev
        event_row.hash = prev = seal_hash(key, prev, event_row)
        rows.append({name: getattr(event_row, name) for name in STORED_FIELDS})
    # One executemany (a bulk intake seals 500 events): the queued objects stay transient.
    insert_rows(session, AuditEvent.__table__, rows)
    session.execute(sa.update(AuditHead).where(AuditHead.id == 1).values(seq=seq, hash=prev))


def forget_pending(session: Session, _previous_transaction=None) -> None:
    """Drop the events of a transaction that rolled back."""
    session.info.pop(PENDING, None)


def install(scoped_session) -> None:
    """Seal at every commit, and forget queued events on rollback (once per process)."""
    if not event.contains(scoped_session, "before_commit", seal_pending):
        event.listen(scoped_session, "before_commit", seal_pending)
        # The soft rollback fires even when no SQL had run yet (events are only queued).
        event.listen(scoped_session, "after_soft_rollback", forget_pending)


@dataclass
class VerifyResult:
    """What a walk of the chain found."""

    checked: int
    head_seq: int
    first_broken: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken is None and not self.problem


def verify(session: Session, *, checkpoint: Path | None = None, batch: int = 5000
           ) -> VerifyResult:
    """Walk the chain in order; report the first sequence number whose link or HMAC fails."""
    key, prev, expected, checked = keyring().audit_key, GENESIS, 1, 0
    last_id = 0
    while True:
        rows = session.scalars(sa.select(AuditEvent).where(AuditEvent.seq > last_id)
                               .order_by(AuditEvent.seq).limit(batch)).all()
        if not rows:
            break
        for row in rows:
            if row.seq != expected or row.prev_hash != prev or \
                    not hmac.compare_digest(row.hash, seal_hash(key, prev, row)):
                return VerifyResult(checked, expected - 1, first_broken=expected,
                                    problem="broken link" if row.seq == expected else "gap")
            prev, expected, checked = row.hash, expected + 1, checked + 1
        last_id = rows[-1].seq
        session.expunge_all()
    result = VerifyResult(checked, expected - 1)
    _check_head_and_checkpoint(session, result, prev, checkpoint)
    return result


def _check_head_and_checkpoint(session: Session, result: VerifyResult, last_hash: str,
                               checkpoint: Path | None) -> None:
    head = session.get(AuditHead, 1)
    if head is None and result.head_seq > 0:
        result.problem = f"audit_head row is missing (chain ends at {result.head_seq})"
    elif head is not None and (head.seq, head.hash) != (result.head_seq, last_hash):
        result.problem = f"head row says {head.seq}, chain ends at {result.head_seq}"
        result.first_broken = min(head.seq, result.head_seq) + 1
    if checkpoint is None:
        return
    if not checkpoint.exists():  # deleting the file must not make a cut chain look whole
        result.problem = result.problem or (
            f"checkpoint file {checkpoint} is missing, so a cut-off tail cannot be detected"
            " (write one with `flask --app wsgi audit checkpoint`)")
        return
    try:
        mark = json.loads(checkpoint.read_text())
        mark = {"seq": int(mark["seq"]), "hash": str(mark["hash"])}
    except (ValueError, KeyError, TypeError):
        result.problem = result.problem or f"checkpoint file {checkpoint} is unreadable"
        return
    if mark["seq"] > result.head_seq:
        result.problem = f"chain ends at {result.head_seq}, checkpoint saw {mark['seq']}"
        result.first_broken = result.head_seq + 1
    else:
        row = session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == mark["seq"]))
        if row is not None and row.hash != mark["hash"]:
            result.problem = f"event {mark['seq']} differs from the checkpoint"
            result.first_broken = mark["seq"]


def write_checkpoint(session: Session, path: Path) -> tuple[int, str]:
    """Save the head (sequence, hash) to a file outside the database."""
    head = session.get(AuditHead, 1)
    seq, hash_ = (head.seq, head.hash) if head else (0, GENESIS)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"seq": seq, "hash": hash_}))
    tmp.replace(path)
    return seq, hash_
