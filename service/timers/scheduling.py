"""Outbox entries and job ids for timers (imported by the process service, so it imports no other service)."""

from ..jobs import outbox

FIRE_INSTANCE = "timers.fire_instance"
SEND_REMINDER = "timers.send_reminder"


def instance_key(instance_id, due):
    """The job id of an instance's timer due at a time: duplicates collapse into one job."""
    return outbox.job_key("timer", instance_id, due)


def reminder_key(reminder_id, due):
    """The job id of a reminder due at a time."""
    return outbox.job_key("reminder", reminder_id, due)


def schedule_instance(*, instance):
    """Durably schedule the firing of the instance's next timer at its due time."""
    due = instance.next_timer_due
    outbox.schedule(job=FIRE_INSTANCE, key=instance_key(instance.id, due), run_at=due,
                    instance_id=instance.id, due=due.isoformat())


def schedule_reminder(*, reminder):
    """Durably schedule a pending reminder at its due time."""
    outbox.schedule(job=SEND_REMINDER, key=reminder_key(reminder.id, reminder.due_at), run_at=reminder.due_at,
                    reminder_id=reminder.id)


def reschedule_early(*, job, key, run_at, early, **kwargs):
    """A job that started before its due time puts itself back for that time, under a follow-up id."""
    outbox.schedule(job=job, key=f"{key}-early{early + 1}", run_at=run_at, early=early + 1, **kwargs)
