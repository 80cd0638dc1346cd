"""The sweeper: the database is the truth, Redis only carries work; this puts back what Redis lost.

Every SWEEP_INTERVAL seconds one process (a Redis lock elects it among the workers) relays outbox
entries that never reached Redis, then asks each registered job's due-work source (`@job(due=...)`)
for what falls due soon (indexed queries on due columns) and revives each item whose job Redis does
not have, holds as failed or finished, or started so long ago that its worker must have died.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from rq.registry import ScheduledJobRegistry

from ..db import utcnow
from ..extensions import db
from . import outbox, queue, registry

log = logging.getLogger(__name__)
SCHEDULER_GRACE = timedelta(seconds=2)  # a scheduled job this late was not moved: its scheduler is gone
FAILED_COOLDOWN = timedelta(seconds=60)
LOCK_KEY = "pactum:sweeper"


@dataclass(frozen=True)
class SweepResult:
    relayed: int
    revived: int


def _alive(state, now, stale_after):
    if state.status in ("queued", "deferred"):
        return True
    if state.status == "scheduled":  # a retry waiting for its interval, or work due later
        return state.scheduled_for is not None and state.scheduled_for > (now - SCHEDULER_GRACE).timestamp()
    if state.status == "started":
        return state.started_at is not None and state.started_at > now - stale_after
    if state.status == "failed":  # RQ gave up retrying: try again, but not at every sweep
        return state.ended_at is not None and state.ended_at > now - FAILED_COOLDOWN
    return False  # unknown to Redis, or finished/stopped/canceled while the work is still due


def due_work(until):
    """[(job name, Due)] of every registered job's work due before `until`."""
    return [(job.name, item) for job in registry.declared().values() if job.due for item in job.due(until=until)]


def revive(conn, due_items, *, now, stale_after):
    """Enqueue (or schedule) each (job name, Due) whose job is not alive; return how many were revived."""
    states = queue.job_states(conn, [item.key for _name, item in due_items])
    scheduled = ScheduledJobRegistry(queue=queue.queue(conn))
    revived = 0
    for name, item in due_items:
        state = states[item.key]
        if _alive(state, now, stale_after):
            continue
        if state.scheduled_for is not None:
            scheduled.remove(item.key)
        queue.put(conn, job=name, job_id=item.key, kwargs=item.kwargs, run_at=item.at,
                  force=state.status is not None)
        revived += 1
    return revived


def sweep(conn, *, now=None):
    """Relay the outbox and revive lost due work, in one transaction; return what was done."""
    now = now or utcnow()
    interval = current_app.config["SWEEP_INTERVAL"]
    stale_after = timedelta(seconds=current_app.config["JOB_STALE_AFTER"])
    relayed = outbox.relay(conn, now=now)
    until = now + timedelta(seconds=max(10.0, 3 * interval))
    due_items = due_work(until)
    revived = revive(conn, due_items, now=now, stale_after=stale_after) if due_items else 0
    outbox.prune(now=now)
    db.session.commit()
    if relayed or revived:
        log.info("sweeper: handed %d outbox entries to RQ, revived %d lost jobs", relayed, revived)
    return SweepResult(relayed, revived)


def try_sweep(conn, token):
    """Sweep when no other process swept in the last interval (a Redis lock elects one); None when skipped."""
    interval_ms = int(current_app.config["SWEEP_INTERVAL"] * 1000)
    if not conn.set(LOCK_KEY, token, nx=True, px=max(interval_ms - 50, 100)):
        return None
    return sweep(conn)
