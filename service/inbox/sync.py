"""Keep the task table in step with the engine's ready user tasks, in the same transaction."""

import json

from sqlalchemy import select

from workflows import add_duration

from ..auth.models import User
from ..db import utcnow
from ..errors import Invalid
from ..extensions import db
from . import absence
from .models import OPEN, WITHDRAWN, Task


def lookup(data, path):
    """A value in task data by a dotted path such as approval_plan.legal.due; None when a part is missing."""
    value = data
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _property(ready, name):
    """A property that names a data variable (dotted path), resolved in the task's data."""
    path = ready.properties.get(name)
    return lookup(ready.data, path) if path else None


def _due_at(ready, now):
    # `due` is an ISO duration ("P2D"), or the data path of one (a level's due time from the decision table).
    due = ready.properties.get("due")
    duration = due if not due or due.startswith("P") else _property(ready, "due")
    if not duration:
        return None
    try:
        return add_duration(now, str(duration))
    except Exception as exc:  # the engine's parser raises several types for a malformed duration
        raise Invalid(f"task {ready.name}: the due time {duration!r} is not an ISO 8601 duration such as "
                      f"'P2D'; fix the diagram or its decision table") from exc


def _reason(ready):
    reason = _property(ready, "reason")
    return json.loads(json.dumps(reason, default=str)) if reason else None  # decimals and dates as text


def _assignee(ready, group, now):
    """The user a task goes to: the one its `assignee` variable names, or their deputy while they are away."""
    username = _property(ready, "assignee")
    if not username:
        return None, None
    user = db.session.scalar(select(User).where(User.username == str(username)))
    if user is None:
        return None, None
    acting = absence.acting_for(user, ready.lane or "admin", now, excluded=group)
    return acting, (user if acting.id != user.id else None)


def sync_tasks(instance, snapshot):
    """Open a row for each newly ready user task; withdraw rows the engine no longer waits on.

    Returns the rows that went to a deputy instead of an absent assignee, for the audit trail.
    """
    with db.session.no_autoflush:  # the instance row is flushed once, by the caller, with its version check
        return _sync(instance, snapshot, utcnow())


def _sync(instance, snapshot, now):
    open_rows = {
        t.engine_task_id: t
        for t in db.session.scalars(select(Task).where(Task.instance_id == instance.id, Task.status == OPEN))
    }
    ready_ids = {r.id for r in snapshot.ready_tasks}
    for engine_task_id, row in open_rows.items():
        if engine_task_id not in ready_ids:
            row.status = WITHDRAWN
            row.completed_at = now
    # Each person votes once in a k-of-n group: a vote never goes to a deputy who holds a vote of the same group.
    voters = {str(_property(r, "assignee")) for r in snapshot.ready_tasks if r.properties.get("quorum")}
    redirected = []
    for ready in snapshot.ready_tasks:
        if ready.id in open_rows:
            continue
        quorum = _property(ready, "quorum")
        assignee, absent = _assignee(ready, voters if quorum else (), now)
        task = Task(
            instance_id=instance.id,
            contract_id=instance.contract_id,
            engine_task_id=ready.id,
            name=ready.name,
            title=ready.title,
            role=ready.lane or "admin",
            decisions=ready.properties.get("decisions", ""),
            fields=ready.properties.get("fields", ""),
            assignee=assignee,
            claimed_at=now if absent else None,
            delegated_from=absent,
            created_at=now,
            due_at=_due_at(ready, now),
            reason=_reason(ready),
            round=ready.data.get("approval_round"),
            quorum=int(quorum) if quorum else None,
        )
        db.session.add(task)
        if absent:
            redirected.append(task)
    return redirected


def retitle_open(instance, snapshot):
    """Open rows take the title and role of their ready task (after the instance moved to another version)."""
    ready = {r.id: r for r in snapshot.ready_tasks}
    for row in db.session.scalars(select(Task).where(Task.instance_id == instance.id, Task.status == OPEN)):
        if row.engine_task_id in ready:
            row.title, row.role = ready[row.engine_task_id].title, ready[row.engine_task_id].lane or "admin"
