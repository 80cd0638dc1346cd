"""A contract's process for anyone who may see the contract: markers, open tasks, timers, levels still to come."""

from tests.factories import contract_body


def process_of(api, contract_id):
    response = api.get(f"/contracts/{contract_id}/process")
    assert response.status_code == 200, response.json
    return response.json


def diagram(process, file):
    return next(d for d in process["diagrams"] if d["file"] == file)


def test_a_draft_marks_its_current_task_and_says_which_levels_will_come(draft, api_as):
    owner, contract = draft

    process = process_of(api_as(user=owner), contract.id)

    top = diagram(process, "contract_lifecycle.bpmn")
    assert top["current"] == ["drafting", "prepare_draft"]
    assert {"start", "mark_draft", "flow_start"} <= set(top["completed"])
    assert [(t["name"], t["assignee"]) for t in process["tasks"]] == [("prepare_draft", owner.username)]
    assert [level["level"] for level in process["levels_to_come"]] == ["manager"]
    assert (process["process_id"], process["version"], process["status"]) == ("contract_lifecycle", 1, "running")


def test_in_approval_the_called_process_is_drawn_and_reached_levels_drop_out(team):
    contract_id = team.submit(amount="250000.00")
    assert team.decide(team.legal, contract_id, "legal_approval").status_code == 200

    process = process_of(team.sales, contract_id)

    assert [d["file"] for d in process["diagrams"]] == ["contract_lifecycle.bpmn", "approval.bpmn"]
    assert diagram(process, "approval.bpmn")["current"] == ["manager_approval"]
    assert "reviews" in diagram(process, "approval.bpmn")["completed"]  # legal reviewed inside it
    assert process["levels_to_come"] == []  # legal done, the manager's task is open
    assert [t["name"] for t in process["tasks"]] == ["manager_approval"]


def test_an_approved_contract_waits_for_its_renewal_notice_with_a_due_time(submitted, api_as):
    owner, contract, task = submitted
    assert api_as("manager").post(f"/tasks/{task.id}/complete", {"decision": "approve"}).status_code == 200

    process = process_of(api_as(user=owner), contract.id)

    [timer] = process["waiting"]
    assert (timer["element_id"], timer["kind"]) == ("wait_renewal_notice", "timer")
    assert timer["due"] == "2027-11-02T00:00:00Z"  # 60 days before the day after the end date
    assert diagram(process, "contract_lifecycle.bpmn")["waiting"] == ["wait_renewal_notice"]
    assert process["levels_to_come"] == []


def test_someone_who_may_not_see_the_contract_gets_404(draft, api_as):
    _, contract = draft

    assert api_as("sales").get(f"/contracts/{contract.id}/process").status_code == 404
    assert api_as("legal").get(f"/contracts/{contract.id}/process").status_code == 200
    assert api_as("legal").get("/contracts/999/process").status_code == 404


def test_a_currency_without_a_rate_leaves_the_levels_unsaid(api_as, customer):
    sales = api_as("sales")
    contract = sales.post("/contracts", contract_body(customer.id, currency="USD")).json

    process = process_of(sales, contract["id"])

    assert process["levels_to_come"] is None
    assert "USD" in process["levels_note"]
