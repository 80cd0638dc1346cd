import pytest

from tests.factories import contract_body


@pytest.fixture
def submitted(api_as, customer):
    """A contract its owner has submitted: the manager approval task is open."""
    sales = api_as("sales")
    contract = sales.post("/contracts", contract_body(customer.id)).json
    response = sales.post(f"/tasks/{contract['open_tasks'][0]['id']}/complete", {"decision": "submit"})
    assert response.status_code == 200 and response.json["contract_status"] == "in_approval"
    return sales, sales.get(f"/contracts/{contract['id']}").json


def test_inbox_shows_role_tasks(api_as, submitted):
    _, contract = submitted
    tasks = api_as("manager").get("/tasks").json
    assert [(t["name"], t["role"], t["contract_number"]) for t in tasks] == [
        ("manager_approval", "manager", contract["number"])]
    assert tasks[0]["due_at"] and tasks[0]["assignee"] is None


def test_inbox_of_other_roles_is_empty(api_as, submitted):
    assert api_as("legal").get("/tasks").json == []


def test_manager_approves(api_as, submitted):
    sales, contract = submitted
    manager = api_as("manager")
    task_id = contract["open_tasks"][0]["id"]
    response = manager.post(f"/tasks/{task_id}/complete", {"decision": "approve", "comment": "fine"})
    assert response.json == {"task_id": task_id, "contract_id": contract["id"], "contract_status": "approved"}
    after = sales.get(f"/contracts/{contract['id']}").json
    assert after["status"] == "approved" and after["open_tasks"] == []
    assert [(h["name"], h["decision"], h["by"]) for h in after["history"]] == [
        ("prepare_draft", "submit", sales.user.username), ("manager_approval", "approve", manager.user.username)]


def test_reject_returns_to_owner_with_comment_and_resubmission_goes_to_approval(api_as, submitted):
    sales, contract = submitted
    manager = api_as("manager")
    manager.post(f"/tasks/{contract['open_tasks'][0]['id']}/complete",
                 {"decision": "reject", "comment": "Add the price list"})
    returned = sales.get(f"/contracts/{contract['id']}").json
    assert returned["status"] == "draft"
    assert returned["history"][-1]["comment"] == "Add the price list"
    assert [t["id"] for t in sales.get("/tasks").json] == [returned["open_tasks"][0]["id"]]
    sales.post(f"/tasks/{returned['open_tasks'][0]['id']}/complete", {"decision": "submit"})
    assert [t["name"] for t in manager.get("/tasks").json] == ["manager_approval"]


def test_reject_without_comment_is_422_and_changes_nothing(api_as, submitted):
    sales, contract = submitted
    task_id = contract["open_tasks"][0]["id"]
    response = api_as("manager").post(f"/tasks/{task_id}/complete", {"decision": "reject", "comment": "  "})
    assert response.status_code == 422 and response.json["error"]["field"] == "comment"
    after = sales.get(f"/contracts/{contract['id']}").json
    assert after["status"] == "in_approval" and after["open_tasks"][0]["id"] == task_id


def test_unknown_decision_is_422(api_as, submitted):
    _, contract = submitted
    response = api_as("manager").post(f"/tasks/{contract['open_tasks'][0]['id']}/complete", {"decision": "maybe"})
    assert response.status_code == 422 and "approve, reject" in response.json["error"]["message"]


def test_unknown_form_field_is_422(api_as, submitted):
    _, contract = submitted
    response = api_as("manager").post(f"/tasks/{contract['open_tasks'][0]['id']}/complete",
                                      {"decision": "approve", "data": {"discount": 5}})
    assert response.status_code == 422 and response.json["error"]["field"] == "data.discount"


def test_wrong_role_is_403(api_as, submitted):
    _, contract = submitted
    response = api_as("legal").post(f"/tasks/{contract['open_tasks'][0]['id']}/complete", {"decision": "approve"})
    assert response.status_code == 403


def test_owners_task_is_not_for_other_sales_users(api_as, customer):
    contract = api_as("sales").post("/contracts", contract_body(customer.id)).json
    other = api_as("sales")
    assert other.get("/tasks").json == []
    assert other.post(f"/tasks/{contract['open_tasks'][0]['id']}/complete", {"decision": "submit"}).status_code == 403


def test_completed_task_is_409(api_as, submitted):
    _, contract = submitted
    manager = api_as("manager")
    url = f"/tasks/{contract['open_tasks'][0]['id']}/complete"
    assert manager.post(url, {"decision": "approve"}).status_code == 200
    response = manager.post(url, {"decision": "approve"})
    assert response.status_code == 409 and "completed" in response.json["error"]["message"]


def test_unknown_task_is_404(api_as):
    assert api_as("manager").post("/tasks/9999/complete", {"decision": "approve"}).status_code == 404


def test_claim_makes_the_task_exclusive(api_as, submitted):
    _, contract = submitted
    first, second = api_as("manager"), api_as("manager")
    task_id = contract["open_tasks"][0]["id"]
    assert first.post(f"/tasks/{task_id}/claim").json["assignee"] == first.user.username
    assert second.post(f"/tasks/{task_id}/claim").status_code == 409
    assert second.get("/tasks").json == []
    assert second.post(f"/tasks/{task_id}/complete", {"decision": "approve"}).status_code == 403
    assert [t["id"] for t in first.get("/tasks").json] == [task_id]


def test_release_gives_the_task_back(api_as, submitted):
    _, contract = submitted
    first, second = api_as("manager"), api_as("manager")
    task_id = contract["open_tasks"][0]["id"]
    first.post(f"/tasks/{task_id}/claim")
    assert second.post(f"/tasks/{task_id}/release").status_code == 409
    assert first.post(f"/tasks/{task_id}/release").json["assignee"] is None
    assert [t["id"] for t in second.get("/tasks").json] == [task_id]


def test_claim_needs_the_role(api_as, submitted):
    _, contract = submitted
    assert api_as("finance").post(f"/tasks/{contract['open_tasks'][0]['id']}/claim").status_code == 403
