"""Jobs of the notifications domain: e-mails one by one, and the daily digest."""

from ..jobs import job
from . import service


@job(service.EMAIL_JOB, due=service.due_emails)
def deliver_email(*, notification_id):
    """Send one notification's e-mail."""
    return service.deliver_email(notification_id=notification_id)


@job(service.DIGEST_JOB, due=service.due_digests)
def send_digest(*, user_id, until):
    """Send one user's daily digest."""
    return service.send_digest(user_id=user_id, until=until)


JOBS = (deliver_email, send_digest)
