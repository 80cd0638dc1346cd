"""Background jobs on RQ: infrastructure that knows no domain. Each domain declares its jobs; the app registers them.

To run job X for object Y at time T, durably:

1. Declare the job in your domain's jobs.py and list it in that module's JOBS (the app factory registers
   every domain's JOBS):

       from ..jobs import job
       from . import service

       @job("key_dates.send_reminder", due=service.due_reminders)
       def send_reminder(*, reminder_id):
           \"\"\"Send a key-date reminder.\"\"\"
           return service.send_reminder(reminder_id=reminder_id)

       JOBS = (send_reminder,)

   The function takes ids and plain values, never ORM objects; it runs in its own app context and
   transaction (committed when it returns, rolled back when it raises) and never before the time it was
   scheduled for. It must be idempotent: check in the database whether its work is still to do.
   `due(until=)` returns Due(key, kwargs, at) items for the work falling due before `until`, read from the
   domain's own tables: the sweeper revives any whose job Redis lost. Leave it out for work that may be lost.

2. Schedule it inside the transaction that causes it:

       from ..jobs import outbox
       outbox.schedule(job="key_dates.send_reminder", key=outbox.job_key("reminder", reminder.id, reminder.due_at),
                       run_at=reminder.due_at, reminder_id=reminder.id)

   `key` is the job's deterministic id (the same work gets the same key, so duplicates collapse; letters,
   digits, '_' and '-' only, which job_key() makes of any parts), `run_at` an aware datetime or None for
   "now". The entry is written with the transaction and handed to RQ after it commits; the sweeper hands
   over whatever a Redis outage kept back.
"""

from .registry import Due, Job, job

__all__ = ["Due", "Job", "job"]
