"""Where an instance stands on its diagrams, and moving a running instance onto another version of its process."""

from decimal import Decimal

import pytest

from tests.engine.conftest import FUNCTIONS, ROLES
from tests.engine.test_trial import CONTRACT
from workflows import Engine, compile_process

FUNCTIONS_IN_CNY = {**FUNCTIONS, "to_cny": lambda amount, currency: Decimal(amount)}
SMALL = {**CONTRACT, "amount": "5000.00"}  # a manager approves alone


@pytest.fixture
def lifecycle(compile_sources, shipped_sources):
    return compile_sources("contract_lifecycle", shipped_sources)


@pytest.fixture
def engine(registry):
    return Engine(registry.__getitem__, FUNCTIONS_IN_CNY)


def at_manager_approval(engine, process):
    started = engine.start(process, SMALL)
    return engine.complete_task(started.state, started.ready_tasks[0].id, {"decision": "submit", "comment": ""})


def changed(compile_sources, shipped_sources, file, *replacements):
    sources = dict(shipped_sources)
    for old, new in replacements:
        assert old in sources[file], old
        sources[file] = sources[file].replace(old, new)
    return compile_sources("contract_lifecycle", sources)


def test_progress_marks_what_is_done_current_and_waiting(engine, lifecycle):
    progress = engine.progress(at_manager_approval(engine, lifecycle).state)

    top, called = progress.diagrams["contract_lifecycle.bpmn"], progress.diagrams["approval.bpmn"]
    assert {"start", "mark_draft", "prepare_draft", "flow_submitted"} <= set(top.completed)
    assert top.current == ["drafting", "approval"]
    assert called.current == ["manager_approval"]
    assert {"route", "plan", "flow_manager_needed"} <= set(called.completed)
    assert "flow_manager_skip" not in called.completed  # the branch not taken


def test_progress_gives_each_waiting_timer_its_due_time(engine, lifecycle):
    snapshot = at_manager_approval(engine, lifecycle)
    approved = engine.complete_task(snapshot.state, snapshot.ready_tasks[0].id, {"decision": "approve", "comment": ""})

    progress = engine.progress(approved.state)

    [timer] = progress.waiting
    assert (timer.element_id, timer.due.isoformat()) == ("wait_renewal_notice", "2029-11-01T00:00:00+00:00")
    assert progress.diagrams["contract_lifecycle.bpmn"].waiting == ["wait_renewal_notice"]


def test_an_instance_moves_and_runs_on_in_the_target(engine, lifecycle, compile_sources, shipped_sources):
    target = changed(compile_sources, shipped_sources, "approval.bpmn",
                     (b'name="Approve the contract">', b'name="Approve the contract (v2)">'),
                     (b"<bpmn:script>approval_outcome = 'approved'</bpmn:script>",
                      b"<bpmn:script>approval_outcome = 'approved' if manager_decision == 'approve' else 'x'"
                      b"</bpmn:script>"))
    before = at_manager_approval(engine, lifecycle)

    moved, reasons = engine.migrate(before.state, target)

    assert reasons == []
    [task] = moved.ready_tasks
    assert (task.id, task.title) == (before.ready_tasks[0].id, "Approve the contract (v2)")
    fresh = Engine({target.sha256: compile_process("contract_lifecycle", target.sources, roles=ROLES)}.__getitem__,
                   FUNCTIONS_IN_CNY)  # a new server process, restoring into a freshly parsed spec
    done = fresh.complete_task(moved.state, task.id, {"decision": "approve", "comment": ""})
    assert done.variables["contract_status"] == "approved"


def test_new_steps_ahead_of_a_ready_task_take_effect(engine, lifecycle, compile_sources, shipped_sources):
    target = changed(compile_sources, shipped_sources, "approval.bpmn",
                     (b'<bpmn:sequenceFlow id="flow_manager_verdict" sourceRef="manager_approval" '
                      b'targetRef="manager_verdict"/>',
                      b'<bpmn:sequenceFlow id="flow_manager_verdict" sourceRef="manager_approval" targetRef="extra"/>'
                      b'<bpmn:userTask id="extra" name="Extra check"><bpmn:incoming>flow_manager_verdict'
                      b'</bpmn:incoming></bpmn:userTask><bpmn:sequenceFlow id="flow_extra" sourceRef="extra" '
                      b'targetRef="manager_verdict"/>'),
                     (b"<bpmn:incoming>flow_manager_verdict</bpmn:incoming>\n      <bpmn:outgoing>flow_manager_app",
                      b"<bpmn:incoming>flow_extra</bpmn:incoming>\n      <bpmn:outgoing>flow_manager_app"))
    before = at_manager_approval(engine, lifecycle)

    moved, _ = engine.migrate(before.state, target)
    after = engine.complete_task(moved.state, moved.ready_tasks[0].id, {"decision": "approve", "comment": ""})

    assert [t.name for t in after.ready_tasks] == ["extra"]


def test_an_instance_cannot_move_when_its_task_is_gone(engine, lifecycle, compile_sources, shipped_sources):
    target = changed(compile_sources, shipped_sources, "approval.bpmn", (b"manager_approval", b"boss_approval"))

    moved, reasons = engine.migrate(at_manager_approval(engine, lifecycle).state, target)

    assert moved is None
    assert reasons == ["the ready step 'manager_approval' (Approve the contract) does not exist in the target"]


def test_a_completed_step_that_is_gone_keeps_the_instance_where_it_is(engine, lifecycle, compile_sources,
                                                                      shipped_sources):
    target = changed(compile_sources, shipped_sources, "contract_lifecycle.bpmn", (b"mark_draft", b"set_draft"))

    _, reasons = engine.migrate(at_manager_approval(engine, lifecycle).state, target)

    assert reasons == ["the completed step 'mark_draft' (Mark as draft) does not exist in the target"]


def test_a_waiting_timer_keeps_its_due_time(engine, lifecycle, compile_sources, shipped_sources):
    target = changed(compile_sources, shipped_sources, "contract_lifecycle.bpmn",
                     (b'name="Renewal notice due"', b'name="Time to decide on renewal"'))
    snapshot = at_manager_approval(engine, lifecycle)
    waiting = engine.complete_task(snapshot.state, snapshot.ready_tasks[0].id, {"decision": "approve", "comment": ""})

    moved, reasons = engine.migrate(waiting.state, target)

    assert reasons == [] and moved.next_timer_due == waiting.next_timer_due
    assert engine.progress(moved.state).waiting[0].name == "Time to decide on renewal"
