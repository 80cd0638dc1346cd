"""Background jobs on RQ: the queue, the outbox, the job decorator, the sweeper and the `worker` command.

To run job X for object Y at time T, durably, call inside the transaction that causes it:

    from service.jobs import outbox
    outbox.schedule(job="timers.send_reminder", key=f"reminder:{reminder.id}", run_at=reminder.due_at,
                    reminder_id=reminder.id)

`job` is a name in service/jobs/table.py (add yours there), `key` is the job's deterministic id (the
same work gets the same key, so duplicates collapse), `run_at` an aware datetime or None for "now",
and the keyword arguments are the job's (ids and plain values, never ORM objects). The entry is
written with the transaction and handed to RQ after it commits; the sweeper hands over whatever a
Redis outage kept back. The job itself is a function decorated with service.jobs.runner.job; it must
be idempotent (check in the database whether its work is still due) and refuse to act early. For work
that must survive Redis losing the job, add a due-work source to service/jobs/sweeper.py.
"""
