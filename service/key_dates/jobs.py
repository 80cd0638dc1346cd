"""Jobs of the key dates domain."""

from ..jobs import job
from . import service


@job(service.SEND_REMINDER, due=service.due_reminders)
def send_reminder(*, reminder_id):
    """Send a key-date reminder that has fallen due."""
    return service.send_reminder(reminder_id=reminder_id)


JOBS = (send_reminder,)
