"""Fire due timers (process instances and key-date reminders): on time, never early, once; and timer health.

A firing locks its row, checks that the work is still due, does it and records due and actual
time, all in the job's one transaction: a second run of the same job finds nothing due.
"""

import logging
import os
import socket
from datetime import datetime, timedelta

from redis.exceptions import RedisError
from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from workflows import TaskFailed

from ..audit import service as audit
from ..db import utcnow
from ..extensions import db
from ..inbox.models import OPEN, Task
from ..jobs import outbox, queue
from ..notifications import service as notifications
from ..processes import service as processes
from ..processes.engine import engine
from ..processes.models import ProcessInstance
from . import scheduling
from .models import PENDING, SENT, Reminder, TimerFiring

log = logging.getLogger(__name__)
ACTOR = "timer"
BATCH = 50  # firings one job may do when many instances are due at once


def _record(kind, object_id, due, fired_at):
    lateness = int((fired_at - due).total_seconds() * 1000)
    db.session.add(TimerFiring(kind=kind, object_id=object_id, due_at=due, fired_at=fired_at, lateness_ms=lateness,
                               worker=f"{socket.gethostname()}:{os.getpid()}"))
    return lateness


def _open_task_ids(instance_id):
    return set(db.session.scalars(select(Task.id).where(Task.instance_id == instance_id, Task.status == OPEN)))


def _announce(instance, status_before, tasks_before):
    contract = instance.contract
    if contract is None:
        return
    about = {"contract": contract.number, "title": contract.title}
    if contract.status != status_before and contract.status == "expired":
        notifications.notify(user=contract.owner, kind="expired", contract=contract,
                             params={**about, "date": contract.end_date.isoformat()})
    new_tasks = db.session.scalars(select(Task).where(Task.instance_id == instance.id, Task.status == OPEN,
                                                      Task.id.not_in(tasks_before))).all()
    for task in new_tasks:
        if task.assignee is not None:
            notifications.notify(user=task.assignee, kind="task", contract=contract,
                                 params={**about, "task": task.title, "task_id": task.id})


def _locked_instances(*conditions, limit=None, skip_locked=False):
    # The version (with its diagram sources) is not needed to fire: the engine resolves specs by hash.
    query = (select(ProcessInstance).where(*conditions).options(lazyload(ProcessInstance.version))
             .order_by(ProcessInstance.next_timer_due).limit(limit)
             .with_for_update(skip_locked=skip_locked, of=ProcessInstance))
    return db.session.scalars(query).all()


def _fire(instance, now):
    if instance.status != "running" or instance.next_timer_due is None or instance.next_timer_due > now \
            or instance.last_error is not None:
        return "nothing due"
    recorded_due = instance.next_timer_due
    status_before = instance.contract.status if instance.contract else None
    tasks_before = _open_task_ids(instance.id) if instance.contract_id else set()
    try:
        snapshot = engine().fire_timers(instance.state)
    except TaskFailed as exc:
        # A diagram or data error: retrying will not help until someone fixes it; the sweeper skips it.
        instance.last_error = f"timer at {recorded_due.isoformat()}: {exc}"
        log.error("instance %s: timer failed: %s", instance.id, exc)
        return "failed"
    processes.apply(instance, snapshot, actor=ACTOR)  # audits the contract's status change, if any
    _record("process", instance.id, recorded_due, now)  # the firing's own record: due, actual time, worker
    _announce(instance, status_before, tasks_before)
    return "fired"


