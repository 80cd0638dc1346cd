"""Every job the queue runs, by name: the outbox stores these names, never code paths."""

JOBS = {
    "timers.fire_instance": "service.timers.jobs.fire_instance",
    "timers.send_reminder": "service.timers.jobs.send_reminder",
    "notifications.deliver_email": "service.notifications.jobs.deliver_email",
    "notifications.send_digest": "service.notifications.jobs.send_digest",
    "inbox.remind_task": "service.inbox.jobs.remind_task",
    "inbox.escalate_task": "service.inbox.jobs.escalate_task",
    "inbox.apply_absences": "service.inbox.jobs.apply_absences",
}
