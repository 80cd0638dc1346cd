"""API: process models, versions and their sources, validation, deployment with the processes that call a file,
what changed, and who may do what."""

import pytest

from tests.designer.conftest import shipped, version_count
from tests.factories import contract_body

# The approval policy with a lower threshold: from 50,000 CNY legal reviews before the manager approves.
LOWER = [("<text>? &lt; 100000</text>", "<text>? &lt; 50000</text>"),
         ("<text>100000 &lt;= ? &lt; 1000000</text>", "<text>50000 &lt;= ? &lt; 1000000</text>")]


def lower_threshold():
    return shipped("approval_levels.dmn", *LOWER)


def test_models_are_listed_with_their_kind_and_newest_version(designer):
    models = {m["id"]: m for m in designer.get("/process-models").json}

    assert models["contract_lifecycle"] == {"id": "contract_lifecycle", "kind": "process", "file":
                                           "contract_lifecycle.bpmn", "latest_version": 1, "versions": 1, "running": 0}
    assert models["approval_levels"]["kind"] == "decision"


def test_a_version_has_its_sources_and_hashes(designer):
    version = designer.get("/process-models/contract_lifecycle/versions/1").json

    assert sorted(version["sources"]) == ["approval.bpmn", "approval_levels.dmn", "contract_lifecycle.bpmn"]
    assert version["sources"]["approval.bpmn"] == shipped("approval.bpmn")
    assert len(version["sha256"]) == 64 and sorted(version["files"]) == sorted(version["sources"])
    assert designer.get("/process-models/contract_lifecycle/versions/9").status_code == 404
    assert designer.get("/process-models/nothing/versions/1").status_code == 404


@pytest.mark.parametrize("roles, status", [(("sales",), 403), (("manager",), 403), (("admin",), 200)])
def test_only_designers_and_admins_see_models(api_as, roles, status):
    assert api_as(*roles).get("/process-models").status_code == status


@pytest.mark.parametrize("roles", [("admin",), ("sales",), ("manager", "legal")])
def test_only_designers_deploy(api_as, roles):
    before = version_count()

    response = api_as(*roles).post("/process-models/approval_levels/versions", {"xml": lower_threshold()})

    assert response.status_code == 403
    assert version_count() == before


def test_deploying_a_decision_table_gives_the_processes_that_call_it_new_versions(designer):
    response = designer.post("/process-models/approval_levels/versions", {"xml": lower_threshold()})

    assert response.status_code == 201, response.json
    made = [(v["model_id"], v["number"], v["origin"]) for v in response.json["versions"]]
    assert made == [("approval_levels", 2, None),
                    ("approval", 2, {"model": "approval_levels", "version": 2}),
                    ("contract_lifecycle", 2, {"model": "approval_levels", "version": 2})]
    lifecycle = designer.get("/process-models/contract_lifecycle/versions/2").json
    assert lifecycle["sources"]["approval_levels.dmn"] == lower_threshold()
    assert lifecycle["sources"]["contract_lifecycle.bpmn"] == shipped("contract_lifecycle.bpmn")


def test_new_contracts_follow_the_new_policy_and_running_ones_keep_theirs(designer, api_as, customer):
    sales, manager = api_as("sales"), api_as("manager")
    running = sales.post("/contracts", contract_body(customer.id, amount="60000.00")).json
    designer.post("/process-models/approval_levels/versions", {"xml": lower_threshold()})
    new = sales.post("/contracts", contract_body(customer.id, amount="60000.00")).json
    for contract in (running, new):
        task_id = contract["open_tasks"][0]["id"]
        assert sales.post(f"/tasks/{task_id}/complete", {"decision": "submit"}).status_code == 200

    waiting = {t["contract_id"]: t["name"] for t in manager.get("/tasks").json}
    assert waiting == {running["id"]: "manager_approval"}  # the new contract went to legal first
    assert sales.get(f"/contracts/{running['id']}/process").json["version"] == 1
    assert sales.get(f"/contracts/{new['id']}/process").json["version"] == 2


