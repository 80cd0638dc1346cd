"""A person's whole cycle in the browser: draft, submit, reject with a comment, resubmit, approve."""

import re

from playwright.sync_api import expect

from service.contracts import service as contracts
from service.extensions import db
from service.inbox import service as inbox
from tests.factories import contract as create_contract


def _create_customer_and_contract(page):
    page.get_by_role("link", name="Customers").click()
    page.get_by_role("link", name="New customer").click()
    page.get_by_label("Code").fill("HZTECH")
    page.get_by_label("Name").fill("杭州云启科技有限公司")
    page.get_by_role("button", name="Create the customer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("杭州云启科技有限公司")
    page.get_by_role("link", name="New contract for this customer").click()
    page.get_by_label("Title").fill("Cloud platform SOW")
    page.get_by_label("Kind").select_option("sow")
    page.get_by_label("Amount").fill("38000")
    page.get_by_role("button", name="Create the draft").click()
    expect(page.locator("[data-testid=contract-status]")).to_have_text("Draft")
    expect(page.locator("[data-testid=contract-amount]")).to_have_text("¥38,000.00")


def _open_task(page, title):
    page.get_by_role("link", name=re.compile("^Inbox")).click()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def _decide(page, decision, comment=""):
    page.get_by_label("Comment").fill(comment)
    page.get_by_role("button", name=decision).click()
    expect(page).to_have_url(re.compile(r"/inbox$"))
    expect(page.get_by_role("status")).to_contain_text(decision if decision != "Submit for approval" else "Submitted")


def test_draft_reject_resubmit_approve(logged_in, make_user):
    sales, manager = logged_in(make_user("sales")), logged_in(make_user("manager"))
    _create_customer_and_contract(sales)
    _open_task(sales, "Prepare and submit the draft")
    _decide(sales, "Submit for approval")

    _open_task(manager, "Approve the contract")
    manager.get_by_role("button", name="Reject").click()
    expect(manager.locator(".invalid-feedback[data-field=comment]")).to_contain_text("A comment is required")
    _decide(manager, "Reject", "Please attach the price list.")

    _open_task(sales, "Prepare and submit the draft")
    expect(sales.locator("[data-testid=returned]")).to_contain_text("Please attach the price list.")
    _decide(sales, "Submit for approval")

    _open_task(manager, "Approve the contract")
    _decide(manager, "Approve", "Fine now.")

    sales.get_by_role("link", name="Contracts").click()
    sales.get_by_role("link", name=re.compile(r"^C\d{4}-")).click()
    expect(sales.locator("[data-testid=contract-status]")).to_have_text("Approved")
    history = sales.locator("[data-testid=history] li")
    expect(history).to_have_count(4)
    expect(history.nth(1)).to_contain_text("Rejected")
    expect(history.nth(1)).to_contain_text("Please attach the price list.")
    expect(history.nth(3)).to_contain_text("Approved")
    expect(sales.locator("[data-testid=timeline] [data-status]")).to_have_count(5)


def test_inbox_in_chinese(logged_in, make_user, customer):
    owner = make_user("sales")
    contract = create_contract(owner, customer)
    inbox.complete(task_id=inbox.open_tasks_for(contract.id)[0].id, user=owner, decision="submit")
    db.session.commit()
    page = logged_in(make_user("manager"), locale="zh-CN")
    expect(page.get_by_role("heading", level=1)).to_have_text("待办")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("[data-view=all]")).to_contain_text("我的全部任务")
    expect(page.locator(".task-row")).to_contain_text("审批合同")
    expect(page.locator(".task-row")).to_contain_text("¥12,000.50")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")


def test_form_post_without_csrf_token_is_refused(logged_in, make_user, customer):
    owner = make_user("sales")
    task_id = inbox.open_tasks_for(create_contract(owner, customer).id)[0].id
    page = logged_in(owner)
    response = page.request.post(f"/tasks/{task_id}", form={"decision": "submit"})
    assert response.status == 400 and "This form has expired" in response.text()
    page.goto(f"/tasks/{task_id}")
    expect(page.get_by_role("button", name="Submit for approval")).to_be_visible()
    assert contracts.search(user=owner)[0].status == "draft"
