"""Bulk decisions in the web inbox: tick tasks, one decision and comment, a result for each."""

from service.extensions import db
from service.inbox import service as inbox
from service.inbox.models import Task
from tests.factories import contract as create_contract


def _submitted(owner, customer, **overrides):
    contract = create_contract(owner, customer, **overrides)
    inbox.complete(task_id=inbox.open_tasks_for(contract.id)[0].id, user=owner, decision="submit")
    db.session.commit()
    return inbox.open_tasks_for(contract.id)[0].id


def test_the_inbox_offers_a_checkbox_per_task_and_one_decision(web_as, submitted):
    page = web_as("manager").get("/inbox").get_data(as_text=True)
    assert 'data-testid="bulk-form"' in page
    assert f'name="task_ids" value="{submitted[2].id}" form="bulk-form"' in page


def test_ticked_tasks_are_completed_each_on_its_own_and_failures_are_listed(web_as, make_user, customer):
    owner = make_user("sales")
    mine = [_submitted(owner, customer) for _ in range(2)]
    legal = _submitted(owner, customer, amount="150000.00")
    manager = web_as("manager")
    response = manager.post("/inbox/bulk", {"task_ids": [*mine, legal], "decision": "approve", "comment": "ok"})
    assert response.status_code == 302
    page = manager.get("/inbox").get_data(as_text=True)
    number = db.session.get(Task, legal).contract.number
    assert "2 tasks completed." in page and f"{number} “Review the contract (legal)” was not completed" in page
    assert [db.session.get(Task, i).status for i in (*mine, legal)] == ["completed", "completed", "open"]


def test_nothing_ticked_is_explained_in_chinese(web_as, make_user, submitted):
    user = make_user("manager")
    user.locale = "zh_CN"
    db.session.commit()
    manager = web_as(user=user)
    manager.post("/inbox/bulk", {"decision": "approve"})
    assert "请勾选要处理的任务。" in manager.get("/inbox").get_data(as_text=True)
    assert db.session.get(Task, submitted[2].id).status == "open"


def test_no_bulk_bar_for_drafts_nor_for_sales(web_as, draft):
    owner, contract = draft
    page = web_as(user=owner).get("/inbox").get_data(as_text=True)
    assert "Prepare and submit the draft" in page
    assert 'data-testid="bulk-form"' not in page and 'name="task_ids"' not in page


def test_a_failure_names_the_contract_and_task_and_the_decisions_by_their_labels(web_as, draft):
    owner, contract = draft
    task_id = inbox.open_tasks_for(contract.id)[0].id
    me = web_as(user=owner)
    me.post("/inbox/bulk", {"task_ids": [task_id], "decision": "approve"})
    page = me.get("/inbox").get_data(as_text=True)
    assert (f"{contract.number} “Prepare and submit the draft” was not completed: it offers only "
            "“Submit for approval”.") in page
    assert f"Task {task_id}" not in page and "one of: submit" not in page
