"""Where an instance stands, drawn on its diagrams: completed, current and waiting elements, per file."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.util.task import TaskState

from .safe_xml import parse_source
from .specs import BPMN_NS

_JOINS = ("ParallelGateway", "InclusiveGateway")
_TIMER_TYPES = ("TimeDateEventDefinition", "DurationTimerEventDefinition", "CycleTimerEventDefinition")


@dataclass
class Markers:
    """Element ids of one diagram file (sequence flows included) in each state."""

    completed: list = field(default_factory=list)
    current: list = field(default_factory=list)
    waiting: list = field(default_factory=list)


@dataclass(frozen=True)
class WaitingEvent:
    """A timer or message an instance waits for; due is set for timers (UTC), message for messages."""

    element_id: str
    name: str | None
    file: str
    kind: str
    due: datetime | None = None
    message: str | None = None


@dataclass(frozen=True)
class Progress:
    """Markers per diagram file (the top process's file first) and what the instance waits for."""

    diagrams: dict
    waiting: list


def _add(ids, element_id):
    if element_id not in ids:
        ids.append(element_id)


def _event_kind(spec):
    definition = getattr(spec, "event_definition", None)
    name = type(definition).__name__ if definition is not None else ""
    if name in _TIMER_TYPES:
        return "timer"
    return "message" if "Message" in name else (name.removesuffix("EventDefinition").lower() or "event")


def _due(task):
    value = task.internal_data.get("event_value")
    if not isinstance(value, str):
        return None  # not started waiting yet, or a cycle that has run out
    parsed = TimerEventDefinition.get_datetime(value)
    return (parsed if parsed.tzinfo else parsed.astimezone()).astimezone(UTC)


def _waiting_event(task, file):
    spec, kind = task.task_spec, _event_kind(task.task_spec)
    message = getattr(spec.event_definition, "name", None) if kind == "message" else None
    return WaitingEvent(spec.bpmn_id, spec.bpmn_name, file, kind, _due(task) if kind == "timer" else None, message)


def _mark(task, markers, waiting):
    spec = task.task_spec
    if spec.bpmn_id is None:  # the engine's own start, end and join tasks
        return
    if task.has_state(TaskState.COMPLETED):
        _add(markers.completed, spec.bpmn_id)
    elif task.has_state(TaskState.READY | TaskState.STARTED):
        _add(markers.current, spec.bpmn_id)
    elif task.has_state(TaskState.WAITING):
        _add(markers.waiting, spec.bpmn_id)
        if hasattr(spec, "event_definition"):
            waiting.append(_waiting_event(task, task.workflow.spec.file))


def progress_of(workflow, sources):
    """Progress of a loaded workflow; sources ({file: XML}) give the sequence flows that were taken."""
    diagrams, waiting = {}, []
    for flow in (workflow, *workflow.subprocesses.values()):
        markers = diagrams.setdefault(flow.spec.file, Markers())
        for task in flow.get_tasks(skip_subprocesses=True):
            _mark(task, markers, waiting)
    taken = _taken(workflow)
    for file, markers in diagrams.items():
        if file in sources and taken.get(file):
            for flow_id in flows_between(sources[file], taken[file]):
                _add(markers.completed, flow_id)
    return Progress({f: m for f, m in diagrams.items() if m.completed or m.current or m.waiting}, waiting)


def _taken(workflow):
    """{file: {(source id, target id)}}: each reached element and the completed element it was reached from.

    The task tree says which way a token went, where the diagram alone cannot (two completed gateways around a
    skipped branch).
    """
    reached = TaskState.COMPLETED | TaskState.READY | TaskState.STARTED | TaskState.WAITING
    taken = {}
    for task in workflow.get_tasks():  # get_tasks(state=...) would not look inside a running subprocess
        if task.task_spec.bpmn_id is None or not task.has_state(reached):
            continue
        parent = task.parent
        while parent is not None and parent.task_spec.bpmn_id is None:
            parent = parent.parent  # the engine's own split and join tasks stand between two elements
        pairs = taken.setdefault(task.workflow.spec.file, set())
        if parent is not None and parent.has_state(TaskState.COMPLETED):
            pairs.add((parent.task_spec.bpmn_id, task.task_spec.bpmn_id))
        if type(task.task_spec).__name__ in _JOINS:  # a join's task hangs under one of the branches it joined
            done = {t.task_spec.bpmn_id for t in task.workflow.get_tasks(skip_subprocesses=True)
                    if t.has_state(TaskState.COMPLETED)}
            pairs.update((i.bpmn_id, task.task_spec.bpmn_id) for i in task.task_spec.inputs if i.bpmn_id in done)
    return taken


def flows_between(source, pairs):
    """Ids of the sequence flows of a diagram that join (source id, target id) pairs."""
    root = parse_source("diagram", source)
    return [flow.get("id") for flow in root.iter(f"{{{BPMN_NS}}}sequenceFlow")
            if (flow.get("sourceRef"), flow.get("targetRef")) in pairs]
