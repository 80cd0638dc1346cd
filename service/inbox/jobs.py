"""Queue jobs of the inbox (they take ids; service.jobs.runner.job commits them)."""

from ..jobs.runner import job
from . import absence, escalation


@job
def remind_task(*, task_id, early=0):
    """Remind whoever holds a task that has fallen due."""
    return escalation.remind(task_id=task_id, early=early)


@job
def escalate_task(*, task_id, early=0):
    """Escalate a task that is overdue by its whole time again."""
    return escalation.escalate(task_id=task_id, early=early)


@job
def apply_absences(*, early=0):
    """Move the claims of absences that have started to their deputies."""
    return len(absence.apply_due())
