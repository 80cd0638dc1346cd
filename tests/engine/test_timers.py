"""Timers: the engine reports when the next one is due and fires it only when asked after that time."""

import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from workflows import Engine


@pytest.fixture
def timers(compile_diagram):
    return compile_diagram("countersign_timers")


def _ready(snapshot):
    return [(t.name, t.lane) for t in snapshot.ready_tasks]


def test_a_waiting_duration_timer_reports_its_due_time_in_utc(timers, engine):
    before = datetime.now(UTC)
    started = engine.start(timers, {"escalate_after": "PT1H"})
    after = datetime.now(UTC)

    assert _ready(started) == [("countersign", "signatory")]
    assert started.next_timer_due.utcoffset() == timedelta(0)
    assert before + timedelta(hours=1) <= started.next_timer_due <= after + timedelta(hours=1)


def test_the_due_time_survives_save_and_restore(timers, registry, engine):
    started = engine.start(timers, {"escalate_after": "PT1H"})

    restored = Engine(registry.__getitem__).snapshot(json.dumps(json.loads(started.state)))

    assert restored.next_timer_due == started.next_timer_due


def test_fire_timers_before_the_due_time_changes_nothing(timers, engine):
    started = engine.start(timers, {"escalate_after": "PT1H"})

    fired = engine.fire_timers(started.state)

    assert [t.id for t in fired.ready_tasks] == [t.id for t in started.ready_tasks]
    assert fired.next_timer_due == started.next_timer_due


def test_fire_timers_after_the_due_time_escalates_to_the_manager(timers, engine):
    started = engine.start(timers, {"escalate_after": "PT0.5S"})
    assert _ready(engine.fire_timers(started.state)) == [("countersign", "signatory")]

    time.sleep(max(0.0, (started.next_timer_due - datetime.now(UTC)).total_seconds()) + 0.05)
    fired = engine.fire_timers(started.state)

    assert _ready(fired) == [("escalate", "manager")]
    assert fired.next_timer_due is None


def test_a_time_date_from_a_variable_is_the_due_time(timers, engine):
    started = engine.start(timers, {"escalate_after": "PT1H"})

    waiting = engine.complete_task(
        started.state, started.ready_tasks[0].id, {"renewal_at": "2099-01-01T09:00:00+02:00"}
    )

    assert waiting.ready_tasks == []
    # Countersigning cancelled the one-hour escalation: only the renewal date is left.
    assert waiting.next_timer_due == datetime(2099, 1, 1, 7, 0, tzinfo=UTC)


def test_a_time_date_in_the_past_fires_in_the_same_step(timers, engine):
    started = engine.start(timers, {"escalate_after": "PT1H"})

    renewed = engine.complete_task(
        started.state, started.ready_tasks[0].id, {"renewal_at": "2020-01-01T00:00:00+00:00"}
    )

    assert _ready(renewed) == [("renewal_notice", "sales")]
    assert renewed.next_timer_due is None


def test_the_next_timer_is_named_as_in_the_diagram(timers, engine):
    started = engine.start(timers, {"escalate_after": "PT1H"})

    assert started.next_timer_name == "Overdue"  # the boundary timer of the countersign task
