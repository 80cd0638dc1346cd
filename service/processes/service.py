"""Deploy process versions; start instances and apply what the engine did to the database."""

import hashlib
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from workflows import (
    Problem,
    SpecError,
    TaskFailed,
    TaskNotReady,
    compile_decision,
    compile_process,
    dependencies,
    sources_sha256,
)

from ..audit import service as audit
from ..auth.models import ROLES
from ..db import utcnow
from ..errors import Conflict, Invalid, NotFound, ServiceError
from ..extensions import db
from ..inbox import sync, task_fields
from ..jobs import outbox
from ..key_dates import service as key_dates
from .engine import compiled, engine, remember
from .models import DECISION, PROCESS, ProcessInstance, ProcessVersion

FIRE_TIMERS = "processes.fire_timers"


class InvalidDiagram(Invalid):
    """Diagrams that were not deployed, with every problem found: its file, the element to fix and what is wrong."""

    def __init__(self, process_id, problems, *, verb="deployed"):
        self.problems = list(problems)
        super().__init__(f"{process_id} was not {verb}: " + "; ".join(str(p) for p in self.problems),
                         field="sources")

    def to_dict(self):
        body = super().to_dict()
        body["error"]["problems"] = [{"file": p.file, "element_id": p.element_id, "message": p.message}
                                     for p in self.problems]
        return body


def timer_key(instance_id, due):
    """The job id of an instance's timer due at a time: duplicates collapse into one job."""
    return outbox.job_key("timer", instance_id, due)


def latest_version(process_id):
    """The newest deployed version of a process, or NotFound."""
    version = db.session.scalar(
        select(ProcessVersion).where(ProcessVersion.process_id == process_id)
        .order_by(ProcessVersion.version.desc()).limit(1)
    )
    if version is None:
        raise NotFound(f"process {process_id} is not deployed; run `flask --app wsgi bpmn deploy`")
    return version


def deploy(*, process_id, sources, actor=None, kind=PROCESS, origin=None, again=False):
    """Validate and store a new version; return (version, created).

    Sources that any version of the process was deployed with are not deployed again (created is False), so that
    deploying a directory twice changes nothing. With `again` only the newest version counts: a designer may deploy
    an earlier version's content again, and it becomes the newest.
    """
    sha256 = sources_sha256(sources)
    same = select(ProcessVersion).where(ProcessVersion.process_id == process_id)
    same = same.order_by(ProcessVersion.version.desc()).limit(1) if again else same.where(
        ProcessVersion.sha256 == sha256).limit(1)
    existing = db.session.scalar(same)
    if existing is not None and existing.sha256 == sha256:
        return existing, False
    process = compile_model(process_id, sources, kind=kind)
    number = db.session.scalar(
        select(func.coalesce(func.max(ProcessVersion.version), 0)).where(ProcessVersion.process_id == process_id)
    )
    version = ProcessVersion(process_id=process_id, version=number + 1, kind=kind, sha256=sha256,
                             sources={k: _text(v) for k, v in sources.items()}, files=file_hashes(sources),
                             origin=origin, deployed_by_id=getattr(actor, "id", None))
    db.session.add(version)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same version number, taken by a deployment that committed first
        raise Conflict(f"someone deployed {process_id} at the same time; reload and deploy again",
                       field="sources") from exc
    audit.record(actor=actor, action="process.deployed", object_type="process_version", object_id=version.id,
                 data={"process_id": process_id, "kind": kind, "version": version.version, "sha256": sha256,
                       **({"origin": origin} if origin else {})})
    if kind == PROCESS:
        remember(process)
    return version, True


def compile_model(process_id, sources, *, kind=PROCESS):
    """The compiled process (or parsed decision) of a model's sources; InvalidDiagram listing every problem."""
    try:
        if kind == DECISION:
            return compile_decision(process_id, sources, roles=ROLES)
        process = compile_process(process_id, sources, roles=ROLES)
    except SpecError as exc:
        raise InvalidDiagram(process_id, exc.problems) from exc
    problems = form_problems(process)
    if problems:
        raise InvalidDiagram(process_id, problems)
    return process


def form_problems(process):
    """Every user task's form declaration must parse, so that no completion fails on a designer's typo."""
    problems = []
    for spec in (process.spec, *process.subprocess_specs.values()):
        for task_spec in spec.task_specs.values():
            fields = getattr(task_spec, "extensions", {}).get("properties", {}).get("fields")
            try:
                task_fields.parse(fields)
            except ValueError as exc:
                problems.append(Problem(spec.file, task_spec.bpmn_id, str(exc)))
    return problems


def file_hashes(sources):
    """{file name: SHA-256 of its content}."""
    return {name: hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()
            for name, data in sources.items()}


def _text(data):
    return data.decode("utf-8") if isinstance(data, bytes) else data


