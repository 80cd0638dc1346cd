"""Escalation with a controlled clock: a reminder when a task is due, escalation at twice its time."""

from datetime import timedelta

from service.db import utcnow
from service.extensions import db
from service.inbox import escalation
from service.inbox.models import Task
from service.jobs import queue, sweeper, worker
from service.notifications.models import Notification
from service.notifications.service import render


def _notes(kind):
    return db.session.scalars(db.select(Notification).where(Notification.kind == kind)).all()


def _legal_task(team):
    contract_id = team.submit(amount="150000.00")  # legal is due in P3D (approval_levels.dmn)
    return db.session.get(Task, team.task(contract_id, "legal_approval")["id"])


def test_the_due_time_comes_from_the_level_in_the_decision_table(team):
    task = _legal_task(team)
    assert task.due_at - task.created_at == timedelta(days=3)


def test_nothing_happens_before_the_due_time(team):
    task = _legal_task(team)
    result = escalation.sweep(now=task.due_at - timedelta(seconds=1))
    assert (result.reminded, result.escalated) == ([], []) and _notes("task_due") == []


def test_when_due_the_holder_is_reminded_once(team):
    task = _legal_task(team)
    team.legal.post(f"/tasks/{task.id}/claim")
    assert escalation.sweep(now=task.due_at).reminded == [task.id]
    assert escalation.sweep(now=task.due_at + timedelta(hours=1)).reminded == []
    notes = _notes("task_due")
    assert [n.user_id for n in notes] == [team.legal.user.id]
    assert "is due" in render(notes[0], "en")[0] and "已到期" in render(notes[0], "zh_CN")[0]


def test_an_unclaimed_task_reminds_everyone_holding_its_role(team, api_as):
    other = api_as("legal")
    task = _legal_task(team)
    escalation.sweep(now=task.due_at)
    assert sorted(n.user_id for n in _notes("task_due")) == sorted([team.legal.user.id, other.user.id])


def test_at_twice_the_time_it_is_escalated_managers_told_and_it_sorts_first(team):
    task = _legal_task(team)
    later = _legal_task(team)
    at = task.due_at + (task.due_at - task.created_at)
    assert escalation.sweep(now=at - timedelta(seconds=1)).escalated == []
    db.session.commit()
    assert escalation.sweep(now=at).escalated == [task.id]
    assert escalation.sweep(now=at + timedelta(days=1)).escalated == [later.id]
    db.session.commit()
    assert [n.user_id for n in _notes("task_escalated")] == [team.manager.user.id] * 2
    listed = team.legal.get("/tasks").json
    assert [t["escalated"] for t in listed] == [True, True]


def test_escalated_tasks_come_before_earlier_due_ones(team):
    first, second = _legal_task(team), _legal_task(team)
    escalation.escalate(task_id=second.id, now=escalation.escalates_at(second))
    db.session.commit()
    assert [t["id"] for t in team.legal.get("/tasks").json] == [second.id, first.id]


def test_a_completed_task_is_neither_reminded_nor_escalated(team):
    task = _legal_task(team)
    team.legal.post(f"/tasks/{task.id}/complete", {"decision": "approve"})
    result = escalation.sweep(now=task.due_at + timedelta(days=30))
    assert task.id not in result.reminded + result.escalated


def test_the_cli_runs_the_sweep(app, team):
    _legal_task(team)
    result = app.test_cli_runner().invoke(args=["tasks", "escalate"])
    assert result.exit_code == 0 and "reminded 0 task(s), escalated 0 task(s)" in result.output


def test_the_job_sweeper_runs_reminders_and_escalations_when_due(app, team):
    task = _legal_task(team)
    task.created_at, task.due_at = utcnow() - timedelta(hours=2), utcnow() - timedelta(hours=1)
    db.session.commit()
    sweeper.sweep(queue.connection(app))
    db.session.rollback()  # the jobs' own sessions need SQLite's write lock
    worker.drain(app)
    db.session.expire_all()
    task = db.session.get(Task, task.id)
    assert task.reminded_at is not None and task.escalated
