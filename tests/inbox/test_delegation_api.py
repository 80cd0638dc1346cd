"""Delegation by the approver, reassignment by managers and admins, absences with a deputy."""

from datetime import timedelta

from service.audit import service as audit
from service.db import utcnow
from service.extensions import db
from service.inbox import absence
from service.jobs import runner
from tests.factories import contract_body


def _legal_task(team, amount="150000.00"):
    contract_id = team.submit(amount=amount)
    return contract_id, team.task(contract_id, "legal_approval")


def _period(days_from=-1, days_to=5):
    now = utcnow()
    return (now + timedelta(days=days_from)).isoformat(), (now + timedelta(days=days_to)).isoformat()


def test_an_approver_delegates_to_a_named_user_holding_the_role(team, api_as):
    colleague = api_as("legal")
    _, task = _legal_task(team)
    delegated = team.legal.post(f"/tasks/{task['id']}/delegate", {"to": colleague.user.username}).json
    assert delegated["assignee"] == colleague.user.username
    assert delegated["on_behalf_of"] == team.legal.user.username
    assert [t["id"] for t in colleague.get("/tasks").json] == [task["id"]] and team.legal.get("/tasks").json == []
    assert team.legal.post(f"/tasks/{task['id']}/complete", {"decision": "approve"}).status_code == 403
    assert colleague.post(f"/tasks/{task['id']}/complete", {"decision": "approve"}).status_code == 200
    assert [e.action for e in audit.for_object("task", task["id"])][:1] == ["task.delegated"]


def test_delegation_needs_the_role_and_a_known_user(team):
    _, task = _legal_task(team)
    url = f"/tasks/{task['id']}/delegate"
    for to, message in ((team.finance.user.username, "does not hold the role Legal that this task needs"),
                        ("nobody", "no active user")):
        response = team.legal.post(url, {"to": to})
        assert response.status_code == 422 and response.json["error"]["field"] == "to"
        assert message in response.json["error"]["message"]
    assert team.legal.post(url, {}).status_code == 422
    assert team.open_tasks(task["contract_id"])[0]["assignee"] is None


def test_only_someone_who_may_act_delegates(team, api_as):
    _, task = _legal_task(team)
    response = team.finance.post(f"/tasks/{task['id']}/delegate", {"to": api_as("legal").user.username})
    assert response.status_code == 403


def test_a_manager_reassigns_any_task_and_sales_may_not(team, api_as):
    colleague = api_as("legal")
    _, task = _legal_task(team)
    team.legal.post(f"/tasks/{task['id']}/claim")
    assert team.sales.post(f"/tasks/{task['id']}/reassign", {"to": colleague.user.username}).status_code == 403
    moved = team.manager.post(f"/tasks/{task['id']}/reassign", {"to": colleague.user.username}).json
    assert moved["assignee"] == colleague.user.username and moved["on_behalf_of"] == team.legal.user.username
    event = audit.for_object("task", task["id"])[-1]
    assert event.action == "task.reassigned" and event.actor == team.manager.user.username


def test_a_committee_vote_cannot_go_to_someone_who_votes_already(team):
    contract_id = team.to_committee()
    mine = team.task(contract_id, "committee_vote", team.executives[0].user.username)
    response = team.executives[0].post(f"/tasks/{mine['id']}/delegate", {"to": team.executives[1].user.username})
    assert response.status_code == 422 and "votes once" in response.json["error"]["message"]


def test_an_absence_covering_now_moves_claims_to_the_deputy(team, api_as):
    deputy = api_as("legal")
    _, task = _legal_task(team)
    team.legal.post(f"/tasks/{task['id']}/claim")
    start, end = _period()
    body = team.legal.put("/me/absence", {"from": start, "to": end, "deputy": deputy.user.username}).json
    assert body["deputy"] == deputy.user.username and body["active"] is True
    moved = deputy.get("/tasks").json[0]
    assert moved["id"] == task["id"] and moved["on_behalf_of"] == team.legal.user.username
    assert "task.assigned_to_deputy" in [e.action for e in audit.for_object("task", task["id"])]


