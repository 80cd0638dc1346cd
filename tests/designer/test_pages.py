"""Pages: process models, the modeler and its JSON routes, what changed, test runs, migrations, a contract's process."""

import json
import re

import pytest

from tests.designer.conftest import shipped, version_count
from tests.designer.test_api import lower_threshold
from tests.designer.test_migrations import RENAMED

CONFIG = re.compile(r'<script type="application/json" id="designer-config">(.*?)</script>', re.S)


def html(response):
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def post_json(web, url, body, token=True):
    headers = {"X-CSRFToken": web.token} if token else {}
    return web._request("post", url, json=body, headers=headers)


def inline_scripts(page):
    """<script> elements that run code written in the page (a Content-Security-Policy without 'unsafe-inline')."""
    return [tag for tag in re.findall(r"<script\b[^>]*>", page) if "src=" not in tag and "application/json" not in tag]


def test_a_designer_lands_on_the_models_and_sees_them_in_the_navigation(web_as, make_user):
    web = web_as(user=make_user("designer"))

    assert web.get("/").location == "/designer"
    page = html(web.get("/designer"))
    assert 'data-testid="nav-designer"' in page
    assert 'data-model="contract_lifecycle"' in page and 'data-model="approval_levels"' in page


def test_others_keep_their_inbox_and_do_not_see_the_models(web_as):
    web = web_as("manager")

    assert web.get("/").location == "/inbox"
    assert 'data-testid="nav-designer"' not in html(web.get("/inbox"))
    assert web.get("/designer").status_code == 403


def test_the_model_page_lists_versions_drafts_and_running_instances(web_as, designer, draft):
    designer.post("/process-models/approval_levels/versions", {"xml": lower_threshold()})

    page = html(web_as("designer").get("/designer/models/contract_lifecycle"))

    assert 'data-version="2"' in page and 'data-version="1"' in page
    assert "follows approval_levels version 2" in page
    assert re.search(r'data-version="1".*?data-testid="running">1<', page, re.S)


def test_the_modeler_page_carries_its_file_in_a_json_block_and_no_inline_script(web_as):
    page = html(web_as("designer").get("/designer/models/approval/edit?version=1"))

    config = json.loads(CONFIG.search(page).group(1).replace("&#34;", '"'))
    assert (config["kind"], config["file"], config["baseVersion"]) == ("bpmn", "approval.bpmn", 1)
    assert config["xml"] == shipped("approval.bpmn")
    assert "sales" in config["roles"] and config["csrf"]
    assert inline_scripts(page) == []


def test_drafts_are_saved_per_person_opened_and_discarded(web_as):
    web = web_as("designer")
    web.get("/designer/models/approval_levels/edit")
    edited = lower_threshold()

    first = post_json(web, "/designer/models/approval_levels/draft", {"xml": edited, "base_version": 1}).json
    second = post_json(web, "/designer/models/approval_levels/draft", {"xml": edited, "base_version": 1}).json

    assert first["draft_id"] == second["draft_id"]
    opened = html(web.get(f"/designer/models/approval_levels/edit?draft={first['draft_id']}"))
    assert "50000" in CONFIG.search(opened).group(1)
    assert 'data-testid="drafts"' in html(web.get("/designer/models/approval_levels"))
    web.post(f"/designer/models/approval_levels/drafts/{first['draft_id']}/discard")
    assert 'data-testid="drafts"' not in html(web.get("/designer/models/approval_levels"))


def test_the_modeler_validates_and_deploys_through_json(web_as):
    web = web_as("designer")
    web.get("/designer/models/approval/edit")
    broken = shipped("approval.bpmn", ('<bpmn:lane id="lane_finance" name="finance">',
                                       '<bpmn:lane id="lane_finance" name="treasury">'))

    checked = post_json(web, "/designer/models/approval/validate", {"xml": broken}).json
    refused = post_json(web, "/designer/models/approval/deploy", {"xml": broken})
    deployed = post_json(web, "/designer/models/approval/deploy", {"xml": shipped("approval.bpmn", RENAMED)})

    assert checked["valid"] is False and checked["problems"][0]["element_id"] == "lane_finance"
    assert refused.status_code == 422 and refused.json["error"]["problems"][0]["element_id"] == "lane_finance"
    assert deployed.status_code == 200
    assert deployed.json["versions"] == [{"model_id": "approval", "number": 2},
                                         {"model_id": "contract_lifecycle", "number": 2}]
    assert "approval version 2 is deployed" in html(web.get(deployed.json["redirect"]))


def test_the_json_routes_need_the_csrf_token_and_a_designer(web_as):
    web = web_as("designer")
    web.get("/designer/models/approval/edit")
    before = version_count()

    assert post_json(web, "/designer/models/approval/deploy", {"xml": shipped("approval.bpmn", RENAMED)},
                     token=False).status_code == 400
    admin = web_as("admin")
    admin.get("/designer")
    assert post_json(admin, "/designer/models/approval/deploy", {"xml": "x"}).status_code == 403
    assert version_count() == before


