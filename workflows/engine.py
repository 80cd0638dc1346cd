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
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState

from .errors import ScriptForbidden, TaskFailed, TaskNotReady
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


def _utc(value):
    parsed = TimerEventDefinition.get_datetime(value) if isinstance(value, str) else value
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()  # naive datetimes are local time, as the engine reads them
    return parsed.astimezone(UTC)


def _failure(exc):
    if isinstance(exc, WorkflowTaskException):
        spec = exc.task_spec or (exc.task.task_spec if exc.task else None)
        cause = exc.__cause__ or exc.__context__
        message = str(cause) if isinstance(cause, ScriptForbidden) else exc.message
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
        return self._run(workflow, lambda: workflow.send_event(event))

    def snapshot(self, state):
        """Read an instance's ready tasks and timers without changing it."""
        return self._snapshot(self._load(state))

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
        return self._snapshot(workflow)

    def _snapshot(self, workflow):
        ready = [
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
        timers = [_utc(e.value) for e in workflow.waiting_events() if e.event_type == "TimerEventDefinition"]
        if workflow.is_completed():
            variables = dict(workflow.data)
        else:
            variables = dict(workflow.last_task.data) if workflow.last_task else {}
        return Snapshot(
            state=self.serializer.serialize_json(workflow),
            completed=workflow.is_completed(),
            ready_tasks=ready,
            next_timer_due=min(timers) if timers else None,
            variables=variables,
        )


def add_duration(start, iso_duration):
    """start plus an ISO 8601 duration such as 'P2D' or 'PT4H' (months and years by the calendar)."""
    parsed = TimerEventDefinition.parse_iso_duration(iso_duration)
    return start + TimerEventDefinition.get_timedelta_from_start(parsed, start)
