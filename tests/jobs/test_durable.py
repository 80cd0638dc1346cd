"""Durable timers against real Redis, worker processes (`flask --app wsgi worker`) and a local SMTP server.

On time, never early, never lost, never twice: through stopped workers, a Redis restart, a worker
killed with SIGKILL in the middle of a job, and two workers on one queue.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from redis import Redis
from rq import Worker
from rq.job import Job
from sqlalchemy import func, select, text

from service.db import utcnow
from service.extensions import db
from service.jobs import queue
from service.key_dates import service as key_dates
from service.key_dates.models import Reminder
from service.notifications.models import Notification
from service.processes import service as processes
from service.processes.models import ProcessInstance
from service.timers.models import TimerFiring
from tests.conftest import free_port, notifications_of, reminders_of, wait_for

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL")
ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not REDIS_TEST_URL, reason="needs a real Redis: set REDIS_TEST_URL=redis://127.0.0.1:6379/15"),
]


class Workers:
    """`flask --app wsgi worker` processes on the test's database and a Redis URL."""

    def __init__(self, database_url, redis_url, log_dir):
        self.env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "SWEEP_INTERVAL": "0.5",
                    "JOB_STALE_AFTER": "2", "EMBEDDED_WORKER": "0", "PYTHONUNBUFFERED": "1"}
        self.env.pop("MAIL_SERVER", None)
        self.log_dir, self.procs = log_dir, []

    def start(self, count=1, wait=True):
        before = Worker.count(connection=Redis.from_url(self.env["REDIS_URL"]))
        for _ in range(count):
            with open(self.log_dir / f"worker-{len(self.procs)}.log", "w") as log:  # the child keeps its copy
                self.procs.append(subprocess.Popen(
                    [sys.executable, "-m", "flask", "--app", "wsgi", "worker"], cwd=ROOT, env=self.env,
                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        if wait:
            conn = Redis.from_url(self.env["REDIS_URL"])
            assert wait_for(lambda: Worker.count(connection=conn) >= before + count, timeout=20), self.logs()

    def kill(self, proc, sig=signal.SIGKILL):
        os.killpg(proc.pid, sig)
        proc.wait(timeout=20)

    def stop_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)  # warm shutdown: a job in progress finishes first
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.kill(proc)

    def logs(self):
        return "\n".join(p.read_text()[-2000:] for p in sorted(self.log_dir.glob("worker-*.log")))


class RedisServer:
    """A throw-away redis-server on a free port (never the machine's shared one), stopped and started at will."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([shutil.which("redis-server"), "--port", str(self.port), "--save", "",
                                      "--appendonly", "no", "--bind", "127.0.0.1"], stdout=subprocess.DEVNULL)
        assert wait_for(self._answers, timeout=10)

    def _answers(self):
        try:
            return Redis.from_url(self.url).ping()
        except Exception:
            return False

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _use_redis(app, url):
    app.config["REDIS_URL"] = url
    app.extensions.pop("pactum_queue", None)


@pytest.fixture
def live(app):
    """The test app on the real Redis of REDIS_TEST_URL, emptied before and after."""
    Redis.from_url(REDIS_TEST_URL).flushdb()
    _use_redis(app, REDIS_TEST_URL)
    yield app
    Redis.from_url(REDIS_TEST_URL).flushdb()


@pytest.fixture
def workers(live, database_url, tmp_path):
    found = Workers(database_url, REDIS_TEST_URL, tmp_path)
    yield found
    found.stop_all()


def _instance_status(instance_id):
    return db.session.scalar(select(ProcessInstance.status).where(ProcessInstance.id == instance_id))


def _firings(kind="process"):
    return db.session.scalars(select(TimerFiring).where(TimerFiring.kind == kind).order_by(TimerFiring.id)).all()


def _with_email(app, user, mail_to):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=mail_to.port)
    user.email = f"{user.username}@example.com"
    db.session.commit()


def test_a_contract_seven_days_before_its_end_gets_its_seven_day_reminder_within_seconds_once(
        live, workers, api_as, new_contract, mail_to):
    workers.env.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(mail_to.port))
    workers.start()
    api = api_as("sales")
    _with_email(live, api.user, mail_to)

    _, contract = new_contract(days=7, api=api)

    assert wait_for(lambda: len(mail_to.messages) >= 2, timeout=10), workers.logs()
    time.sleep(1.5)  # room for a duplicate to show up
    reminders = [n.params for n in notifications_of(api.user.id, "reminder")]
    assert sorted((p["key_date"], p["days_before"]) for p in reminders) == [("effective", 0), ("expiry", 7)]
    assert reminders_of(contract["id"], "expiry") == {90: "skipped", 30: "skipped", 7: "sent", 0: "pending"}
    assert sorted(m["Subject"] for m in mail_to.messages) == [
        f"{contract['number']}: effective date is today", f"{contract['number']}: expiry is in 7 days"]


def test_reminders_due_while_the_workers_were_stopped_are_sent_once_when_they_start(live, workers, new_contract):
    api, contract = new_contract(days=365, start=30)
    due = utcnow() + timedelta(seconds=1)
    reminders = db.session.scalars(select(Reminder).where(Reminder.contract_id == contract["id"],
                                                          Reminder.days_before.in_((90, 30)))).all()
    for reminder in reminders:
        reminder.due_at = due  # falls due in a second, while no worker runs
        key_dates.schedule(reminder=reminder)
    db.session.commit()
    time.sleep(2)

    workers.start()

    assert wait_for(lambda: len(_firings("reminder")) == 2, timeout=10), workers.logs()
    time.sleep(1)
    assert len(notifications_of(api.user.id, "reminder")) == 2
    assert all(f.due_at == due and f.lateness_ms >= 1000 for f in _firings("reminder"))


def test_a_due_timer_advances_its_process_on_time_and_never_early(live, workers, deploy_wait_then_end):
    workers.start()

    instance_id = deploy_wait_then_end(wait="PT1.5S")

    assert wait_for(lambda: _instance_status(instance_id) == "completed", timeout=10), workers.logs()
    [firing] = _firings()
    assert 0 <= firing.lateness_ms <= 1500


def test_two_workers_fire_each_timer_once(live, workers, deploy_wait_then_end):
    workers.start(2)

    ids = [deploy_wait_then_end(wait="PT2S") for _ in range(20)]

    assert wait_for(lambda: len(_firings()) >= 20, timeout=15), workers.logs()
    time.sleep(1)
    firings = _firings()
    assert sorted(f.object_id for f in firings) == sorted(ids)
    assert all(f.lateness_ms >= 0 for f in firings)
    assert {_instance_status(i) for i in ids} == {"completed"}


def _hold_instance_lock(database_url, instance_id):
    """Block writers to the instance as a long transaction would: returns the function that releases it."""
    if database_url.startswith("sqlite"):
        held = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
        held.execute("BEGIN IMMEDIATE")
        return lambda: (held.execute("ROLLBACK"), held.close())
    conn = db.engine.connect()
    transaction = conn.begin()
    conn.execute(text("SELECT id FROM process_instances WHERE id = :id FOR UPDATE"), {"id": instance_id})
    return lambda: (transaction.rollback(), conn.close())


def test_a_worker_killed_mid_job_leaves_no_lost_or_doubled_effect(live, workers, deploy_wait_then_end, database_url):
    workers.start()
    instance_id = deploy_wait_then_end(wait="PT1S")
    job_id = processes.timer_key(instance_id, db.session.get(ProcessInstance, instance_id).next_timer_due)
    db.session.rollback()
    release = _hold_instance_lock(database_url, instance_id)
    conn = queue.connection(live)
    started = wait_for(lambda: conn.exists(Job.key_for(job_id)) and Job.fetch(job_id, connection=conn)
                       .get_status() == "started", timeout=10)

    workers.kill(workers.procs[0])  # SIGKILL while the job waits for the row
    release()
    assert started, workers.logs()
    workers.start()

    assert wait_for(lambda: _instance_status(instance_id) == "completed", timeout=15), workers.logs()
    time.sleep(1)
    assert [f.object_id for f in _firings()] == [instance_id]


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs the redis-server program for a Redis of its own")
def test_redis_stopped_and_restarted_loses_nothing(live, workers, deploy_wait_then_end):
    redis = RedisServer()
    redis.start()
    _use_redis(live, redis.url)
    workers.env["REDIS_URL"] = redis.url
    try:
        workers.start()
        before = [deploy_wait_then_end(wait="PT3S") for _ in range(3)]  # their jobs wait in Redis
        redis.stop()
        during = [deploy_wait_then_end(wait="PT1S") for _ in range(2)]  # Redis is down: kept in the outbox
        time.sleep(1)
        redis.start()  # empty: every job it held is gone

        ids = before + during
        assert wait_for(lambda: {_instance_status(i) for i in ids} == {"completed"}, timeout=20), workers.logs()
        time.sleep(1)
        assert sorted(f.object_id for f in _firings()) == sorted(ids)
    finally:
        workers.stop_all()
        redis.stop()


def test_a_mail_server_that_refuses_the_connection_leaves_the_email_queued(live, workers, api_as, new_contract):
    workers.env.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(free_port()))  # nothing listens there
    live.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=int(workers.env["MAIL_PORT"]))
    api = api_as("sales")
    api.user.email = "sally@example.com"
    db.session.commit()
    workers.start()

    new_contract(days=7, api=api)

    tried = wait_for(lambda: db.session.scalars(select(Notification).where(Notification.email_attempts >= 1)).all())
    assert tried and {(n.email_status, n.email_attempts) for n in tried} == {("pending", 1)}, workers.logs()
    retry_at = {n.id: n.email_next_at for n in tried}
    conn = queue.connection(live)
    for note_id, at in retry_at.items():
        assert conn.zscore("rq:scheduled:pactum", f"email-{note_id}-1") == at.timestamp()
    assert db.session.scalar(select(func.count()).where(Notification.email_status == "sent")) == 0
