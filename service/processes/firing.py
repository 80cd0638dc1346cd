"""Fire process instances' due timers: on time, never early, once.

A firing locks its instance row, checks that a timer is still due, fires it, saves, and records due and
actual time, all in the job's one transaction: a second run of the same job finds nothing due.
"""

import logging

from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from workflows import TaskFailed

from ..db import utcnow
from ..extensions import db
from ..inbox.models import OPEN, Task
from ..jobs import Due, queue
from ..notifications import service as notifications
from ..timers import service as timers
from . import service
from .engine import engine
from .models import ProcessInstance

log = logging.getLogger(__name__)
ACTOR = "timer"
BATCH = 50  # firings one job may do when many instances are due at once


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
                                 params={**about, "task": task.title, "task_name": task.name, "task_id": task.id})


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
    recorded_due, set_up_at = instance.next_timer_due, instance.next_timer_set_at
    status_before = instance.contract.status if instance.contract else None
    tasks_before = _open_task_ids(instance.id) if instance.contract_id else set()
    try:
        snapshot = engine().fire_timers(instance.state)
    except TaskFailed as exc:
        # A diagram or data error: retrying will not help until someone fixes it; the sweeper skips it.
        instance.last_error = f"timer at {recorded_due.isoformat()}: {exc}"
        log.error("instance %s: timer failed: %s", instance.id, exc)
        return "failed"
    service.apply(instance, snapshot, actor=ACTOR)  # audits the contract's status change, if any
    timers.record(kind="process", object_id=instance.id, due=recorded_due, fired_at=now, set_up_at=set_up_at)
    _announce(instance, status_before, tasks_before)
    return "fired"


def fire(*, instance_id, batch=BATCH):
    """Fire an instance's due timers and run its process on; no-op when nothing is due.

    In a burst it also fires up to batch - 1 other due instances, earliest first, and takes their
    jobs off the queue: their firing costs no job of its own.
    """
    now = utcnow()
    own = _locked_instances(ProcessInstance.id == instance_id)
    outcome = _fire(own[0], now) if own else "nothing due"
    # SKIP LOCKED (PostgreSQL): workers firing a burst at once take disjoint instances.
    others = _locked_instances(ProcessInstance.next_timer_due <= now, ProcessInstance.last_error.is_(None),
                               ProcessInstance.id != instance_id, limit=batch - 1, skip_locked=True)
    absorbed = [service.timer_key(i.id, i.next_timer_due) for i in others]
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


def due_instances(*, until, limit=1000):
    """Running instances whose next timer is due before `until` (not those a diagram error stopped)."""
    rows = db.session.execute(
        select(ProcessInstance.id, ProcessInstance.next_timer_due)
        .where(ProcessInstance.next_timer_due <= until, ProcessInstance.last_error.is_(None))
        .order_by(ProcessInstance.next_timer_due).limit(limit)
    ).all()
    return [Due(service.timer_key(i, due), {"instance_id": i}, due) for i, due in rows]