def test_deploying_an_earlier_versions_content_again_makes_it_the_newest(designer):
    designer.post("/process-models/approval_levels/versions", {"xml": lower_threshold()})

    response = designer.post("/process-models/approval_levels/versions", {"xml": shipped("approval_levels.dmn")})

    assert response.status_code == 201
    assert response.json["versions"][0]["number"] == 3
    assert response.json["versions"][0]["sha256"] == designer.get(
        "/process-models/approval_levels/versions/1").json["sha256"]


def test_deploying_the_newest_content_again_is_a_conflict(designer):
    before = version_count()

    response = designer.post("/process-models/approval_levels/versions", {"xml": shipped("approval_levels.dmn")})

    assert response.status_code == 409 and response.json["error"]["field"] == "xml"
    assert version_count() == before


def test_a_changed_process_file_gives_its_callers_new_versions(designer):
    renamed = shipped("approval.bpmn", ('name="Review the contract (legal)"', 'name="Legal review"'))

    made = designer.post("/process-models/approval/versions", {"xml": renamed}).json["versions"]

    assert [(v["model_id"], v["number"]) for v in made] == [("approval", 2), ("contract_lifecycle", 2)]


def test_validation_answers_problems_with_their_elements(designer):
    broken = shipped("approval.bpmn", ("<bpmn:script>amount_cny = to_cny(amount, currency)</bpmn:script>",
                                       "<bpmn:script>amount_cny = amount.__class__</bpmn:script>"))

    response = designer.post("/process-models/approval/validate", {"xml": broken})

    assert response.status_code == 200
    assert response.json["valid"] is False
    [problem] = response.json["problems"]
    assert (problem["file"], problem["element_id"]) == ("approval.bpmn", "convert_amount")
    assert "'.__class__' is not allowed" in problem["message"]


def test_validation_of_a_good_file_names_the_processes_it_would_change(designer):
    response = designer.post("/process-models/approval_levels/validate", {"xml": lower_threshold()})

    assert response.json == {"valid": True, "problems": [], "dependents": ["approval", "contract_lifecycle"]}
    assert version_count() == 3


def test_a_decision_table_must_keep_its_decision_id(designer):
    before = version_count()

    response = designer.post("/process-models/approval_levels/versions",
                             {"xml": shipped("approval_levels.dmn", ('id="approval_levels"', 'id="levels"'))})

    assert response.status_code == 422
    assert "no decision with id 'approval_levels'" in response.json["error"]["problems"][0]["message"]
    assert version_count() == before


def test_a_file_of_the_other_kind_is_refused(designer):
    response = designer.post("/process-models/approval_levels/versions", {"xml": shipped("approval.bpmn")})

    assert response.status_code == 422 and response.json["error"]["field"] == "xml"


def test_what_changed_between_two_versions(designer):
    designer.post("/process-models/approval_levels/versions", {"xml": lower_threshold()})

    diff = designer.get("/process-models/contract_lifecycle/versions/1/diff", to=2).json

    files = {f["file"]: f for f in diff["files"]}
    assert {f: files[f]["status"] for f in files} == {"approval.bpmn": "unchanged", "approval_levels.dmn": "changed",
                                                      "contract_lifecycle.bpmn": "unchanged"}
    row = next(e for e in files["approval_levels.dmn"]["changed"] if e["element_id"] == "amount_below_100k")
    assert row["changes"] == [{"field": "input:Amount in CNY", "before": "? < 100000", "after": "? < 50000"}]
    assert designer.get("/process-models/contract_lifecycle/versions/1/diff", to=7).status_code == 404


def test_the_openapi_document_lists_the_designer_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]

    for path in ("/api/v1/process-models", "/api/v1/process-models/{model_id}/versions/{number}",
                 "/api/v1/process-models/{model_id}/versions", "/api/v1/process-models/{model_id}/validate",
                 "/api/v1/process-models/{model_id}/versions/{number}/diff",
                 "/api/v1/process-models/{model_id}/test-run", "/api/v1/contracts/{contract_id}/process",
                 "/api/v1/migrations"):
        assert path in paths, path
    parameters = paths["/api/v1/process-models/{model_id}/versions/{number}"]["get"]["parameters"]
    assert [(p["name"], p["schema"]["type"]) for p in parameters] == [("model_id", "string"), ("number", "integer")]
