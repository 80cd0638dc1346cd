from service.contracts import service as contracts
from service.extensions import db
from service.inbox import service as inbox
from tests.factories import contract as create_contract


def test_task_page_shows_the_contract_history_and_the_decisions(web_as, submitted):
    owner, contract, task = submitted
    page = web_as("manager").get(f"/tasks/{task.id}").get_data(as_text=True)
    assert contract.number in page and "ACME Ltd." in page and "¥12,000.50" in page
    assert "Prepare and submit the draft" in page and owner.display_name in page
    assert 'value="approve"' in page and 'value="reject"' in page


def test_approve_returns_to_the_inbox_with_a_confirmation(web_as, submitted):
    _, contract, task = submitted
    manager = web_as("manager")
    response = manager.post(f"/tasks/{task.id}", {"decision": "approve", "comment": "Fine."})
    assert response.location == "/inbox"
    confirmation = f"Approved: Approve the contract, contract {contract.number}."
    assert confirmation in manager.get("/inbox").get_data(as_text=True)
    assert contracts.get_for(contract_id=contract.id, user=manager.user).status == "approved"


def test_reject_without_comment_shows_the_error_next_to_the_comment_and_changes_nothing(web_as, submitted):
    _, contract, task = submitted
    response = web_as("manager").post(f"/tasks/{task.id}", {"decision": "reject", "comment": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-field="comment">A comment is required to reject' in page
    assert [t.id for t in inbox.open_tasks_for(contract.id)] == [task.id]
    assert [t.decision for t in inbox.history_for(contract.id)] == ["submit"]


def test_missing_or_unknown_decision_is_shown_on_the_form(web_as, submitted):
    manager, task = web_as("manager"), submitted[2]
    assert 'data-field="decision">Choose a decision.' in manager.post(f"/tasks/{task.id}", {}).get_data(as_text=True)
    page = manager.post(f"/tasks/{task.id}", {"decision": "maybe"}).get_data(as_text=True)
    assert 'data-field="decision">The decision must be one of: approve, reject' in page


def test_owner_sees_the_rejection_comment_and_resubmits(web_as, submitted):
    owner, contract, task = submitted
    web_as("manager").post(f"/tasks/{task.id}", {"decision": "reject", "comment": "Add the price list"})
    sales = web_as(user=owner)
    draft_task = inbox.open_tasks_for(contract.id)[0]
    page = sales.get(f"/tasks/{draft_task.id}").get_data(as_text=True)
    assert 'data-testid="returned"' in page and "Add the price list" in page
    assert sales.post(f"/tasks/{draft_task.id}", {"decision": "submit"}).location == "/inbox"
    assert contracts.get_for(contract_id=contract.id, user=owner).status == "in_approval"


def test_completed_task_posted_again_is_a_409_page(web_as, submitted):
    manager, task = web_as("manager"), submitted[2]
    manager.post(f"/tasks/{task.id}", {"decision": "approve"})
    response = manager.post(f"/tasks/{task.id}", {"decision": "approve"})
    assert response.status_code == 409 and "is completed already" in response.get_data(as_text=True)


def test_reviewer_without_the_role_sees_the_task_read_only_and_may_not_complete_it(web_as, submitted):
    legal, task = web_as("legal"), submitted[2]
    page = legal.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert 'data-testid="not-actionable"' in page and 'value="approve"' not in page
    assert legal.post(f"/tasks/{task.id}", {"decision": "approve"}).status_code == 403


def test_another_sales_users_task_is_404(web_as, draft):
    owner, contract = draft
    response = web_as("sales").get(f"/tasks/{inbox.open_tasks_for(contract.id)[0].id}")
    assert response.status_code == 404 and 'data-testid="error-status">404<' in response.get_data(as_text=True)


def test_unknown_task_is_404(web_as):
    assert web_as("manager").get("/tasks/424242").status_code == 404


def test_task_declared_fields_and_reason_are_on_the_page_and_submitted(web_as, customer, make_user):
    owner = make_user("sales")
    contract = create_contract(owner, customer, amount="380000.00")
    inbox.complete(task_id=inbox.open_tasks_for(contract.id)[0].id, user=owner, decision="submit")
    db.session.commit()
    legal, task = web_as("legal"), inbox.open_tasks_for(contract.id)[0]
    page = legal.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert 'name="data.risk_notes"' in page and "Risk notes" in page
    assert 'data-testid="reason"' in page and "legal reviews" in page
    response = legal.post(f"/tasks/{task.id}", {"decision": "approve", "data.risk_notes": "Standard clauses."})
    assert response.location == "/inbox" and inbox.get_or_404(task.id).status == "completed"
