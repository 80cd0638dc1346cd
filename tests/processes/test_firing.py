"""Firing process instance timers: on time, never early, once; the sweeper revives what Redis lost."""

import time
from datetime import timedelta

from rq.job import Job
from rq.utils import utcformat
from sqlalchemy import func, select

from service.db import utcnow
from service.extensions import db
from service.jobs import queue, runner, sweeper
from service.processes import firing
from service.processes import service as processes
from service.processes.models import ProcessInstance
from service.timers import service as timers
from service.timers.models import TimerFiring
from tests.conftest import wait_for


def _instance(instance_id):
    db.session.expire_all()
    return db.session.get(ProcessInstance, instance_id)


def test_starting_an_instance_schedules_a_job_for_its_timer(app, deploy_wait_then_end):
    instance_id = deploy_wait_then_end(wait="PT1H")
    due = _instance(instance_id).next_timer_due

    job_id = processes.timer_key(instance_id, due)
    score = queue.connection(app).zscore("rq:scheduled:pactum", job_id)

    assert score == due.timestamp()
    job = Job.fetch(job_id, connection=queue.connection(app))
    assert job.args == ("processes.fire_timers", job_id, {"instance_id": instance_id})
    assert job.kwargs == {"not_before": due.isoformat()}


def test_a_due_timer_advances_its_process_and_records_the_firing(deploy_wait_then_end, run_jobs):
    instance_id = deploy_wait_then_end(wait="PT0.3S")
    time.sleep(0.35)

    run_jobs()

    instance = _instance(instance_id)
    firing = db.session.scalar(select(TimerFiring))
    assert instance.status == "completed" and instance.next_timer_due is None
    assert (firing.kind, firing.object_id) == ("process", instance_id) and firing.lateness_ms >= 0


def test_firing_twice_has_the_effect_of_firing_once(deploy_wait_then_end):
    instance_id = deploy_wait_then_end(wait="PT0.1S")
    time.sleep(0.15)

    results = [firing.fire(instance_id=instance_id) for _ in range(2)]
    db.session.commit()

    assert results == ["fired", "nothing due"]
    assert db.session.scalar(select(func.count()).select_from(TimerFiring)) == 1


def test_a_job_started_early_reschedules_itself_and_fires_nothing(app, deploy_wait_then_end):
    instance_id = deploy_wait_then_end(wait="PT1H")
    due = _instance(instance_id).next_timer_due

    key = processes.timer_key(instance_id, due)
    db.session.rollback()  # the job's own session needs SQLite's write lock
    assert runner.execute("processes.fire_timers", key, {"instance_id": instance_id}, not_before=due.isoformat()) \
        == "early"

    follow_up = processes.timer_key(instance_id, due) + "-early1"
    assert queue.connection(app).zscore("rq:scheduled:pactum", follow_up) == due.timestamp()
    assert _instance(instance_id).status == "running" and db.session.scalar(select(TimerFiring)) is None


def test_the_sweeper_revives_a_due_timer_whose_job_redis_lost(app, deploy_wait_then_end, run_jobs):
    instance_id = deploy_wait_then_end(wait="PT0.2S")
    conn = queue.connection(app)
    conn.flushall()  # Redis restarted without its data
    time.sleep(0.25)

    result = sweeper.sweep(conn)
    run_jobs()

    assert result.revived == 1
    assert wait_for(lambda: _instance(instance_id).status == "completed", timeout=2)


def test_the_sweeper_recreates_a_lost_job_before_it_is_due(app, deploy_wait_then_end):
    instance_id = deploy_wait_then_end(wait="PT5S")
    conn = queue.connection(app)
    conn.flushall()

    sweeper.sweep(conn)

    due = _instance(instance_id).next_timer_due
    assert conn.zscore("rq:scheduled:pactum", processes.timer_key(instance_id, due)) == due.timestamp()


def test_a_failing_timer_is_recorded_and_not_retried_by_the_sweeper(app, deploy_wait_then_end, run_jobs):
    instance_id = deploy_wait_then_end(wait="PT0.1S", divisor=0)
    time.sleep(0.15)

    run_jobs()

    instance = _instance(instance_id)
    assert "division by zero" in instance.last_error and instance.status == "running"
    assert firing.due_instances(until=utcnow() + timedelta(seconds=1)) == []
    assert timers.health(viewer=None)["failing"] == 1


def test_one_job_fires_a_burst_and_takes_the_other_jobs_off_the_schedule(app, deploy_wait_then_end):
    ids = [deploy_wait_then_end(wait="PT0.1S") for _ in range(3)]
    due = _instance(ids[0]).next_timer_due
    time.sleep(0.15)

    result = firing.fire(instance_id=ids[0])
    db.session.commit()

    assert result == "fired; 2 more fired"
    assert {_instance(i).status for i in ids} == {"completed"}
    job_ids = [j.decode() for j in queue.connection(app).zrange("rq:scheduled:pactum", 0, -1)]
    assert job_ids == [processes.timer_key(ids[0], due)]  # only the job that (in a worker) is running


def test_a_job_started_by_a_worker_that_died_is_revived_after_job_stale_after(app, deploy_wait_then_end):
    instance_id = deploy_wait_then_end(wait="PT0.1S")
    job_id = processes.timer_key(instance_id, _instance(instance_id).next_timer_due)
    conn = queue.connection(app)
    time.sleep(0.15)
    started = {"status": "started", "started_at": utcformat(utcnow() - timedelta(seconds=5))}
    conn.hset(Job.key_for(job_id), mapping=started)

    assert sweeper.sweep(conn).revived == 0  # started 5 s ago: its worker may still be at it
    app.config["JOB_STALE_AFTER"] = 3
    assert sweeper.sweep(conn).revived == 1
    assert Job.fetch(job_id, connection=conn).get_status() == "queued"
