"""Run process instances: start, list ready user tasks, complete, fire timers, deliver messages.

State goes in and out as JSON strings; the caller stores it. Nothing here knows
about Flask, the database or the clock beyond datetime.now().
"""

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import StandardLoopTask
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import CallActivity
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState

from .errors import ScriptForbidden, TaskFailed, TaskNotReady
from .migration import move, reasons_not_to_move
from .progress import progress_of
from .scripting import make_script_engine
from .serializer import make_serializer


@dataclass(frozen=True)
class ReadyTask:
    """A user task waiting for a person."""

    id: str
    name: str
    title: str
    lane: str | None
    properties: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Snapshot:
    """What the application needs to know after the engine ran."""

    state: str = field(repr=False)
    completed: bool
    ready_tasks: list
    next_timer_due: datetime | None
    variables: dict = field(repr=False)
    next_timer_name: str | None = None  # the name in the diagram of the timer due at next_timer_due


# waiting_events() names the subclass, never TimerEventDefinition itself.
_TIMER_EVENT_TYPES = frozenset({"TimeDateEventDefinition", "DurationTimerEventDefinition",
                                "CycleTimerEventDefinition"})


def _utc(value):
    parsed = TimerEventDefinition.get_datetime(value) if isinstance(value, str) else value
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()  # naive datetimes are local time, as the engine reads them
    return parsed.astimezone(UTC)


def task_failure(exc):
    """The TaskFailed that says which element failed and why, for a SpiffWorkflow exception."""
    return _failure(exc)


def _failure(exc):
    if isinstance(exc, WorkflowTaskException):
        spec = exc.task_spec or (exc.task.task_spec if exc.task else None)
        cause = exc.__cause__ or exc.__context__
        # WorkflowTaskException has no .message; str() appends its notes ("Did you mean ...").
        message = str(cause) if isinstance(cause, ScriptForbidden) else str(exc).rstrip(". ")
        line = exc.line_number or getattr(cause, "line", None)
        return TaskFailed(message, element_id=getattr(spec, "bpmn_id", None),
                          element_name=getattr(spec, "bpmn_name", None), line=line or None)
    spec = getattr(exc, "task_spec", None)
    return TaskFailed(getattr(exc, "message", None) or str(exc),
                      element_id=getattr(spec, "bpmn_id", None), element_name=getattr(spec, "bpmn_name", None))


class Engine:
    """Runs instances of compiled processes; resolve(sha256) finds a process's spec."""

    def __init__(self, resolve, functions=None):
        self.script_engine = make_script_engine(functions)
        self._resolve = resolve
        self._local = threading.local()

    @property
    def serializer(self):
        # SpiffWorkflow's serializer flips a flag on its registry while it encodes, so each thread gets its own.
        serializer = getattr(self._local, "serializer", None)
        if serializer is None:
            serializer = self._local.serializer = make_serializer(self._resolve)
        return serializer

    def start(self, process, data):
        """Start an instance of a compiled process with initial variables."""
        workflow = BpmnWorkflow(process.spec, process.subprocess_specs, script_engine=self.script_engine)
        workflow.spec_sha256 = process.sha256
        workflow.get_next_task(state=TaskState.READY).data.update(data)
        return self._run(workflow, lambda: None)

    def complete_task(self, state, task_id, data):
        """Complete a ready user task with the person's data and run the engine on."""
        workflow = self._load(state)
        task = self._ready_task(workflow, task_id)

        def complete():
            task.data.update(data)
            task.run()

        return self._run(workflow, complete)

    def fire_timers(self, state):
        """Fire every timer that is due now and run the engine on."""
        workflow = self._load(state)
        return self._run(workflow, workflow.refresh_timers)

    def send_message(self, state, name, payload, correlations=None):
        """Deliver a named message; raise TaskNotReady when the instance does not wait for it."""
        workflow = self._load(state)
        waiting = {e.name for e in workflow.waiting_events() if e.event_type == "MessageEventDefinition"}
        if name not in waiting:
            raise TaskNotReady(f"the process is not waiting for message '{name}'")
        event = BpmnEvent(MessageEventDefinition(name), payload=payload, correlations=correlations or {})

        def deliver():
            try:
                workflow.send_event(event)
            except NameError as exc:  # a correlation expression reads a field the payload lacks
                raise TaskFailed(f"message '{name}': the payload lacks a correlation field ({exc})") from exc
            except WorkflowException as exc:  # waiting for this message, but for other correlations
                raise TaskNotReady(f"the process is not waiting for message '{name}' "
                                   f"with correlations {correlations or {}}") from exc

        return self._run(workflow, deliver)

    def snapshot(self, state):
        """Read an instance's ready tasks and timers without changing it."""
        return self._snapshot(self._load(state))

    def progress(self, state):
        """Where an instance stands on its diagrams (workflows.progress.Progress), without changing it."""
        workflow = self._load(state)
        return progress_of(workflow, self._resolve(workflow.spec_sha256).sources)

    def migrate(self, state, target):
        """Move an instance onto another compiled process: (Snapshot, []) when it can, (None, reasons) otherwise."""
        workflow = self._load(state)
        reasons = reasons_not_to_move(workflow, target)
        if reasons:
            return None, reasons
        return self._snapshot(move(workflow, target)), []

    def _load(self, state):
        workflow = self.serializer.deserialize_json(state)
        workflow.script_engine = self.script_engine
        return workflow

    @staticmethod
    def _ready_task(workflow, task_id):
        for task in workflow.get_tasks(state=TaskState.READY, manual=True):
            if str(task.id) == task_id:
                return task
        raise TaskNotReady(f"task {task_id} is not waiting for anyone; it was completed or withdrawn")

    def _run(self, workflow, action):
        try:
            action()
            workflow.do_engine_steps()
            workflow.refresh_timers()
            workflow.do_engine_steps()
        except (WorkflowTaskException, WorkflowException) as exc:
            raise _failure(exc) from exc
        _drop_finished_subprocesses(workflow)
        _drop_finished_iterations(workflow)
        return self._snapshot(workflow)

    def _snapshot(self, workflow):
        ready = ready_tasks(workflow)
        # A cycle that has run out keeps a dict as its value and will not fire again.
        timers = sorted(((_utc(e.value), e.name or "") for e in workflow.waiting_events()
                         if e.event_type in _TIMER_EVENT_TYPES and isinstance(e.value, str)), key=lambda t: t[0])
        if workflow.is_completed():
            variables = dict(workflow.data)
        else:
            last = _last_completed_task(workflow)
            variables = dict(last.data) if last else {}
        return Snapshot(
            state=self.serializer.serialize_json(workflow),
            completed=workflow.is_completed(),
            ready_tasks=ready,
            next_timer_due=timers[0][0] if timers else None,
            variables=variables,
            next_timer_name=timers[0][1] if timers else None,
        )


