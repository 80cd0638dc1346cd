"""The inbox: list, claim, release and complete human tasks. Who may act is decided here only."""

import re

from sqlalchemy import and_, func, or_, select

from ..audit import service as audit
from ..db import utcnow
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..processes import service as processes
from .models import COMPLETED, OPEN, Task

COMMENT_REQUIRED = ("reject",)
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def may_act(user, task):
    """True when the user may work on the task: its assignee, or, while unassigned, a holder of its role."""
    if task.status != OPEN or user is None:
        return False
    if task.assignee_id is not None:
        return task.assignee_id == user.id
    return user.has_role(task.role)


def get_or_404(task_id):
    """The task with this id, or NotFound."""
    task = db.session.get(Task, task_id)
    if task is None:
        raise NotFound(f"no task with id {task_id}")
    return task


def _inbox_filter(user):
    return and_(
        Task.status == OPEN,
        or_(
            Task.assignee_id == user.id,
            and_(Task.assignee_id.is_(None), Task.role.in_(user.roles)),
        ),
    )


def inbox(*, user, limit=50, offset=0):
    """Open tasks the user may act on: assigned to them, or unclaimed in one of their roles; due first."""
    query = (
        select(Task).where(_inbox_filter(user))
        .order_by(Task.due_at.is_(None), Task.due_at, Task.id)
        .limit(limit).offset(offset)
    )
    return db.session.scalars(query).all()


def inbox_count(*, user):
    """How many tasks are in the user's inbox."""
    return db.session.scalar(select(func.count()).select_from(Task).where(_inbox_filter(user)))


def open_tasks_for(contract_id):
    """Open tasks of one contract, oldest first."""
    return db.session.scalars(
        select(Task).where(Task.contract_id == contract_id, Task.status == OPEN).order_by(Task.id)
    ).all()


def history_for(contract_id):
    """Completed tasks of one contract, in the order they were completed."""
    return db.session.scalars(
        select(Task).where(Task.contract_id == contract_id, Task.status == COMPLETED)
        .order_by(Task.completed_at, Task.id)
    ).all()


def _lock_open(task_id):
    # Row lock on PostgreSQL so that claim/release/complete on one task happen one after another.
    task = db.session.scalar(select(Task).where(Task.id == task_id).with_for_update(of=Task))
    if task is None:
        raise NotFound(f"no task with id {task_id}")
    if task.status != OPEN:
        raise Conflict(f"task {task_id} is {task.status} already")
    return task


def claim(*, task_id, user):
    """Take a task so that only this user works on it."""
    task = _lock_open(task_id)
    if task.assignee_id == user.id:
        return task
    if task.assignee_id is not None:
        raise Conflict(f"task {task_id} is claimed by {task.assignee.username}")
    if not user.has_role(task.role):
        raise Forbidden(f"task {task_id} is for the role {task.role}, which you do not hold")
    task.assignee, task.claimed_at = user, utcnow()
    db.session.flush()
    audit.record(actor=user, action="task.claimed", object_type="task", object_id=task.id)
    return task


def release(*, task_id, user):
    """Give a claimed task back to everyone holding its role."""
    task = _lock_open(task_id)
    if task.assignee_id is None:
        return task
    if task.assignee_id != user.id:
        raise Conflict(f"task {task_id} is claimed by {task.assignee.username}, not by you")
    task.assignee, task.claimed_at = None, None
    db.session.flush()
    audit.record(actor=user, action="task.released", object_type="task", object_id=task.id)
    return task


def _validate(task, decision, comment, data):
    if decision not in task.decision_list:
        raise Invalid(f"the decision must be one of: {', '.join(task.decision_list)}", field="decision")
    if decision in COMMENT_REQUIRED and not (comment or "").strip():
        raise Invalid("a comment is required to reject; say what must change", field="comment")
    for name in data:
        if name not in task.field_list:
            allowed = ", ".join(task.field_list) or "none"
            raise Invalid(f"unknown field {name!r}; this task accepts: {allowed}", field=f"data.{name}")
        if not FIELD_NAME.match(name):
            raise Invalid(f"invalid field name {name!r}", field=f"data.{name}")


def complete(*, task_id, user, decision, comment="", data=None):
    """Complete a task with a decision, advance the process, and record who did it."""
    data = dict(data or {})
    task = _lock_open(task_id)
    if not may_act(user, task):
        raise Forbidden(f"you may not act on task {task_id}: it is for the role {task.role}"
                        + (f" and assigned to {task.assignee.username}" if task.assignee else ""))
    _validate(task, decision, comment, data)
    task.status, task.completed_at, task.completed_by_id = COMPLETED, utcnow(), user.id
    task.decision, task.comment = decision, (comment or "").strip() or None
    db.session.flush()
    processes.complete_task(instance=task.instance, engine_task_id=task.engine_task_id, actor=user,
                            data={**data, "decision": decision, "comment": task.comment or ""})
    audit.record(actor=user, action="task.completed", object_type="task", object_id=task.id,
                 data={"name": task.name, "decision": decision, "comment": task.comment,
                       "contract_id": task.contract_id})
    return task
