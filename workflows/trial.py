"""A test run: a process run in memory with sample data, its user tasks completed with chosen decisions in order,
until it ends or waits. Nothing is stored; the run reports the path taken and every decision table's rows that
matched, with the input values they saw.
"""

import time
from contextlib import suppress
from dataclasses import dataclass, field

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.util.task import TaskState

from .decisions import explain
from .engine import _last_completed_task, ready_tasks, task_failure
from .errors import TaskFailed
from .progress import progress_of
from .scripting import make_script_engine
from .specs import called_decisions

MAX_TASKS = 5000  # engine steps a test run may take; a diagram that loops without waiting stops here
MAX_SECONDS = 10.0


@dataclass(frozen=True)
class PathStep:
    """An element the run went through; a user task carries the decision it was completed with."""

    element_id: str
    name: str | None
    type: str
    file: str
    lane: str | None
    decision: str | None = None


@dataclass(frozen=True)
class TrialResult:
    """outcome: completed, waiting (for a person or an event), failed (a script, condition or decision) or stopped
    (a step named a task that was not ready, or the run took too long)."""

    outcome: str
    path: list
    decisions: list
    ready: list
    progress: object
    variables: dict = field(repr=False)
    steps_used: int = 0
    message: str | None = None
    element_id: str | None = None


class _Stop(Exception):
    """The run cannot go on: a step does not fit, or the diagram loops."""


class _Recorder:
    """Follows the engine: the order tasks completed in, decisions explained before they run, a step budget."""

    def __init__(self, process, max_tasks, seconds):
        self.decisions_by_task = called_decisions(process.sources)
        self.deadline = time.monotonic() + seconds
        self.max_tasks = max_tasks
        self.ran = 0
        self.order = {}  # task id -> order in which the engine ran it
        self.seen = set()
        self.user_decisions = {}
        self.path = []
        self.decisions = []

    def will_run(self, task):
        self.ran += 1
        if self.ran > self.max_tasks:
            raise _Stop(f"more than {self.max_tasks} steps ran without waiting for a person; the diagram may loop "
                        "without end")
        if time.monotonic() > self.deadline:
            raise _Stop("the test run took too long; the diagram may loop without end")
        engine = getattr(task.task_spec, "dmnEngine", None)
        if engine is not None:
            element_id = task.task_spec.bpmn_id
            with suppress(Exception):  # the task itself fails the same way when it runs, and that is reported
                self.decisions.append(explain(engine, task, decision_id=self.decisions_by_task.get(element_id),
                                              element_id=element_id))

    def did_run(self, task):
        self.order[task.id] = len(self.order)

    def run(self, workflow):
        try:
            workflow.do_engine_steps(will_complete_task=self.will_run, did_complete_task=self.did_run)
        finally:
            self.collect(workflow)

    def collect(self, workflow):
        """Add the tasks completed since the last look to the path, in the order they completed."""
        # Not get_tasks(state=...): its filter does not look inside a running subprocess.
        new = [t for t in workflow.get_tasks() if t.has_state(TaskState.COMPLETED) and t.id not in self.seen]
        new.sort(key=lambda t: (t.last_state_change, self.order.get(t.id, len(self.order))))
        for task in new:
            self.seen.add(task.id)
            spec = task.task_spec
            previous = self.path[-1] if self.path else None
            if spec.bpmn_id is None or (previous and (previous.element_id, previous.file) == (
                    spec.bpmn_id, task.workflow.spec.file)):
                continue  # the engine's own tasks; a loop and its last pass end together
            self.path.append(PathStep(spec.bpmn_id, spec.bpmn_name, type(spec).__name__, task.workflow.spec.file,
                                      spec.lane, self.user_decisions.get(task.id)))


def _pick(ready, step, number):
    wanted = step.get("task")
    for task in ready:
        if not wanted or task.task_spec.bpmn_id == wanted:
            return task
    names = ", ".join(sorted({t.task_spec.bpmn_id for t in ready}))
    raise _Stop(f"step {number}: '{wanted}' is not waiting for anyone; the tasks waiting are: {names}")


def _default_completion(task, step, ready, done):
    return {**dict(step.get("data") or {}), "decision": step.get("decision"), "comment": step.get("comment") or ""}


def _complete_steps(workflow, recorder, steps, completion):
    """Complete user tasks one step at a time; return how many steps were used."""
    done = []
    for number, step in enumerate(steps, start=1):
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if not ready:
            return number - 1
        task = _pick(ready, step, number)
        by_id = {t.id: t for t in ready_tasks(workflow)}
        chosen = by_id[str(task.id)]
        data = completion(chosen, step, list(by_id.values()), done)
        done.append((chosen, data))
        recorder.user_decisions[task.id] = data.get("decision")
        task.data.update(data)
        task.run()
        recorder.run(workflow)
    return len(steps)


def run_trial(process, data, steps, *, functions=None, completion=None, max_tasks=MAX_TASKS, seconds=MAX_SECONDS):
    """Run a compiled process in memory from data; steps are [{task?, decision, comment?, data?}], in order.

    completion(ready_task, step, ready, done) -> the data a user task is completed with (default: the step's
    decision, comment and data); done lists the (ready_task, data) completed before.
    """
    workflow = BpmnWorkflow(process.spec, process.subprocess_specs, script_engine=make_script_engine(functions))
    recorder = _Recorder(process, max_tasks, seconds)
    outcome, message, element_id, used = None, None, None, 0
    try:
        workflow.get_next_task(state=TaskState.READY).data.update(data)
        recorder.run(workflow)
        used = _complete_steps(workflow, recorder, steps, completion or _default_completion)
    except _Stop as exc:
        outcome, message = "stopped", str(exc)
    except RecursionError:
        outcome, message = "stopped", "the process nests too deeply to run; it may loop without end"
    except TaskFailed as exc:
        outcome, message, element_id = "failed", exc.message, exc.element_id
    except WorkflowException as exc:
        failure = task_failure(exc)
        outcome, message, element_id = "failed", failure.message, failure.element_id
    if outcome is None:
        outcome = "completed" if workflow.is_completed() else "waiting"
    last = _last_completed_task(workflow)
    variables = dict(workflow.data) if workflow.is_completed() else dict(last.data) if last else {}
    return TrialResult(outcome, recorder.path, recorder.decisions, ready_tasks(workflow),
                       progress_of(workflow, process.sources), variables, used, message, element_id)
