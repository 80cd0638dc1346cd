"""Test runs: a process run in memory with sample data and decisions, reporting the path, decisions and waits."""

from decimal import Decimal

import pytest

from tests.engine.conftest import FUNCTIONS
from tests.engine.test_specs import bpmn, script_task
from workflows.trial import run_trial

CONTRACT = {"owner": "sally", "amount": "1500000.00", "currency": "CNY", "kind": "order", "payment_terms_days": 30,
            "liability_capped": True, "governing_law": "CN", "company_law": "CN",
            "expires_at": "2030-01-01T00:00:00+00:00", "renewal_notice_at": "2029-11-01T00:00:00+00:00"}
FUNCTIONS_IN_CNY = {**FUNCTIONS, "to_cny": lambda amount, currency: Decimal(amount)}


@pytest.fixture
def lifecycle(compile_sources, shipped_sources):
    return compile_sources("contract_lifecycle", shipped_sources)


def steps(*decisions):
    return [{"task": task, "decision": decision} if task else {"decision": decision} for task, decision in decisions]


def test_a_run_follows_the_decisions_to_the_renewal_timer(lifecycle):
    result = run_trial(lifecycle, CONTRACT, steps((None, "submit"), ("finance_approval", "approve"),
                                                  ("legal_approval", "approve"), (None, "approve"), (None, "approve")),
                       functions=FUNCTIONS_IN_CNY)

    assert (result.outcome, result.steps_used, result.ready) == ("waiting", 5, [])
    path = [(p.element_id, p.decision) for p in result.path if p.decision]
    assert path == [("prepare_draft", "submit"), ("finance_approval", "approve"), ("legal_approval", "approve"),
                    ("manager_approval", "approve"), ("executive_approval", "approve")]
    assert [p.element_id for p in result.path][-1] == "mark_approved"
    [timer] = result.progress.waiting
    assert (timer.element_id, timer.kind, timer.due.isoformat()) == ("wait_renewal_notice", "timer",
                                                                      "2029-11-01T00:00:00+00:00")
    assert result.variables["contract_status"] == "approved"


def test_the_decision_table_says_which_rows_matched_and_on_what(lifecycle):
    result = run_trial(lifecycle, CONTRACT, steps((None, "submit")), functions=FUNCTIONS_IN_CNY)

    [decision] = result.decisions
    assert (decision.decision_id, decision.element_id) == ("approval_levels", "route")
    assert decision.inputs["Amount in CNY"] == Decimal("1500000.00")
    assert [(r.rule_id, r.row, r.outputs["level"]) for r in decision.rules] == [
        ("amount_1m_plus_legal", 4, "legal"), ("amount_1m_plus_finance", 5, "finance"),
        ("amount_1m_plus_manager", 6, "manager"), ("amount_1m_plus_executive", 7, "executive")]
    assert sorted(t.name for t in result.ready) == ["finance_approval", "legal_approval"]


def test_a_rejection_returns_the_draft_to_its_owner(lifecycle):
    result = run_trial(lifecycle, {**CONTRACT, "amount": "5000.00"}, steps((None, "submit"), (None, "reject")),
                       functions=FUNCTIONS_IN_CNY)

    assert [t.name for t in result.ready] == ["prepare_draft"]
    assert "mark_returned" in [p.element_id for p in result.path]
    assert result.progress.diagrams["contract_lifecycle.bpmn"].current == ["drafting", "prepare_draft"]


def test_a_step_for_a_task_that_is_not_waiting_stops_the_run(lifecycle):
    result = run_trial(lifecycle, CONTRACT, steps(("legal_approval", "approve")), functions=FUNCTIONS_IN_CNY)

    assert result.outcome == "stopped"
    assert "'legal_approval' is not waiting for anyone; the tasks waiting are: prepare_draft" in result.message


def test_a_failing_script_is_reported_with_its_element(compile_sources):
    process = compile_sources("sample", {"sample.bpmn": bpmn(script_task("total = amount / 0"))})

    result = run_trial(process, {"amount": 1}, [])

    assert (result.outcome, result.element_id) == ("failed", "step")
    assert "division by zero" in result.message


def test_a_diagram_that_loops_without_waiting_is_stopped(compile_sources):
    endless = bpmn(
        '<bpmn:subProcess id="step"><bpmn:standardLoopCharacteristics><bpmn:loopCondition>True</bpmn:loopCondition>'
        '</bpmn:standardLoopCharacteristics>'
        '<bpmn:startEvent id="inner_start"/><bpmn:sequenceFlow id="inner_in" sourceRef="inner_start" targetRef="add"/>'
        '<bpmn:scriptTask id="add"><bpmn:script>n = n + 1</bpmn:script></bpmn:scriptTask>'
        '<bpmn:sequenceFlow id="inner_out" sourceRef="add" targetRef="inner_end"/><bpmn:endEvent id="inner_end"/>'
        "</bpmn:subProcess>")
    process = compile_sources("sample", {"sample.bpmn": endless})

    result = run_trial(process, {"n": 0}, [], max_tasks=200)

    assert result.outcome == "stopped"
    assert "more than 200 steps" in result.message
