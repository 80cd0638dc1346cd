"""Queue jobs of the timers domain (they take ids; service.jobs.runner.job commits them)."""

from ..jobs.runner import job
from . import service


@job
def fire_instance(*, instance_id, due, early=0):
    """Fire a process instance's due timers."""
    return service.fire_instance(instance_id=instance_id, due=due, early=early)


@job
def send_reminder(*, reminder_id, early=0):
    """Send a key-date reminder."""
    return service.send_reminder(reminder_id=reminder_id, early=early)
