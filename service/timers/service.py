"""Timer health: the record of every firing (due and actual time) and what is pending, due and overdue.

Domains that fire timers (process instances, key-date reminders) record each firing here.
"""

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..contracts.models import Contract
from ..db import utcnow
from ..errors import Forbidden
from ..extensions import db
from ..jobs import outbox
from ..key_dates.models import PENDING, KeyDate, Reminder
from ..processes.models import ProcessInstance
from .models import TimerFiring

HEALTH_VIEWERS = ("admin",)
LISTED = 50  # timers the health report lists, soonest due first
OVERDUE_AFTER = timedelta(seconds=5)


@dataclass(frozen=True)
class PendingTimer:
    """A timer that has not fired: a process instance's next timer or a key-date reminder."""

    kind: str  # process, reminder
    name: str  # process: the timer's name in its diagram; reminder: the key date's kind
    days_before: int | None  # reminders: days before the key date
    contract_id: int | None
    contract_number: str | None
    due_at: datetime
    state: str  # pending, due, overdue


def lateness_ms(*, due, fired_at, set_up_at=None):
    """How late a firing was, in ms: from its due time, or from when it was set up if that was later
    (a reminder set up after its hour on its own day cannot fire before it exists)."""
    start = max(due, set_up_at) if set_up_at is not None and fired_at >= due else due
    return int((fired_at - start).total_seconds() * 1000)


def record(*, kind, object_id, due, fired_at, set_up_at=None):
    """Record one firing (kind 'process' or 'reminder') with its due and actual time; return its lateness in ms."""
    lateness = lateness_ms(due=due, fired_at=fired_at, set_up_at=set_up_at)
    db.session.add(TimerFiring(kind=kind, object_id=object_id, due_at=due, fired_at=fired_at, lateness_ms=lateness,
                               worker=f"{socket.gethostname()}:{os.getpid()}"))
    return lateness


def may_see_health(user):
    """True when the user may see timer health: admins."""
    return user is not None and user.has_role(*HEALTH_VIEWERS)


def _percentile(ordered, p):
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _timer_count(upto=None):
    instances = select(func.count()).select_from(ProcessInstance).where(ProcessInstance.next_timer_due.is_not(None))
    reminders = select(func.count()).select_from(Reminder).where(Reminder.status == PENDING)
    if upto is not None:
        instances = instances.where(ProcessInstance.next_timer_due <= upto)
        reminders = reminders.where(Reminder.due_at <= upto)
    return db.session.scalar(instances) + db.session.scalar(reminders)


def _next_due():
    found = [db.session.scalar(select(func.min(ProcessInstance.next_timer_due))),
             db.session.scalar(select(func.min(Reminder.due_at)).where(Reminder.status == PENDING))]
    found = [d for d in found if d is not None]
    return min(found) if found else None


def _state(due, now, overdue_after):
    return "overdue" if due <= now - overdue_after else "due" if due <= now else "pending"


def pending_timers(*, now, limit=LISTED, overdue_after=OVERDUE_AFTER):
    """The timers that have not fired, soonest due first (at most `limit`), each with its contract and state."""
    instances = db.session.execute(
        select(ProcessInstance.next_timer_name, ProcessInstance.next_timer_due, Contract.id, Contract.number)
        .outerjoin(Contract, Contract.id == ProcessInstance.contract_id)
        .where(ProcessInstance.next_timer_due.is_not(None))
        .order_by(ProcessInstance.next_timer_due, ProcessInstance.id).limit(limit)).all()
    reminders = db.session.execute(
        select(KeyDate.kind, Reminder.days_before, Reminder.due_at, Contract.id, Contract.number)
        .join(KeyDate, KeyDate.id == Reminder.key_date_id).join(Contract, Contract.id == Reminder.contract_id)
        .where(Reminder.status == PENDING).order_by(Reminder.due_at, Reminder.id).limit(limit)).all()
    found = [PendingTimer("process", name or "", None, cid, number, due, _state(due, now, overdue_after))
             for name, due, cid, number in instances]
    found += [PendingTimer("reminder", kind, days, cid, number, due, _state(due, now, overdue_after))
              for kind, days, due, cid, number in reminders]
    return sorted(found, key=lambda t: t.due_at)[:limit]


def health(*, viewer, hours=24, overdue_after=OVERDUE_AFTER):
    """Pending, due and overdue timers now, and how late the firings of the last hours were (percentiles, ms).

    Admins only; viewer None is the operator at the command line.
    """
    if viewer is not None and not may_see_health(viewer):
        raise Forbidden("only admins see timer health")
    now = utcnow()
    lateness = sorted(db.session.scalars(
        select(TimerFiring.lateness_ms).where(TimerFiring.fired_at >= now - timedelta(hours=hours))))
    failing = select(func.count()).select_from(ProcessInstance).where(
        ProcessInstance.last_error.is_not(None), ProcessInstance.next_timer_due.is_not(None))
    return {
        "now": now,
        "pending": _timer_count(),
        "due": _timer_count(now),
        "overdue": _timer_count(now - overdue_after),
        "failing": db.session.scalar(failing),
        "next_due": _next_due(),
        "waiting_in_outbox": outbox.waiting_count(),
        "window_hours": hours,
        "fired": len(lateness),
        "early": sum(1 for v in lateness if v < 0),
        "lateness_ms": {"p50": _percentile(lateness, 50), "p90": _percentile(lateness, 90),
                        "p99": _percentile(lateness, 99), "max": lateness[-1] if lateness else None},
        "timers": pending_timers(now=now, overdue_after=overdue_after),
    }
