"""Write jobs in the caller's transaction; hand them to RQ after it commits; relay what Redis missed.

The handoff after commit only talks to Redis: whether a job reached it is settled by the sweeper
(relay), which checks the jobs of entries older than a few seconds and marks them handed in one
batch, so a busy transaction pays for no second database write.
"""

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import has_app_context
from redis.exceptions import RedisError
from sqlalchemy import delete, event, select, update
from sqlalchemy.orm import Session

from ..db import utcnow
from ..extensions import db
from . import queue, registry
from .models import OutboxEntry

log = logging.getLogger(__name__)
_NOT_IN_JOB_IDS = re.compile(r"[^A-Za-z0-9_-]")
JOB_KEY = re.compile(r"^[A-Za-z0-9_-]{1,200}$")  # what RQ takes as a job id, and what the outbox column holds
_PENDING = "pactum_outbox"
HANDOFF_GRACE = timedelta(seconds=2)  # younger entries may still be in their after-commit handoff
RETENTION = timedelta(days=2)


@dataclass(frozen=True)
class Pending:
    id: int
    job: str
    job_id: str
    kwargs: dict
    run_at: datetime | None


def _key_part(part):
    text = str(int(part.timestamp() * 1000)) if isinstance(part, datetime) else str(part)
    return _NOT_IN_JOB_IDS.sub("_", text)  # RQ takes letters, digits, '_' and '-' only


def job_key(*parts):
    """A deterministic job id from its parts, e.g. job_key('timer', 12, due) -> 'timer-12-1767225600000'."""
    return "-".join(_key_part(p) for p in parts)


def schedule(*, job, key, run_at=None, **kwargs):
    """Run the registered job `job` at run_at, or now, once this transaction commits; `key` is its id."""
    registry.get(job)
    if not JOB_KEY.match(key):
        raise ValueError(f"job key {key!r} must be 1 to 200 letters, digits, '_' or '-'; build it with job_key()")
    if run_at is not None and run_at.tzinfo is None:
        raise ValueError("run_at must be timezone-aware")
    entry = OutboxEntry(job=job, job_id=key, kwargs=kwargs, run_at=run_at)
    db.session.add(entry)
    return entry


@event.listens_for(Session, "after_flush")
def _collect(session, flush_context):
    for obj in session.new:
        if isinstance(obj, OutboxEntry):
            session.info.setdefault(_PENDING, []).append(
                Pending(obj.id, obj.job, obj.job_id, dict(obj.kwargs), obj.run_at))


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_commit")
def _hand_over_after_commit(session):
    pending = session.info.pop(_PENDING, None)
    if pending and has_app_context():
        hand_over(pending)


def hand_over(pending, conn=None):
    """Put committed entries on the queue; a Redis error leaves the rest to the sweeper. Return how many went."""
    conn = conn or queue.connection()
    sent = 0
    try:
        for entry in pending:
            queue.put(conn, job=entry.job, job_id=entry.job_id, kwargs=entry.kwargs, run_at=entry.run_at)
            sent += 1
    except RedisError as exc:
        log.warning("Redis is unavailable; %d job(s) wait in the outbox for the sweeper: %s",
                    len(pending) - sent, exc)
    except Exception:
        # The transaction has committed: never fail it now; the sweeper retries the entry and logs again.
        log.exception("could not hand %d outbox entries to RQ; the sweeper will retry", len(pending) - sent)
    return sent


def relay(conn, *, now=None, limit=500):
    """Hand over entries older than the handoff grace whose job Redis does not have; mark them handed."""
    now = now or utcnow()
    entries = db.session.scalars(
        select(OutboxEntry).where(OutboxEntry.handed_at.is_(None), OutboxEntry.created_at <= now - HANDOFF_GRACE)
        .order_by(OutboxEntry.created_at).limit(limit)
    ).all()
    if not entries:
        return 0
    states = queue.job_states(conn, [e.job_id for e in entries])
    missing = [Pending(e.id, e.job, e.job_id, e.kwargs, e.run_at) for e in entries if states[e.job_id].status is None]
    sent = hand_over(missing, conn) if missing else 0
    handed = [e.id for e in entries if states[e.job_id].status is not None] + [p.id for p in missing[:sent]]
    if handed:
        db.session.execute(update(OutboxEntry).where(OutboxEntry.id.in_(handed)).values(handed_at=now))
    return sent


def prune(*, now=None):
    """Delete entries handed over longer ago than the retention period."""
    now = now or utcnow()
    db.session.execute(delete(OutboxEntry).where(OutboxEntry.handed_at < now - RETENTION))


def waiting_count():
    """How many entries wait to be handed to RQ."""
    return db.session.scalar(select(db.func.count()).select_from(OutboxEntry).where(OutboxEntry.handed_at.is_(None)))
