"""The queue: RQ on Redis when REDIS_URL is set, else RQ on an in-process fakeredis server.

RQ's own scheduler keeps times in whole seconds and polls once a second, so a job can start up
to a second early or two seconds late. Pactum schedules into RQ's scheduled-job registry with
millisecond scores and moves due jobs itself (move_due_jobs, called every 50 ms by each worker).
"""

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import fakeredis
from flask import current_app
from redis import Redis
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError
from rq.job import Job
from rq.registry import ScheduledJobRegistry
from rq.utils import utcparse

QUEUE_NAME = "pactum"
RESULT_TTL = 900  # a finished job's id is kept this long, so the same work enqueued again collapses into it
FAILURE_TTL = 7 * 24 * 3600
JOB_TIMEOUT = 300
RETRY = Retry(max=3, interval=[5, 30, 120])  # transient failures; the sweeper retries after that
RUNNER = "service.jobs.runner.execute"  # every job runs through it, by name (see service/jobs/registry.py)

# Pop the jobs whose score (due time, in seconds since the epoch) has passed, atomically, so that
# any number of workers can move jobs and each job is moved by one of them.
_POP_DUE = """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #ids > 0 then redis.call('ZREM', KEYS[1], unpack(ids)) end
return ids
"""


def connect(url, **options):
    """A Redis client for a URL, or an in-process fakeredis server when url is None."""
    if url:
        return Redis.from_url(url, **options)
    return fakeredis.FakeRedis(server=fakeredis.FakeServer())


def connection(app=None):
    """The app's queue connection (created on first use; short timeouts, so a Redis outage fails fast)."""
    app = app or current_app._get_current_object()
    conn = app.extensions.get("pactum_queue")
    if conn is None:
        conn = connect(app.config.get("REDIS_URL"), socket_connect_timeout=1, socket_timeout=5)
        app.extensions["pactum_queue"] = conn
    return conn


def embedded(app=None):
    """True when jobs run in this process on fakeredis (no REDIS_URL)."""
    return not (app or current_app).config.get("REDIS_URL")


def queue(conn):
    """Pactum's one RQ queue on a connection."""
    return Queue(QUEUE_NAME, connection=conn)


def _ceil_second(moment):
    return datetime.fromtimestamp(math.ceil(moment.timestamp()), UTC)


def put(conn, *, job, job_id, kwargs, run_at=None, force=False):
    """Enqueue a job now or schedule it for run_at (to the millisecond); False when that id exists (unless force).

    The job never runs before run_at: the runner checks it against the time it carries.
    """
    q = queue(conn)
    not_before = run_at.isoformat() if run_at is not None else None
    rq_job = q.create_job(RUNNER, args=(job, job_id, kwargs), kwargs={"not_before": not_before}, job_id=job_id,
                          description=f"{job} {job_id}", result_ttl=RESULT_TTL, failure_ttl=FAILURE_TTL,
                          timeout=JOB_TIMEOUT, retry=RETRY)
    try:
        if run_at is None or run_at.timestamp() <= time.time():
            q.enqueue_job(rq_job, unique=not force)
        else:
            # RQ stores whole seconds; round up (never early), then set the exact time.
            q.schedule_job(rq_job, _ceil_second(run_at), unique=not force)
            conn.zadd(ScheduledJobRegistry(queue=q).key, {job_id: run_at.timestamp()}, xx=True)
    except DuplicateJobError:
        return False
    return True


def move_due_jobs(conn, *, now=None, limit=500):
    """Move scheduled jobs whose time has come onto the queue; return how many were moved."""
    q = queue(conn)
    ids = conn.eval(_POP_DUE, 1, ScheduledJobRegistry(queue=q).key, repr(now or time.time()), limit)
    if not ids:
        return 0
    jobs = Job.fetch_many([i.decode() if isinstance(i, bytes) else i for i in ids], connection=conn)
    with conn.pipeline() as pipe:
        for rq_job in jobs:
            if rq_job is not None:  # a job whose hash is gone (Redis flushed) is revived by the sweeper
                q.enqueue_job(rq_job, pipeline=pipe)
        pipe.execute()
    return len(ids)


@dataclass(frozen=True)
class JobState:
    """What Redis knows of a job: its status (None: unknown), when it started and ended, when it is scheduled."""

    status: str | None
    started_at: datetime | None
    ended_at: datetime | None
    scheduled_for: float | None  # seconds since the epoch, while it waits in the scheduled registry


def _time(value):
    return utcparse(value.decode()) if value else None


def job_states(conn, job_ids):
    """{job_id: JobState} for the given ids, in one round trip."""
    scheduled = ScheduledJobRegistry(queue=queue(conn)).key
    with conn.pipeline(transaction=False) as pipe:
        for job_id in job_ids:
            pipe.hmget(Job.key_for(job_id), "status", "started_at", "ended_at")
            pipe.zscore(scheduled, job_id)
        replies = pipe.execute()
    states = {}
    for job_id, (status, started, ended), score in zip(job_ids, replies[::2], replies[1::2], strict=True):
        states[job_id] = JobState(status.decode() if status else None, _time(started), _time(ended), score)
    return states


def discard(conn, job_ids):
    """Remove queued or scheduled jobs that are no longer needed; a job already running is left alone."""
    q = queue(conn)
    scheduled = ScheduledJobRegistry(queue=q).key
    with conn.pipeline(transaction=False) as pipe:
        for job_id in job_ids:
            pipe.zrem(scheduled, job_id)
            pipe.lrem(q.key, 0, job_id)
        removed = pipe.execute()
    gone = [job_id for job_id, zrem, lrem in zip(job_ids, removed[::2], removed[1::2], strict=True) if zrem or lrem]
    if gone:
        conn.delete(*[Job.key_for(job_id) for job_id in gone])
    return len(gone)
