"""Timer health: `flask timers status` and GET /api/v1/timers/health."""

import time
from datetime import timedelta

from sqlalchemy import select

from service.db import utcnow
from service.extensions import db
from service.key_dates.models import Reminder
from service.processes.models import ProcessInstance
from service.timers import service as timers
from service.timers.models import TimerFiring


def test_status_reports_pending_and_lateness_percentiles(app, deploy_wait_then_end, run_jobs):
    deploy_wait_then_end(wait="PT0.1S")
    deploy_wait_then_end(wait="PT1H")
    time.sleep(0.15)
    run_jobs()

    result = app.test_cli_runner().invoke(args=["timers", "status"])

    assert result.exit_code == 0, result.output
    assert "timers pending 1, due now 0, overdue 0" in result.output
    assert "fired in the last 24 h: 1, early 0; lateness p50" in result.output


def test_status_exits_1_when_a_timer_is_overdue(app, deploy_wait_then_end):
    instance = db.session.get(ProcessInstance, deploy_wait_then_end(wait="PT1H"))
    instance.next_timer_due = utcnow() - timedelta(seconds=30)  # as if no worker had run for 30 s
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["timers", "status"])

    assert result.exit_code == 1 and "due now 1, overdue 1" in result.output


def test_health_api_is_for_admins(api_as, deploy_wait_then_end):
    deploy_wait_then_end(wait="PT1H")
    db.session.rollback()

    health = api_as("admin").get("/timers/health", hours=1)

    assert health.status_code == 200 and health.json["pending"] == 1 and health.json["window_hours"] == 1
    assert api_as("sales").get("/timers/health").status_code == 403
    assert api_as("admin").get("/timers/health", hours=0).json["error"]["field"] == "hours"


def test_lateness_counts_from_when_a_timer_was_set_up_if_that_was_after_its_due_time():
    due = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    set_up = due + timedelta(hours=15)
    assert timers.lateness_ms(due=due, fired_at=set_up + timedelta(seconds=1), set_up_at=set_up) == 1000
    assert timers.lateness_ms(due=set_up, fired_at=set_up + timedelta(seconds=2), set_up_at=due) == 2000
    assert timers.lateness_ms(due=due, fired_at=due - timedelta(seconds=1), set_up_at=set_up) == -1000  # early


def test_a_reminder_set_up_after_its_hour_on_its_day_is_not_counted_late(app, new_contract, run_jobs):
    app.config["REMINDER_HOUR"] = 0  # the contract's effective-date reminder fell due at midnight, before it existed
    new_contract(days=365)
    run_jobs()
    firing, reminder = db.session.execute(select(TimerFiring, Reminder).join(
        Reminder, Reminder.id == TimerFiring.object_id).where(TimerFiring.kind == "reminder")).one()
    assert reminder.set_up_at > reminder.due_at or utcnow().hour == 0
    assert 0 <= firing.lateness_ms < 60_000


def test_health_lists_the_timers_not_fired_yet(api_as, deploy_wait_then_end):
    deploy_wait_then_end(wait="PT1H")
    db.session.rollback()
    timers_ = api_as("admin").get("/timers/health").json["timers"]
    assert [(t["kind"], t["name"], t["state"], t["contract_id"]) for t in timers_] == [("process", "Wait", "pending",
                                                                                      None)]
