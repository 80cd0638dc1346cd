"""Timer health: `flask timers status` and GET /api/v1/timers/health."""

import time
from datetime import timedelta

from service.db import utcnow
from service.extensions import db
from service.processes.models import ProcessInstance


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
