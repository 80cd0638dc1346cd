"""The outbox: jobs are written with the transaction, handed to RQ after commit, relayed when Redis missed them."""

from datetime import timedelta

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from rq.job import Job
from sqlalchemy import select

from service.db import utcnow
from service.extensions import db
from service.jobs import outbox, queue, sweeper
from service.jobs.models import OutboxEntry


def _schedule(key="reminder-1", run_at=None):
    return outbox.schedule(job="key_dates.send_reminder", key=key, run_at=run_at, reminder_id=1)


def test_an_entry_reaches_redis_only_after_commit(app):
    conn = queue.connection(app)
    _schedule()
    db.session.flush()
    assert not conn.exists(Job.key_for("reminder-1"))

    db.session.commit()

    assert Job.fetch("reminder-1", connection=conn).get_status() == "queued"


def test_a_rolled_back_entry_never_reaches_redis(app):
    _schedule()
    db.session.flush()
    db.session.rollback()

    assert not queue.connection(app).exists(Job.key_for("reminder-1"))
    assert db.session.scalars(select(OutboxEntry)).all() == []


def test_a_future_entry_is_scheduled_to_the_millisecond(app):
    run_at = utcnow() + timedelta(seconds=30, milliseconds=123)
    _schedule(run_at=run_at)
    db.session.commit()

    conn = queue.connection(app)
    score = conn.zscore("rq:scheduled:pactum", "reminder-1")
    assert score == pytest.approx(run_at.timestamp(), abs=0.001)
    assert queue.move_due_jobs(conn) == 0 and queue.move_due_jobs(conn, now=score) == 1


def test_the_same_key_twice_is_one_job(app):
    _schedule()
    _schedule()
    db.session.commit()

    assert queue.queue(queue.connection(app)).job_ids == ["reminder-1"]


def test_an_unknown_job_name_is_refused(app):
    with pytest.raises(ValueError, match="unknown job 'nothing.like_this'; declare it with @job"):
        outbox.schedule(job="nothing.like_this", key="x")


@pytest.mark.parametrize("key", ["reminder:1", "", "a b", "x" * 201])
def test_a_key_rq_would_refuse_is_refused_at_the_call(app, key):
    with pytest.raises(ValueError, match="letters, digits"):
        outbox.schedule(job="key_dates.send_reminder", key=key, reminder_id=1)


def test_entries_kept_back_by_a_redis_outage_are_relayed_by_the_sweeper(app, monkeypatch):
    conn = queue.connection(app)
    monkeypatch.setattr(queue, "put", lambda *a, **k: (_ for _ in ()).throw(RedisConnectionError("refused")))
    _schedule()
    db.session.commit()  # the request succeeds although Redis is down
    monkeypatch.undo()
    assert not conn.exists(Job.key_for("reminder-1"))

    result = sweeper.sweep(conn, now=utcnow() + outbox.HANDOFF_GRACE)

    assert result.relayed == 1 and conn.exists(Job.key_for("reminder-1"))
    assert db.session.scalar(select(OutboxEntry.handed_at)) is not None
