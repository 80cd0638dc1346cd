"""Jobs of the inbox: task reminders and escalations, and absences that start."""

from ..jobs import job
from . import absence, escalation


@job(escalation.REMIND_JOB, due=escalation.due_reminders)
def remind_task(*, task_id):
    """Remind whoever holds a task that has fallen due."""
    return escalation.remind(task_id=task_id)


@job(escalation.ESCALATE_JOB, due=escalation.due_escalations)
def escalate_task(*, task_id):
    """Escalate a task that is overdue by its whole time again."""
    return escalation.escalate(task_id=task_id)


@job(absence.APPLY_JOB, due=absence.due_absences)
def apply_absences():
    """Move the claims of absences that have started to their deputies."""
    return len(absence.apply_due())


JOBS = (remind_task, escalate_task, apply_absences)