def ready_tasks(workflow):
    """The user tasks of a loaded workflow that wait for a person."""
    return [
        ReadyTask(
            id=str(task.id),
            name=task.task_spec.bpmn_id,
            title=task.task_spec.bpmn_name or task.task_spec.bpmn_id,
            lane=task.task_spec.lane,
            properties=dict(task.task_spec.extensions.get("properties", {})),
            data=task.data,
        )
        for task in workflow.get_tasks(state=TaskState.READY, manual=True)
    ]


def _drop_finished_subprocesses(workflow):
    """Forget the tasks of subprocesses and called processes that have finished.

    Their result was copied to the task that ran them, and SpiffWorkflow keeps them otherwise:
    every rework round of the lifecycle would add its whole approval to the stored state.
    """
    for task_id in list(workflow.subprocesses):
        subprocess = workflow.subprocesses.get(task_id)  # deleting a parent deletes its children
        if subprocess is None or not subprocess.completed:
            continue
        task = workflow.get_task_from_id(task_id)
        if task is not None and task.state in (TaskState.COMPLETED, TaskState.CANCELLED):
            for dropped in workflow.delete_subprocess(task):
                workflow.event_manager.remove_task(dropped)


def _drop_finished_iterations(workflow):
    """Forget all but the last finished pass of each standard loop: every pass was merged into the loop task.

    The lifecycle's rework loop would otherwise keep one task per round, and every step walks them all.
    """
    for flow in (workflow, *workflow.subprocesses.values()):
        for loop in [t for t in flow.tasks.values() if isinstance(t.task_spec, StandardLoopTask)]:
            merged = set(loop.internal_data.get("merged", []))
            finished = [c for c in loop.children if c.state == TaskState.COMPLETED and str(c.id) in merged]
            for child in finished[:-1]:
                flow._remove_task(child.id)


def _last_completed_task(workflow):
    """The task completed last in the process itself or an embedded subprocess (a called process has its own data)."""
    candidates = [workflow.last_task] + [
        sp.last_task for sp in workflow.subprocesses.values() if not sp.completed and _own_scope(workflow, sp)]
    candidates = [t for t in candidates if t is not None]
    return max(candidates, key=lambda t: t.last_state_change, default=None)


def _own_scope(workflow, subprocess):
    while subprocess is not workflow:
        task = workflow.get_task_from_id(subprocess.parent_task_id)
        if isinstance(task.task_spec, CallActivity):
            return False
        subprocess = task.workflow
    return True


def add_duration(start, iso_duration):
    """start plus an ISO 8601 duration such as 'P2D' or 'PT4H' (months and years by the calendar)."""
    parsed = TimerEventDefinition.parse_iso_duration(iso_duration)
    return start + TimerEventDefinition.get_timedelta_from_start(parsed, start)
