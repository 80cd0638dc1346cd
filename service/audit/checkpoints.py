"""Signed checkpoints of the audit chain, appended to a file outside the database and recorded in the log.

A checkpoint says "at this time the chain had `seq` events, the newest being event `event` with hash
`hash`", signed with the audit key (an HMAC over its canonical JSON). That newest event is the
audit.checkpoint event the checkpoint itself recorded, so deleting the newest events, the checkpoint's
own included, or rewriting the chain disagrees with a line nobody can forge without the key.

Checkpoints are written after a commit that appended events, at most every AUDIT_CHECKPOINT_EVERY events or
AUDIT_CHECKPOINT_SECONDS seconds, and by `flask audit checkpoint|verify`. The checkpoint event is committed
in a transaction of its own before its line is written, so a line only ever claims committed events: a
transaction that rolls back, or a savepoint that does, leaves nothing to claim.
"""

import hashlib
import hmac
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..db import utcnow
from ..extensions import db
from . import chain
from .keys import key_id, load_key

log = logging.getLogger(__name__)
FIELDS = ("seq", "event", "hash", "at", "key")
_WRITING = "pactum_audit_checkpointing"  # session.info of the session that records a checkpoint event
_SETUP = threading.Lock()


class AuditState:
    """What one application needs to keep the chain: its key, where checkpoints go, when the next is due."""

    def __init__(self, app):
        self.key = load_key(app)
        self.key_id = key_id(self.key)
        self.path = app.config.get("AUDIT_CHECKPOINTS") or os.path.join(app.instance_path, "audit-checkpoints.log")
        self.every = int(app.config.get("AUDIT_CHECKPOINT_EVERY", 100))
        self.seconds = float(app.config.get("AUDIT_CHECKPOINT_SECONDS", 60))
        self.writing = threading.Lock()
        self.last = None  # (seq, time) of the newest checkpoint this process knows of

    def due(self, seq, newest=None):
        """True when a checkpoint should follow the commit that made the chain `seq` events long, given the
        newest checkpoint (seq, time) known: this process's, or the file's last line on first use."""
        if newest is None:
            if self.last is None:
                self.last = last_checkpoint(self.path) or (0, None)
            newest = self.last
        last_seq, last_at = newest
        return last_at is None or seq - last_seq >= self.every or (utcnow() - last_at).total_seconds() >= self.seconds


def state(app=None):
    """The audit state of app (the current one by default), made on first use: the key is read then."""
    app = app or current_app._get_current_object()
    audit = app.extensions.get("pactum_audit")
    if audit is None:
        with _SETUP:
            audit = app.extensions.get("pactum_audit") or AuditState(app)
            app.extensions["pactum_audit"] = audit
    return audit


@dataclass(frozen=True)
class Line:
    """One line of the checkpoint file: its number, the checkpoint if it parsed, and what is wrong with it."""

    number: int
    checkpoint: dict | None
    problem: str | None = None


def sign(key, body):
    return hmac.new(key, chain.canonical_json({k: body[k] for k in FIELDS}).encode(), hashlib.sha256).hexdigest()


def read(path, key):
    """Every line of the checkpoint file, checked against the key; None when the file does not exist."""
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            text = file.read()
    except FileNotFoundError:
        return None
    return [_parse(number, raw, key) for number, raw in enumerate(text.splitlines(), 1) if raw.strip()]


def _parse(number, raw, key):
    try:
        body = json.loads(raw)
        if not isinstance(body, dict) or any(k not in body for k in (*FIELDS, "mac")):
            raise ValueError("fields missing")
        if not isinstance(body["seq"], int) or not isinstance(body["event"], int):
            raise ValueError("seq and event must be numbers")
        datetime.fromisoformat(body["at"])
    except (ValueError, TypeError) as exc:
        return Line(number, None, f"is not a checkpoint ({exc}): it was tampered with")
    if not hmac.compare_digest(str(body["mac"]), sign(key, body)):
        return Line(number, body, "is not signed with the audit key: it was tampered with or forged")
    return Line(number, body)


def last_checkpoint(path):
    """(seq, time) of the last line of the checkpoint file, not checked: it only decides when the next is due."""
    try:
        with open(path, "rb") as file:
            file.seek(max(os.fstat(file.fileno()).st_size - 4096, 0))
            tail = file.read().splitlines()
        body = json.loads(tail[-1])
        at = datetime.fromisoformat(body["at"])
        return (body["seq"], at) if isinstance(body["seq"], int) and at.tzinfo else None
    except (OSError, IndexError, ValueError, KeyError, TypeError):
        return None


def write(audit, *, seq=None):
    """Checkpoint the chain: record an audit.checkpoint event and commit it, then append a signed line naming
    that event (fsynced), so that the line covers every event up to and including its own.

    With seq (the length a commit just made the chain), return None instead when the file's last line,
    written by another process meanwhile, is recent enough.
    """
    if seq is not None:
        newest = last_checkpoint(audit.path)
        if newest and not audit.due(seq, newest):
            audit.last = newest
            return None
    at = utcnow()
    with Session(db.engine) as session:
        session.info[_WRITING] = True
        event = chain.append(session, audit.key, actor="system", action="audit.checkpoint", object_type="audit",
                             object_id="checkpoints", data={"at": at.isoformat(), "key": audit.key_id})
        body = {"seq": event.seq, "event": event.id, "hash": event.hash, "at": at.isoformat(), "key": audit.key_id}
        session.commit()
    body["mac"] = sign(audit.key, body)
    _append_line(audit.path, chain.canonical_json(body))
    audit.last = (body["seq"], at)
    return body


def _append_line(path, line):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())  # one write in append mode: lines of processes do not interleave
        os.fsync(fd)
    finally:
        os.close(fd)


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(chain.APPENDED, None)


@event.listens_for(Session, "after_commit")
def _checkpoint_after_commit(session):
    seq = session.info.pop(chain.APPENDED, None)
    if seq is None or session.info.get(_WRITING) or not has_app_context():
        return
    try:
        audit = state()
        if not audit.due(seq) or not audit.writing.acquire(blocking=False):
            return  # not yet, or another thread of this process is writing one now
        try:
            write(audit, seq=seq)
        finally:
            audit.writing.release()
    except Exception:
        # The transaction has committed: never fail it now. The next commit that appends events tries again.
        log.exception("could not write an audit checkpoint; the next commit that audits something tries again")