def fire_instance(*, instance_id, due, early=0, batch=BATCH):
    """Fire an instance's due timers and run its process on; reschedule when early; no-op when nothing is due.

    In a burst it also fires up to batch - 1 other due instances, earliest first, and takes their
    jobs off the queue: their firing costs no job of its own.
    """
    due = datetime.fromisoformat(due)
    now = utcnow()
    if now < due:
        scheduling.reschedule_early(job=scheduling.FIRE_INSTANCE, key=scheduling.instance_key(instance_id, due),
                                    run_at=due, early=early, instance_id=instance_id, due=due.isoformat())
        return "early"
    own = _locked_instances(ProcessInstance.id == instance_id)
    outcome = _fire(own[0], now) if own else "nothing due"
    # SKIP LOCKED (PostgreSQL): workers firing a burst at once take disjoint instances.
    others = _locked_instances(ProcessInstance.next_timer_due <= now, ProcessInstance.last_error.is_(None),
                               ProcessInstance.id != instance_id, limit=batch - 1, skip_locked=True)
    absorbed = [scheduling.instance_key(i.id, i.next_timer_due) for i in others]
    fired = sum(1 for i in others if _fire(i, now) == "fired")
    if absorbed:
        # Before commit: should the commit fail, those instances are still due and the sweeper revives their jobs.
        discard_jobs(absorbed)
    return f"{outcome}; {fired} more fired" if fired else outcome


def discard_jobs(job_ids):
    """Take jobs whose work is done off the queue and the schedule (a job already running just finds nothing)."""
    try:
        queue.discard(queue.connection(), job_ids)
    except RedisError as exc:
        log.warning("could not discard %d finished timer jobs (%s); they will run and find nothing due",
                    len(job_ids), exc)


def _reminder_params(reminder):
    key_date, contract = reminder.key_date, reminder.key_date.contract
    params = {"contract": contract.number, "title": contract.title, "key_date": key_date.kind,
              "date": key_date.date.isoformat(), "days_before": reminder.days_before, "label": key_date.label}
    if key_date.amount is not None:
        params.update(amount=f"{key_date.amount:.2f}", currency=contract.currency)
    return params


def send_reminder(*, reminder_id, early=0):
    """Send a due key-date reminder to the contract's owner, once; reschedule when early."""
    reminder = db.session.scalar(select(Reminder).where(Reminder.id == reminder_id).with_for_update(of=Reminder))
    if reminder is None or reminder.status != PENDING:
        return "nothing due"
    now = utcnow()
    if now < reminder.due_at:
        key = scheduling.reminder_key(reminder.id, reminder.due_at)
        scheduling.reschedule_early(job=scheduling.SEND_REMINDER, key=key, run_at=reminder.due_at, early=early,
                                    reminder_id=reminder.id)
        return "early"
    contract = reminder.key_date.contract
    reminder.status, reminder.fired_at = SENT, now
    notifications.notify(user=contract.owner, kind="reminder", contract=contract, params=_reminder_params(reminder))
    lateness = _record("reminder", reminder.id, reminder.due_at, now)
    db.session.flush()
    audit.record(actor=ACTOR, action="reminder.sent", object_type="contract", object_id=contract.id,
                 data={"reminder_id": reminder.id, "key_date": reminder.key_date.kind,
                       "days_before": reminder.days_before, "due": reminder.due_at.isoformat(),
                       "fired_at": now.isoformat(), "lateness_ms": lateness})
    return "sent"


def due_instances(*, until, limit=1000):
    """Running instances whose next timer is due before `until` (not those a diagram error stopped)."""
    rows = db.session.execute(
        select(ProcessInstance.id, ProcessInstance.next_timer_due)
        .where(ProcessInstance.next_timer_due <= until, ProcessInstance.last_error.is_(None))
        .order_by(ProcessInstance.next_timer_due).limit(limit)
    ).all()
    return [outbox.Due(scheduling.FIRE_INSTANCE, scheduling.instance_key(i, due),
                       {"instance_id": i, "due": due.isoformat()}, due) for i, due in rows]


def due_reminders(*, until, limit=1000):
    """Pending reminders due before `until`."""
    rows = db.session.execute(
        select(Reminder.id, Reminder.due_at).where(Reminder.status == PENDING, Reminder.due_at <= until)
        .order_by(Reminder.due_at).limit(limit)
    ).all()
    return [outbox.Due(scheduling.SEND_REMINDER, scheduling.reminder_key(i, due), {"reminder_id": i}, due)
            for i, due in rows]


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


def health(*, hours=24, overdue_after=timedelta(seconds=5)):
    """Pending, due and overdue timers now, and how late the firings of the last hours were (percentiles, ms)."""
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
    }
