"""Overdue tasks: a reminder to whoever holds a task when it is due; at twice its time it is escalated.

Escalated tasks sort first in every inbox and the `manager` role is told. Each step is recorded on
the task row (reminded_at, escalated_at), so running a step again sends nothing twice. Queue jobs
run one step for one task at its time; sweep() runs every step that is due (CLI and tests).
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from ..audit import service as audit
from ..auth.models import User, UserRole
from ..db import utcnow
from ..extensions import db
from ..jobs import Due, outbox
from ..notifications import service as notifications
from . import absence
from .models import OPEN, Task

REMIND_JOB = "inbox.remind_task"
ESCALATE_JOB = "inbox.escalate_task"
ESCALATION_ROLE = "manager"
NOTHING = "nothing to do"


@dataclass
class EscalationResult:
    reminded: list = field(default_factory=list)
    escalated: list = field(default_factory=list)


def escalates_at(task):
    """When an open task escalates: its due time plus the time it was given (twice the time from creation)."""
    return task.due_at + (task.due_at - task.created_at)


def _role_members(role):
    return db.session.scalars(select(User).join(UserRole).where(UserRole.role == role, User.active.is_(True))
                              .order_by(User.id)).all()


def _params(task):
    # Raw values, formatted in the recipient's language when the notification is read (notifications.messages).
    holder = {"holder_name": task.assignee.display_name} if task.assignee else {"holder_role": task.role}
    return {"contract": task.contract.number if task.contract else "", "title": task.contract.title if task.contract
            else "", "task": task.title, "task_name": task.name, "role": task.role, "due": task.due_at.isoformat(),
            **holder}


def _locked(task_id):
    # populate_existing: a row a sweep loaded before must show what another sweeper has done since.
    return db.session.scalar(select(Task).where(Task.id == task_id).with_for_update(of=Task, skip_locked=True)
                             .execution_options(populate_existing=True))


def remind(*, task_id, now=None):
    """Remind whoever holds a task that is due (its assignee, or everyone holding its role), once."""
    now, task = now or utcnow(), _locked(task_id)
    if task is None or task.status != OPEN or task.due_at is None or task.reminded_at is not None \
            or now < task.due_at:
        return NOTHING
    task.reminded_at = now
    holders = [task.assignee] if task.assignee else _role_members(task.role)
    _tell(task, users=holders, kind="task_due", action="task.reminded")
    return "reminded"


def escalate(*, task_id, now=None):
    """Mark a task escalated at twice its time and tell everyone holding the manager role, once."""
    now, task = now or utcnow(), _locked(task_id)
    if task is None or task.status != OPEN or task.due_at is None or task.escalated or now < escalates_at(task):
        return NOTHING
    task.escalated, task.escalated_at = True, now
    _tell(task, users=_role_members(ESCALATION_ROLE), kind="task_escalated", action="task.escalated")
    return "escalated"


def _tell(task, *, users, kind, action):
    """Notify the users about the task, then audit whom it told."""
    for user in users:
        notifications.notify(user=user, kind=kind, params=_params(task), contract=task.contract)
    db.session.flush()
    audit.record(actor="system", action=action, object_type="task", object_id=task.id,
                 data={"to": [u.username for u in users], "contract_id": task.contract_id})


def _key(job, task_id, at):
    return outbox.job_key(job, task_id, at)


def _overdue(until):
    return db.session.scalars(select(Task).where(Task.status == OPEN, Task.due_at.is_not(None),
                                                 Task.due_at <= until).order_by(Task.due_at, Task.id)).all()


def sweep(*, now=None):
    """Start due absences, then remind and escalate every task due by now; running it again sends nothing twice."""
    now, result = now or utcnow(), EscalationResult()
    absence.apply_due(now=now)
    for task in _overdue(now):
        if task.reminded_at is None and remind(task_id=task.id, now=now) == "reminded":
            result.reminded.append(task.id)
        if not task.escalated and escalates_at(task) <= now and escalate(task_id=task.id, now=now) == "escalated":
            result.escalated.append(task.id)
    return result


def due_reminders(*, until):
    """Reminders falling due before `until`, for the job sweeper."""
    return [Due(_key(REMIND_JOB, t.id, t.due_at), {"task_id": t.id}, t.due_at)
            for t in _overdue(until) if t.reminded_at is None]


def due_escalations(*, until):
    """Escalations falling due before `until`, for the job sweeper."""
    return [Due(_key(ESCALATE_JOB, t.id, escalates_at(t)), {"task_id": t.id}, escalates_at(t))
            for t in _overdue(until) if not t.escalated and escalates_at(t) <= until]