def sources_for(directory, process_id):
    """The files a process needs from a directory of diagrams: its own and what it calls, by file stem."""
    directory, sources, pending = Path(directory), {}, [f"{process_id}.bpmn"]
    while pending:
        name = pending.pop()
        if name in sources or not (directory / name).exists():
            continue
        sources[name] = (directory / name).read_bytes()
        if name.endswith(".bpmn"):
            processes, decisions = dependencies(sources[name], name=name)
            pending += [f"{p}.bpmn" for p in processes] + [f"{d}.dmn" for d in decisions]
    return sources


def deploy_directory(*, directory, actor=None):
    """Deploy every decision table and diagram in a directory whose content changed; return [(version, created)]."""
    results = []
    for path in sorted(Path(directory).glob("*.dmn")):
        results.append(deploy(process_id=path.stem, sources={path.name: path.read_bytes()}, kind=DECISION,
                              actor=actor))
    for path in sorted(Path(directory).glob("*.bpmn")):
        results.append(deploy(process_id=path.stem, sources=sources_for(directory, path.stem), actor=actor))
    return results


def instance_of(contract_id):
    """The newest process instance of a contract, or None."""
    return db.session.scalar(select(ProcessInstance).where(ProcessInstance.contract_id == contract_id)
                             .order_by(ProcessInstance.id.desc()).limit(1))


def start(*, process_id, contract=None, data, actor=None):
    """Start an instance of the newest version of a process."""
    version = latest_version(process_id)
    if version.kind != PROCESS:
        raise Invalid(f"{process_id} is a decision table, not a process", field="process_id")
    try:
        snapshot = engine().start(compiled(version), data)
    except TaskFailed as exc:
        raise Invalid(f"the process {process_id} could not start: {exc}") from exc
    instance = ProcessInstance(version=version, contract=contract, state=snapshot.state)
    db.session.add(instance)
    db.session.flush()
    apply(instance, snapshot, actor=actor)
    audit.record(actor=actor, action="instance.started", object_type="instance", object_id=instance.id,
                 data={"process_id": process_id, "version": version.version,
                       "contract_id": getattr(contract, "id", None)})
    return instance


def complete_task(*, instance, engine_task_id, data, actor):
    """Complete a user task in the engine and apply the result; Conflict when the instance moved on."""
    try:
        snapshot = engine().complete_task(instance.state, engine_task_id, data)
    except TaskNotReady as exc:
        raise Conflict(str(exc)) from exc
    except TaskFailed as exc:
        raise _service_error(exc) or Invalid(f"the process could not continue: {exc}") from exc
    apply(instance, snapshot, actor=actor)
    return snapshot


def rebase(*, instance, version, snapshot, actor):
    """Put an instance on another version of its process, with the state the engine moved onto it (see
    Engine.migrate); its open tasks keep their ids and take their titles and roles from that version."""
    instance.version = version
    apply(instance, snapshot, actor=actor)
    sync.retitle_open(instance, snapshot)
    _flush_or_conflict()


def _service_error(exc):
    """The service's own error behind an engine failure (a script called a service function that refused)."""
    while exc is not None:
        if isinstance(exc, ServiceError):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def apply(instance, snapshot, *, actor):
    """Store the engine's new state and keep the inbox and the contract's status in step with it."""
    contract, status = instance.contract, snapshot.variables.get("contract_status")
    instance.state = snapshot.state
    due_changed = snapshot.next_timer_due != instance.next_timer_due
    instance.next_timer_due = snapshot.next_timer_due
    if due_changed:  # lateness counts from when a timer was set up, should that be after its due time
        instance.next_timer_set_at = utcnow() if snapshot.next_timer_due is not None else None
    instance.next_timer_name = (snapshot.next_timer_name or None) if snapshot.next_timer_due is not None else None
    if due_changed and snapshot.next_timer_due is not None:  # an RQ job at that time, after commit
        outbox.schedule(job=FIRE_TIMERS, key=timer_key(instance.id, instance.next_timer_due),
                        run_at=instance.next_timer_due, instance_id=instance.id)
    instance.status = "completed" if snapshot.completed else "running"
    instance.last_error = None
    previous = contract.status if contract is not None else None
    if contract is not None and status and status != previous:
        contract.status = status
    _flush_or_conflict()
    redirected = sync.sync_tasks(instance, snapshot)
    _flush_or_conflict()
    if contract is not None and status and status != previous:  # reminders start (or are held) with the status
        key_dates.status_changed(contract=contract, previous=previous)
    # Audit last: the audit chain's lock is taken after every row lock of this transaction.
    if contract is not None and status and status != previous:
        audit.record(actor=actor, action="contract.status_changed", object_type="contract",
                     object_id=contract.id, data={"from": previous, "to": status})
    for task in redirected:  # assigned to an absent user's deputy
        audit.record(actor="system", action="task.assigned_to_deputy", object_type="task", object_id=task.id,
                     data={"from": task.delegated_from.username, "to": task.assignee.username,
                           "contract_id": task.contract_id})


def _flush_or_conflict():
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise Conflict("someone else changed this contract's process at the same time; reload and retry") from exc