def test_while_away_new_assignments_go_to_the_deputy(team, api_as):
    deputy = api_as("sales")
    start, end = _period()
    team.sales.put("/me/absence", {"from": start, "to": end, "deputy": deputy.user.username})
    draft = team.sales.post("/contracts", contract_body(team.customer_id)).json["open_tasks"][0]
    assert (draft["assignee"], draft["on_behalf_of"]) == (deputy.user.username, team.sales.user.username)
    assert deputy.post(f"/tasks/{draft['id']}/complete", {"decision": "submit"}).status_code == 200


def test_a_claim_by_someone_away_goes_to_their_deputy(team, api_as):
    _, task = _legal_task(team)
    away, start_end = api_as("legal"), _period()
    away.put("/me/absence", {"from": start_end[0], "to": start_end[1], "deputy": team.legal.user.username})
    claimed = away.post(f"/tasks/{task['id']}/claim").json
    assert (claimed["assignee"], claimed["on_behalf_of"]) == (team.legal.user.username, away.user.username)


def test_a_future_absence_moves_claims_when_it_starts(team, api_as):
    deputy = api_as("legal")
    _, task = _legal_task(team)
    team.legal.post(f"/tasks/{task['id']}/claim")
    start, end = _period(days_from=1)
    planned = team.legal.put("/me/absence", {"from": start, "to": end, "deputy": deputy.user.username}).json
    assert planned["active"] is False
    assert deputy.get("/tasks").json == []
    absence.apply_due(now=utcnow() + timedelta(days=2))
    assert deputy.get("/tasks").json[0]["id"] == task["id"]


def test_bad_absences_are_422_and_change_nothing(team, api_as):
    start, end = _period()
    cases = [({"from": end, "to": start, "deputy": api_as("legal").user.username}, "to"),
             ({"from": start, "to": end, "deputy": "nobody"}, "deputy"),
             ({"from": start, "to": end, "deputy": team.legal.user.username}, "deputy"),
             ({"from": start, "to": end, "deputy": team.finance.user.username}, "deputy"),
             ({"from": start, "to": end}, "deputy")]
    for body, field in cases:
        response = team.legal.put("/me/absence", body)
        assert response.status_code == 422 and response.json["error"]["field"] == field, body
    assert team.legal.get("/me/absence").status_code == 404


def test_an_absence_can_be_read_and_ended(team, api_as):
    start, end = _period()
    team.legal.put("/me/absence", {"from": start, "to": end, "deputy": api_as("legal").user.username})
    assert team.legal.get("/me/absence").json["active"] is True
    assert team.legal.delete("/me/absence").status_code == 204
    assert team.legal.get("/me/absence").status_code == 404


def test_listing_the_inbox_writes_nothing_the_absence_job_moves_the_claims(team, api_as):
    deputy = api_as("legal")
    _, task = _legal_task(team)
    team.legal.post(f"/tasks/{task['id']}/claim")
    start, end = _period(days_from=1)
    team.legal.put("/me/absence", {"from": start, "to": end, "deputy": deputy.user.username})
    row = absence.get(user=team.legal.user)
    row.starts_at = utcnow() - timedelta(minutes=1)  # it has started, and no job has run yet
    db.session.commit()

    assert deputy.get("/tasks").json == [] and team.legal.get("/tasks").json[0]["id"] == task["id"]
    assert absence.get(user=team.legal.user).applied_at is None
    db.session.rollback()  # the job's own session needs SQLite's write lock

    assert runner.execute("inbox.apply_absences", "absence-x", {}) == 1
    assert deputy.get("/tasks").json[0]["id"] == task["id"]


def test_candidates_are_the_active_holders_of_the_role_by_display_name(team, make_user, api_as):
    _, task = _legal_task(team)
    other = make_user("legal")
    other.display_name = "Lena Legal_100"
    make_user("legal").active = False
    db.session.commit()
    listed = team.legal.get(f"/tasks/{task['id']}/candidates").json
    assert other.username in [c["username"] for c in listed] and "Lena Legal_100" in [c["display_name"] for c in listed]
    assert [c["username"] for c in team.legal.get(f"/tasks/{task['id']}/candidates", q="legal_1").json] == [
        other.username]
    assert team.legal.get(f"/tasks/{task['id']}/candidates", q="%").json == []  # typed text, never a pattern
    assert api_as("sales").get(f"/tasks/{task['id']}/candidates").status_code == 404