def test_what_changed_page(web_as, designer):
    designer.post("/process-models/approval_levels/versions", {"xml": lower_threshold()})

    page = html(web_as("designer").get("/designer/models/approval_levels/diff?from=1&to=2"))

    assert 'data-changed="amount_below_100k"' in page
    assert "? &lt; 50000" in page and "Amount in CNY" in page


def test_a_test_run_from_the_page_shows_levels_path_and_diagram(web_as):
    web = web_as("designer")
    web.get("/designer/models/contract_lifecycle/test-run")

    page = html(web.post("/designer/models/contract_lifecycle/test-run", {
        "source": "version:1", "kind": "order", "amount": "250000.00", "currency": "CNY", "payment_terms_days": "30",
        "liability_capped": "y", "steps": "submit\nlegal_approval: approve"}))

    assert 'data-outcome="waiting"' in page
    assert 'data-level="legal"' in page and "legal reviews, then a manager approves" in page
    assert 'data-pactum-viewer="trial-1-data"' in page
    assert inline_scripts(page) == []


def test_a_test_run_with_a_bad_step_is_shown_on_the_form(web_as):
    web = web_as("designer")
    web.get("/designer/models/contract_lifecycle/test-run")

    page = html(web.post("/designer/models/contract_lifecycle/test-run", {
        "source": "version:1", "kind": "order", "amount": "1", "currency": "CNY", "payment_terms_days": "30",
        "steps": "submit, not a step"}))

    assert "is not a decision or task: decision" in page and 'data-testid="test-run-result"' not in page


def test_migration_page_dry_run_apply_and_revert(web_as, designer, submitted):
    designer.post("/process-models/approval/versions", {"xml": shipped("approval.bpmn", RENAMED)})
    web = web_as("admin")
    page = html(web.get("/designer/models/contract_lifecycle/migrate?from=1&to=2"))
    [instance_id] = re.findall(r'data-instance="(\d+)" data-can-move="yes"', page)

    applied = html(web.post("/designer/models/contract_lifecycle/migrate", {
        "from_version": "1", "to_version": "2", "instance_ids": instance_id, "apply": "y"}))
    assert "1 instance moved to version 2" in applied
    [migration_id] = re.findall(r'data-migration="(\d+)"', applied)
    response = web.post(f"/designer/migrations/{migration_id}/revert")
    assert "1 instance is back on version 1" in html(web.get(response.location))


def test_the_migration_page_is_for_admins(web_as):
    assert web_as("designer").get("/designer/models/contract_lifecycle/migrate").status_code == 403


def test_the_contract_page_has_a_process_tab(web_as, draft):
    owner, contract = draft
    web = web_as(user=owner)

    details = html(web.get(f"/contracts/{contract.id}"))
    page = html(web.get(f"/contracts/{contract.id}/process"))

    assert f'href="/contracts/{contract.id}/process" data-testid="process-tab"' in details
    assert 'data-pactum-viewer="diagram-1-data"' in page
    assert 'data-task="prepare_draft"' in page and 'data-level="manager"' in page
    assert inline_scripts(page) == []
    assert web_as("sales").get(f"/contracts/{contract.id}/process").status_code == 404


@pytest.mark.parametrize("url", ["/designer", "/designer/models/approval_levels",
                                 "/designer/models/approval_levels/diff", "/designer/models/approval/test-run",
                                 "/designer/models/approval/edit"])
def test_the_designer_pages_speak_chinese(web_as, make_user, url):
    user = make_user("designer")
    web = web_as(user=user)
    web.post("/language", {"locale": "zh_CN", "next": url})

    page = html(web.get(url))

    assert "流程模型" in page


def test_bad_input_to_the_modeler_routes_is_refused_by_field(web_as):
    web = web_as("designer")
    web.get("/designer/models/approval_levels/edit")

    wrong_version = post_json(web, "/designer/models/approval_levels/draft", {"xml": "<x/>", "base_version": "abc"})
    no_xml = post_json(web, "/designer/models/approval_levels/validate", {})
    not_json = web._request("post", "/designer/models/approval_levels/validate", data="xml=1",
                            headers={"X-CSRFToken": web.token})

    assert (wrong_version.status_code, wrong_version.json["error"]["field"]) == (422, "base_version")
    assert (no_xml.status_code, no_xml.json["error"]["field"]) == (422, "xml")
    assert not_json.status_code == 422
    assert web.get("/designer/models/nothing/edit").status_code == 404


def test_the_demos_designer_lands_on_the_process_models(app, web):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    web.get("/login")

    response = web.post("/login", {"username": "diana", "password": "pactum-demo"})

    assert web.get(response.location).location == "/designer"
