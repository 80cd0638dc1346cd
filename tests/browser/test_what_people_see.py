"""What the browser shows: a 390 px phone, multi-line comments, and the hand-over search."""

from playwright.sync_api import expect

from service.extensions import db
from service.inbox import service as inbox
from tests.factories import contract as create_contract

PHONE = {"width": 390, "height": 844}
LONG = "Rahmenvertragsverlängerungsvereinbarungsentwurfsüberarbeitung" * 3  # one unbroken word


def _submitted(owner, customer, **overrides):
    contract = create_contract(owner, customer, **overrides)
    inbox.complete(task_id=inbox.open_tasks_for(contract.id)[0].id, user=owner, decision="submit")
    db.session.commit()
    return contract, inbox.open_tasks_for(contract.id)[0]


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_long_unbroken_title_does_not_widen_the_page_on_a_phone(logged_in, make_user, customer):
    owner = make_user("sales")
    contract, task = _submitted(owner, customer, title=LONG)
    paths = ("/contracts", f"/contracts/{contract.id}", f"/tasks/{task.id}", f"/customers/{customer.id}")
    page = logged_in(owner)
    page.set_viewport_size(PHONE)
    for path in paths:
        page.goto(path)
        assert _fits(page), path
    page.goto("/contracts")
    row = page.locator("[data-testid=contracts-table] tbody tr").first
    for cell in ("Amount", "Status"):
        box = row.locator(f"td[data-label={cell}]").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], cell
    expect(row.locator("td[data-label=Amount]")).to_contain_text("¥12,000.50")


def test_a_multi_line_rejection_keeps_its_lines_and_stays_text(logged_in, make_user, customer):
    owner, manager = make_user("sales"), make_user("manager")
    contract, task = _submitted(owner, customer)
    inbox.complete(task_id=task.id, user=manager, decision="reject",
                   comment="Please fix:\n1. the price list\n2. <b>the dates</b>")
    db.session.commit()
    path = f"/tasks/{inbox.open_tasks_for(contract.id)[0].id}"
    page = logged_in(owner)
    page.goto(path)
    banner = page.locator("[data-testid=returned-comment]")
    assert banner.inner_text() == "Please fix:\n1. the price list\n2. <b>the dates</b>"
    assert banner.locator("b").count() == 0
    history = page.locator("[data-testid=history] blockquote")
    assert history.inner_text() == "Please fix:\n1. the price list\n2. <b>the dates</b>"


def test_handing_over_searches_the_people_who_may_take_it(logged_in, make_user, customer):
    owner, manager, colleague, other = make_user("sales"), make_user("manager"), make_user("manager"), \
        make_user("manager")
    colleague.display_name, other.display_name = "Wang Wei", "Mike Manager"
    db.session.commit()
    _, task = _submitted(owner, customer)
    path = f"/tasks/{task.id}"
    page = logged_in(manager)
    page.goto(path)
    search = page.locator("#delegate-search")
    expect(search).to_be_visible()
    search.fill("wang")
    options = page.locator("#delegate-to option")
    expect(options).to_have_count(2)
    expect(options.nth(1)).to_have_text("Wang Wei")
    page.locator("[data-testid=delegate-form] button[type=submit]").click()
    expect(page.get_by_role("status")).to_contain_text("to Wang Wei")
