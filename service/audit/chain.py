"""The chain rule: how an event's hash is made from its content and the hash before it, and appending.

Events written before the key existed carry a plain SHA-256 (scheme 'sha256'); every event since carries
an HMAC-SHA256 under the audit key (scheme 'hmac'), which also covers its position in the chain. Without
the key nobody can edit, forge or re-chain an event so that it verifies.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from sqlalchemy import select, text

from ..db import utcnow
from .models import AuditEvent

GENESIS = "0" * 64
SHA256, HMAC = "sha256", "hmac"
SCHEMES = (SHA256, HMAC)
CHAIN_LOCK = 7_245_001  # PostgreSQL advisory lock id that serialises appends to the chain
APPENDED = "pactum_audit_appended"  # session.info: the seq of the last event this transaction appended


def canonical_json(value):
    """JSON with sorted keys and no spaces: the same bytes for the same content."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _content(event, keyed):
    content = {
        "prev_hash": event.prev_hash,
        "created_at": event.created_at.isoformat(),
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
    }
    if keyed:
        content["seq"] = event.seq
    return canonical_json(content).encode()


def digest(event, key):
    """The hash event must carry under its scheme (None for a scheme that does not exist)."""
    if event.scheme == HMAC:
        return hmac.new(key, _content(event, True), hashlib.sha256).hexdigest()
    if event.scheme == SHA256:
        return hashlib.sha256(_content(event, False)).hexdigest()
    return None


def rechained_without_key(event):
    """True when event carries a plain SHA-256 of its content where a keyed hash belongs."""
    return event.hash in {hashlib.sha256(_content(event, keyed)).hexdigest() for keyed in (True, False)}


@dataclass(frozen=True)
class Head:
    """The newest event of the chain: its position, id and hash."""

    seq: int
    id: int
    hash: str


def head(connection):
    """The newest event the connection can see (committed ones, outside a transaction), or None."""
    row = connection.execute(
        select(AuditEvent.seq, AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    return Head(*row) if row else None


def append(session, key, *, actor, action, object_type, object_id, data):
    """Append one keyed event in the session's transaction, after the newest one it can see."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": CHAIN_LOCK})
    last = head(session)
    event = AuditEvent(
        seq=last.seq + 1 if last else 1,
        scheme=HMAC,
        created_at=utcnow(),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        data=canonical_json(data or {}),
        prev_hash=last.hash if last else GENESIS,
    )
    event.hash = digest(event, key)
    session.add(event)
    session.flush()
    session.info[APPENDED] = event.seq  # the after-commit hook (checkpoints.py) sees that the chain grew
    return event
