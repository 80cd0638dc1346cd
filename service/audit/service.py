"""Append audit events to the hash chain and verify the chain."""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select, text

from ..db import utcnow
from ..extensions import db
from .models import AuditEvent

GENESIS = "0" * 64
_CHAIN_LOCK = 7_245_001  # PostgreSQL advisory lock id that serialises appends to the chain


def canonical_json(value):
    """JSON with sorted keys and no spaces: the same bytes for the same content."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _digest(event):
    content = {
        "prev_hash": event.prev_hash,
        "created_at": event.created_at.isoformat(),
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
    }
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def record(*, actor, action, object_type, object_id, data=None):
    """Append one event to the chain, in the caller's transaction."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _CHAIN_LOCK})
    last = db.session.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).scalar()
    event = AuditEvent(
        created_at=utcnow(),
        actor=getattr(actor, "username", None) or actor or "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        data=canonical_json(data or {}),
        prev_hash=last or GENESIS,
    )
    event.hash = _digest(event)
    db.session.add(event)
    db.session.flush()
    return event


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken_at: int | None = None
    reason: str | None = None

    @property
    def ok(self):
        return self.broken_at is None


def verify(batch=5000):
    """Walk the chain in order; report the first event whose link or content does not match."""
    previous, checked, last_id = GENESIS, 0, 0
    while True:
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not events:
            return VerifyResult(checked)
        for event in events:
            if event.prev_hash != previous:
                return VerifyResult(checked, event.id, "the previous event was changed or deleted")
            if _digest(event) != event.hash:
                return VerifyResult(checked, event.id, "this event's content was changed")
            previous, checked, last_id = event.hash, checked + 1, event.id
        db.session.expunge_all()


def for_object(object_type, object_id):
    """The audit events about one object, oldest first."""
    return db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == str(object_id))
        .order_by(AuditEvent.id)
    ).all()
