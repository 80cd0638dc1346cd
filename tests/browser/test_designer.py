"""The process designer in Chromium: edit, validate and deploy in the modeler, contracts on the new version,
problems marked on their elements, a contract's process drawn with its current task; pages under a strict
Content-Security-Policy."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from service.extensions import db
from service.inbox import service as inbox
from tests.designer.conftest import version_count
from tests.factories import contract as create_contract

SHOTS = Path("/tmp/designer-pages")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'")


@pytest.fixture
def strict_csp(app):
    """Every response carries a Content-Security-Policy that allows no inline script (before the server starts)."""

    @app.after_request
    def _policy(response):
        response.headers["Content-Security-Policy"] = CSP
        return response


@pytest.fixture
def watch():
    """watch(page) -> the list of console errors and page errors it logs (a CSP violation is one)."""

    def attach(page):
        errors = []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda dialog: dialog.accept())  # "deploy this as the newest version?"
        return errors

    return attach


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def open_modeler(page, model_id):
    page.goto(f"/designer/models/{model_id}/edit")
    expect(page.locator("[data-testid=designer-stage]")).to_have_attribute("data-ready", "true")


def run(page, script, arg=None):
    """Evaluate `(editor, arg) => ...` with the page's opened editor ({modeler, getXml, ...})."""
    return page.evaluate(f"async (arg) => {{ const editor = await window.pactumEditor.designer.ready; "
                         f"return await ({script})(editor, arg); }}", arg)


def test_rename_a_task_validate_deploy_and_a_new_contract_runs_on_it(strict_csp, logged_in, make_user, watch,
                                                                     customer):
    page = logged_in(make_user("designer"))
    errors = watch(page)
    expect(page).to_have_url(re.compile(r"/designer$"))
    open_modeler(page, "approval")
    run(page, """(editor) => { const task = editor.modeler.get('elementRegistry').get('manager_approval');
                  editor.modeler.get('modeling').updateLabel(task, 'Approve the contract (manager)'); }""")
    expect(page.get_by_test_id("designer-status")).to_have_text("Unsaved changes")

    page.get_by_test_id("validate").click()
    expect(page.get_by_test_id("designer-status")).to_contain_text("No problems found")
    shoot(page, "modeler-validated-en")
    page.get_by_test_id("deploy").click()

    expect(page).to_have_url(re.compile(r"/designer/models/approval$"))
    expect(page.locator(".alert-success")).to_contain_text("approval version 2 is deployed")
    expect(page.locator("[data-version='2'] [data-testid=running]")).to_have_text("0")
    owner = make_user("sales")
    contract = create_contract(owner, customer)
    inbox.complete(task_id=inbox.open_tasks_for(contract.id)[0].id, user=owner, decision="submit")
    db.session.commit()
    url = f"/contracts/{contract.id}/process"  # read before the server runs: reading takes SQLite's lock
    seller = logged_in(owner)
    seller.goto(url)
    expect(seller.get_by_test_id("process-version")).to_contain_text("version 2")
    expect(seller.locator("[data-testid='viewer-approval.bpmn'] [data-element-id=manager_approval]")
           ).to_contain_text("Approve the contract (manager)")
    assert errors == []


def test_change_a_decision_table_threshold_and_contracts_route_by_it(strict_csp, logged_in, make_user, watch,
                                                                     customer):
    page = logged_in(make_user("designer"))
    errors = watch(page)
    open_modeler(page, "approval_levels")
    run(page, """(editor) => { const viewer = editor.modeler.getActiveViewer();
                  for (const [id, text] of [['amount_below_100k_amount', '? < 50000'],
                                            ['amount_100k_to_1m_legal_amount', '50000 <= ? < 1000000'],
                                            ['amount_100k_to_1m_manager_amount', '50000 <= ? < 1000000']]) {
                    viewer.get('modeling').editCell(viewer.get('elementRegistry').get(id).businessObject, text);
                  } }""")
    page.get_by_test_id("validate").click()
    expect(page.get_by_test_id("designer-status")).to_contain_text("approval, contract_lifecycle")
    page.get_by_test_id("deploy").click()
    expect(page).to_have_url(re.compile(r"/designer/models/approval_levels$"))
    page.goto("/designer/models/contract_lifecycle")
    expect(page.locator("[data-version='2']")).to_contain_text("follows approval_levels version 2")

    owner = make_user("sales")
    contract = create_contract(owner, customer, amount="60000.00")
    inbox.complete(task_id=inbox.open_tasks_for(contract.id)[0].id, user=owner, decision="submit")
    db.session.commit()
    assert [t.name for t in inbox.open_tasks_for(contract.id)] == ["legal_approval"]
    assert errors == []


def test_an_invalid_diagram_is_not_deployed_and_its_problems_are_marked(logged_in, make_user, watch):
    page = logged_in(make_user("designer"))
    errors = watch(page)
    open_modeler(page, "approval")
    before = version_count()
    run(page, """(editor) => { const modeler = editor.modeler;
                  const task = modeler.get('elementRegistry').get('convert_amount');
                  modeler.get('modeling').updateProperties(task, {script: 'import os'}); }""")

    page.get_by_test_id("deploy").click()

    expect(page.get_by_test_id("problems")).to_be_visible()
    expect(page.get_by_test_id("problems")).to_contain_text("imports are not allowed")
    expect(page.locator(".djs-element.pactum-problem[data-element-id=convert_amount]")).to_have_count(1)
    shoot(page, "modeler-problems-en")
    assert version_count() == before
    assert [e for e in errors if "status of 422" not in e] == []  # the browser logs the refusal itself


def test_the_instance_view_marks_the_current_task(strict_csp, logged_in, draft, watch):
    owner, contract = draft
    url, name = f"/contracts/{contract.id}", owner.display_name  # read before the server runs: reading locks SQLite
    page = logged_in(owner)
    errors = watch(page)

    page.goto(url)
    page.get_by_test_id("process-tab").click()

    viewer = page.locator("[data-testid='viewer-contract_lifecycle.bpmn']")
    expect(viewer).to_have_attribute("data-ready", "true")
    expect(viewer.locator("[data-element-id=prepare_draft]")).to_have_class(re.compile("pactum-current"))
    expect(viewer.locator("[data-element-id=mark_draft]")).to_have_class(re.compile("pactum-completed"))
    expect(page.locator("[data-testid=process-tasks] [data-task=prepare_draft]")).to_contain_text(name)
    shoot(page, "instance-view-en")
    assert errors == []
