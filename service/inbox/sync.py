"""Keep the task table in step with the engine's ready user tasks, in the same transaction."""

from sqlalchemy import select

from workflows import add_duration

from ..auth.models import User
from ..db import utcnow
from ..extensions import db
from .models import OPEN, WITHDRAWN, Task


def _assignee_id(ready):
    variable = ready.properties.get("assignee")
    username = ready.data.get(variable) if variable else None
    if not username:
        return None
    return db.session.scalar(select(User.id).where(User.username == str(username)))


def sync_tasks(instance, snapshot):
    """Open a row for each newly ready user task; withdraw rows the engine no longer waits on."""
    now = utcnow()
    open_rows = {
        t.engine_task_id: t
        for t in db.session.scalars(select(Task).where(Task.instance_id == instance.id, Task.status == OPEN))
    }
    ready_ids = {r.id for r in snapshot.ready_tasks}
    for engine_task_id, row in open_rows.items():
        if engine_task_id not in ready_ids:
            row.status = WITHDRAWN
            row.completed_at = now
    for ready in snapshot.ready_tasks:
        if ready.id in open_rows:
            continue
        due = ready.properties.get("due")
        db.session.add(Task(
            instance_id=instance.id,
            contract_id=instance.contract_id,
            engine_task_id=ready.id,
            name=ready.name,
            title=ready.title,
            role=ready.lane or "admin",
            decisions=ready.properties.get("decisions", ""),
            fields=ready.properties.get("fields", ""),
            assignee_id=_assignee_id(ready),
            created_at=now,
            due_at=add_duration(now, due) if due else None,
        ))
