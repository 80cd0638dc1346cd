"""Append audit events to the keyed chain, write checkpoints, and verify the chain."""

from sqlalchemy import select

from ..extensions import db
from . import checkpoints, verification
from .chain import append
from .models import AuditEvent


def record(*, actor, action, object_type, object_id, data=None):
    """Append one event to the chain, in the caller's transaction."""
    return append(db.session, checkpoints.state().key,
                  actor=getattr(actor, "username", None) or actor or "system",
                  action=action, object_type=object_type, object_id=object_id, data=data)


def checkpoint():
    """Write a checkpoint of the committed chain now, in a transaction of its own; return it."""
    if db.session().in_transaction():
        # it would wait for this session's own lock (SQLite's write lock, PostgreSQL's chain lock)
        raise RuntimeError("audit.checkpoint() commits on its own: commit or roll back the session first")
    return checkpoints.write(checkpoints.state())


def verify(batch=5000):
    """Check every event against the key and the chain, and the newest events against the checkpoints."""
    audit = checkpoints.state()
    return verification.verify(audit.key, audit.path, batch=batch)


def checkpoint_path():
    """Where the checkpoints of this application go."""
    return checkpoints.state().path


def for_object(object_type, object_id):
    """The audit events about one object, oldest first."""
    return db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == str(object_id))
        .order_by(AuditEvent.id)
    ).all()
