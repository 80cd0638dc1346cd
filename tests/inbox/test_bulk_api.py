"""Bulk completion: one decision for several tasks, each authorised and audited on its own."""

from service.audit import service as audit
from service.extensions import db
from service.inbox.models import Task


def _manager_tasks(team, count):
    return [team.task(team.submit(), "manager_approval")["id"] for _ in range(count)]


def test_a_mix_of_allowed_and_forbidden_tasks_reports_each_and_keeps_the_successes(team):
    mine = _manager_tasks(team, 2)
    legal = team.task(team.submit(amount="150000.00"), "legal_approval")["id"]
    ids = [mine[0], legal, 999999, mine[1]]
    response = team.manager.post("/tasks/bulk-complete", {"task_ids": ids, "decision": "approve", "comment": "ok"})
    assert response.status_code == 200
    results = {r["task_id"]: r for r in response.json}
    assert [results[i]["ok"] for i in (mine[0], legal, 999999, mine[1])] == [True, False, False, True]
    assert results[mine[0]]["contract_status"] == "approved"
    assert results[legal]["error"]["code"] == "forbidden" and results[999999]["error"]["code"] == "not_found"
    assert db.session.get(Task, legal).status == "open"
    assert [e.action for e in audit.for_object("task", mine[1])] == ["task.completed"]


def test_a_task_completed_already_is_a_conflict_in_the_results(team):
    first, second = _manager_tasks(team, 2)
    team.manager.post(f"/tasks/{first}/complete", {"decision": "approve"})
    results = team.manager.post("/tasks/bulk-complete", {"task_ids": [first, second], "decision": "approve"}).json
    assert [(r["ok"], (r.get("error") or {}).get("code")) for r in results] == [(False, "conflict"), (True, None)]


def test_a_bulk_rejection_needs_a_comment_for_each_and_changes_nothing(team):
    ids = _manager_tasks(team, 2)
    results = team.manager.post("/tasks/bulk-complete", {"task_ids": ids, "decision": "reject"}).json
    assert [r["error"]["field"] for r in results] == ["comment", "comment"]
    assert {db.session.get(Task, i).status for i in ids} == {"open"}


def test_a_bulk_rejection_returns_every_contract(team):
    ids = _manager_tasks(team, 2)
    results = team.manager.post("/tasks/bulk-complete",
                                {"task_ids": ids, "decision": "reject", "comment": "Use the new template"}).json
    assert [r["contract_status"] for r in results] == ["draft", "draft"]


def test_bad_bulk_requests_are_422(team):
    assert team.manager.post("/tasks/bulk-complete", {"task_ids": [], "decision": "approve"}).status_code == 422
    assert team.manager.post("/tasks/bulk-complete", {"task_ids": list(range(101)),
                                                      "decision": "approve"}).status_code == 422
    response = team.manager.post("/tasks/bulk-complete", {"task_ids": ["x"], "decision": "approve"})
    assert response.status_code == 422 and response.json["error"]["field"].startswith("task_ids")
