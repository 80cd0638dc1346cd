"""Test runs: a model run in memory on a sample contract; the path, the levels chosen and why; nothing stored."""

from sqlalchemy import func, select

from service.audit.models import AuditEvent
from service.extensions import db
from service.inbox.models import Task
from service.processes.models import ProcessInstance
from tests.designer.conftest import shipped
from tests.designer.test_api import lower_threshold


def rows():
    db.session.rollback()
    return [db.session.scalar(select(func.count()).select_from(model)) for model in (AuditEvent, ProcessInstance, Task)]


def run(designer, model_id="contract_lifecycle", **body):
    response = designer.post(f"/process-models/{model_id}/test-run", body)
    assert response.status_code == 200, response.json
    return response.json


def test_a_run_shows_the_path_and_the_levels_with_their_reasons(designer):
    result = run(designer, contract={"amount": "250000.00"}, steps=[
        {"decision": "submit"}, {"task": "legal_approval", "decision": "approve"}, {"decision": "approve"}])

    assert (result["outcome"], result["steps_used"]) == ("waiting", 3)
    assert [(p["element_id"], p["decision"]) for p in result["path"] if p["decision"]] == [
        ("prepare_draft", "submit"), ("legal_approval", "approve"), ("manager_approval", "approve")]
    assert [(level["level"], level["due"]) for level in result["levels"]] == [("legal", "P3D"), ("manager", None)]
    assert result["levels"][0]["reasons"] == ["Amount ¥250,000.00 is from 100,000 up to 1,000,000 CNY: legal "
                                              "reviews, then a manager approves."]
    assert [w["element_id"] for w in result["waiting"]] == ["wait_renewal_notice"]
    [rule_rows] = [[r["row"] for r in d["rules"]] for d in result["decisions"]]
    assert rule_rows == [2, 3]


def test_a_run_writes_nothing(designer):
    before = rows()

    run(designer, steps=[{"decision": "submit"}, {"decision": "approve"}, {"decision": "approve"}])

    assert rows() == before


def test_a_decision_table_is_tried_in_the_process_that_calls_it_before_it_is_deployed(designer, api_as):
    result = run(designer, "approval_levels", xml=lower_threshold(), contract={"amount": "60000.00"},
                 steps=[{"decision": "submit"}])

    assert result["process_id"] == "contract_lifecycle"
    assert [level["level"] for level in result["levels"]] == ["legal", "manager"]
    assert [t["name"] for t in result["ready"]] == ["legal_approval"]
    assert designer.get("/process-models/approval_levels").json["versions"][0]["number"] == 1


def test_the_levels_are_explained_in_the_readers_language(designer, make_user, api_as):
    reader = make_user("designer")
    reader.locale = "zh_CN"
    db.session.commit()

    result = run(api_as(user=reader), contract={"amount": "20000.00"}, steps=[{"decision": "submit"}])

    assert result["levels"][0]["reasons"] == ["金额 ¥20,000.00 低于 100,000 元：由经理审批。"]


def test_a_committee_is_tallied_as_the_inbox_tallies_it(designer, api_as):
    for _ in range(3):
        api_as("executive")
    steps = [{"decision": d} for d in ("submit", "approve", "approve", "approve", "approve", "approve")]

    result = run(designer, contract={"amount": "6000000.00"}, steps=steps + [{"decision": "approve"}])

    assert result["outcome"] == "waiting" and result["ready"] == []
    assert result["variables"]["contract_status"] == "approved"


def test_a_policy_gap_shows_as_a_failure_at_the_element_that_meets_it(designer):
    gap = shipped("approval_levels.dmn", ("<text>? &lt; 100000</text>", "<text>? &lt; 10000</text>"))

    result = run(designer, "approval_levels", xml=gap, contract={"amount": "50000.00"}, steps=[{"decision": "submit"}])

    assert (result["outcome"], result["element_id"]) == ("failed", "plan")
    assert "'level' is not defined" in result["message"]


def test_a_currency_without_a_rate_fails_the_run_by_name(designer):
    result = run(designer, contract={"amount": "1000.00", "currency": "USD"}, steps=[{"decision": "submit"}])

    assert (result["outcome"], result["element_id"]) == ("failed", "convert_amount")
    assert "USD" in result["message"]


def test_an_invalid_draft_cannot_be_run(designer):
    response = designer.post("/process-models/approval/test-run", {"xml": shipped("approval.bpmn")[:3000]})

    assert response.status_code == 422
    assert "not well-formed XML" in response.json["error"]["problems"][0]["message"]


def test_only_designers_run_tests(api_as):
    assert api_as("admin").post("/process-models/contract_lifecycle/test-run", {}).status_code == 403
