"""Queue jobs of the notifications domain (they take ids; service.jobs.runner.job commits them)."""

from ..jobs.runner import job
from . import service


@job
def deliver_email(*, notification_id, early=0):
    """Send one notification's e-mail."""
    return service.deliver_email(notification_id=notification_id, early=early)


@job
def send_digest(*, user_id, until, early=0):
    """Send one user's daily digest."""
    return service.send_digest(user_id=user_id, until=until, early=early)
