"""Multi-level approval through the API: routing, reasons, rounds, parallel reviews and the committee."""

import itertools

import pytest

from service.extensions import db
from service.inbox.models import Task
from tests.factories import contract_body


def _names(team, contract_id):
    return sorted(t["name"] for t in team.open_tasks(contract_id))


@pytest.mark.parametrize("amount, first", [
    ("99999.99", ["manager_approval"]),
    ("100000.00", ["legal_approval"]),
    ("1000000.00", ["finance_approval", "legal_approval"]),
])
def test_submission_routes_by_amount(team, amount, first):
    assert _names(team, team.submit(amount=amount)) == first


def test_foreign_currency_is_converted_with_the_rate_table(team):
    team.admin.put("/rates", {"currency": "USD", "rate": "7.10"})
    contract_id = team.submit(amount="15000.00", currency="USD")  # 106,500 CNY
    legal = team.task(contract_id, "legal_approval")
    assert legal["reason"][0]["values"] == {"amount_cny": "106500.00", "amount": "15000.00", "currency": "USD"}


def test_a_currency_without_a_rate_is_refused_at_submission_and_nothing_changes(team):
    contract = team.sales.post("/contracts", contract_body(team.customer_id, currency="GBP")).json
    draft = contract["open_tasks"][0]["id"]
    response = team.sales.post(f"/tasks/{draft}/complete", {"decision": "submit"})
    assert response.status_code == 422 and response.json["error"]["field"] == "currency"
    assert "no exchange rate for GBP" in response.json["error"]["message"]
    after = team.sales.get(f"/contracts/{contract['id']}").json
    assert after["status"] == "draft" and [t["id"] for t in after["open_tasks"]] == [draft]


def test_the_task_says_why_it_is_in_the_inbox(team):
    contract_id = team.submit(amount="2400000.00", kind="framework", payment_terms_days=90)
    legal = team.legal.get("/tasks").json[0]
    assert [r["rule"] for r in legal["reason"]] == ["amount_1m_plus", "kind_framework", "payment_terms_over_60_days"]
    assert legal["reason"][2]["text"] == "Payment terms of 90 days are over 60 days: legal and finance review them."
    assert legal["contract_id"] == contract_id and legal["due_at"] and legal["escalated"] is False
    assert {f["name"] for f in legal["form"]} == {"risk_notes"}


def test_reasons_are_in_the_readers_language(team, api_as, make_user):
    team.submit(liability_cap=False)
    reader = make_user("legal")
    reader.locale = "zh_CN"
    db.session.commit()
    reason = api_as(user=reader).get("/tasks").json[0]["reason"]
    assert reason[0]["text"] == "合同未设责任上限：须由法务审核。"


def test_every_round_goes_through_every_level_again_and_history_keeps_the_rounds(team):
    contract_id = team.submit(amount="150000.00")
    team.decide(team.legal, contract_id, "legal_approval")
    team.decide(team.manager, contract_id, "manager_approval", "reject", "Lower the price")
    team.decide(team.sales, contract_id, "prepare_draft", "submit")
    assert _names(team, contract_id) == ["legal_approval"]
    history = team.admin.get(f"/contracts/{contract_id}").json["history"]
    assert [(h["name"], h["round"]) for h in history] == [
        ("prepare_draft", 1), ("legal_approval", 1), ("manager_approval", 1), ("prepare_draft", 2)]
    assert history[2]["comment"] == "Lower the price"


@pytest.mark.parametrize("order", list(itertools.permutations([("legal", "approve"), ("finance", "reject")])))
def test_a_parallel_rejection_returns_the_contract_in_either_order(team, order):
    contract_id = team.submit(amount="1000000.00")
    for role, decision in order:
        comment = "no" if decision == "reject" else ""
        assert team.decide(getattr(team, role), contract_id, f"{role}_approval", decision, comment).status_code == 200
        if decision == "reject":
            break  # the other review is withdrawn
    contract = team.sales.get(f"/contracts/{contract_id}").json
    assert contract["status"] == "draft" and [t["name"] for t in contract["open_tasks"]] == ["prepare_draft"]


def test_a_rejection_withdraws_the_other_parallel_review(team):
    contract_id = team.submit(amount="1000000.00")
    finance_task = team.task(contract_id, "finance_approval")
    team.decide(team.legal, contract_id, "legal_approval", "reject", "Liability clause missing")
    assert team.finance.get("/tasks").json == []
    assert db.session.get(Task, finance_task["id"]).status == "withdrawn"
    response = team.finance.post(f"/tasks/{finance_task['id']}/complete", {"decision": "approve"})
    assert response.status_code == 409


# Every order of every vote pattern of a three-person committee: (decisions in voting order, outcome, votes cast).
VOTES = [(("approve", "approve"), "approved"), (("reject", "reject"), "draft"),
         (("approve", "reject", "approve"), "approved"), (("approve", "reject", "reject"), "draft"),
         (("reject", "approve", "approve"), "approved"), (("reject", "approve", "reject"), "draft")]


@pytest.mark.parametrize("decisions, status", VOTES)
@pytest.mark.parametrize("order", list(itertools.permutations(range(3)))[::2])
def test_committee_any_two_of_three_in_every_order(team, decisions, status, order):
    contract_id = team.to_committee()
    voters = [team.executives[i] for i in order]
    for voter, decision in zip(voters, decisions, strict=False):
        assert team.vote(voter, contract_id, decision).status_code == 200
    contract = team.admin.get(f"/contracts/{contract_id}").json
    assert contract["status"] == status
    assert not [t for t in contract["open_tasks"] if t["name"] == "committee_vote"]
    votes = db.session.scalars(db.select(Task.status).where(Task.name == "committee_vote")).all()
    assert sorted(votes) == sorted(["completed"] * len(decisions) + ["withdrawn"] * (3 - len(decisions)))


def test_each_committee_member_votes_only_on_their_own_task(team):
    contract_id = team.to_committee()
    votes = {t["assignee"]: t for t in team.open_tasks(contract_id) if t["name"] == "committee_vote"}
    assert sorted(votes) == sorted(e.user.username for e in team.executives)
    voter, other = team.executives[1], team.executives[2].user.username
    assert voter.post(f"/tasks/{votes[other]['id']}/complete", {"decision": "approve"}).status_code == 403
    assert voter.post(f"/tasks/{votes[voter.user.username]['id']}/complete", {"decision": "approve"}).status_code == 200


def test_the_api_validates_the_task_form(team):
    contract_id = team.submit(amount="150000.00")
    task = team.task(contract_id, "legal_approval")
    bad = team.legal.post(f"/tasks/{task['id']}/complete", {"decision": "approve", "data": {"risk_notes": 3}})
    assert bad.status_code == 422 and bad.json["error"]["field"] == "data.risk_notes"
    good = team.legal.post(f"/tasks/{task['id']}/complete", {"decision": "approve", "data": {"risk_notes": "low"}})
    assert good.status_code == 200


def test_openapi_documents_the_approval_endpoints_and_fields(client):
    spec = client.get("/api/v1/openapi.json").json
    operations = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert {("/api/v1/tasks/{task_id}/delegate", "post"), ("/api/v1/tasks/{task_id}/reassign", "post"),
            ("/api/v1/tasks/bulk-complete", "post"), ("/api/v1/me/absence", "put"), ("/api/v1/rates", "put"),
            ("/api/v1/rates", "get")} <= operations
    assert {"reason", "due_at", "escalated", "form"} <= set(spec["components"]["schemas"]["TaskOut"]["properties"])
    assert {"from", "to", "deputy"} == set(spec["components"]["schemas"]["AbsenceIn"]["properties"])
