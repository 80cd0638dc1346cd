"""Where a contract stands in its process: its diagrams with completed, current and waiting elements, who holds
the open tasks, the timers it waits for, and the approval levels still to come.

Anyone who may see the contract may see this (contracts.get_for decides). Reading it writes nothing.
"""

from dataclasses import dataclass
from functools import lru_cache

from workflows import SpecError, TaskFailed, compile_decision
from workflows.decisions import decide

from ..contracts import service as contracts
from ..errors import NotFound, ServiceError
from ..inbox import service as inbox
from ..processes import service as processes
from ..processes.engine import engine
from ..processes.functions import to_cny
from .trial import WAITED_FOR, levels_of

APPROVAL_DECISION = "approval_levels"  # the decision table of the approval policy
APPROVING = ("draft", "in_approval")  # statuses in which approval levels are still to come


@dataclass(frozen=True)
class Diagram:
    """One file of the instance's version, with its markers."""

    file: str
    xml: str
    completed: list
    current: list
    waiting: list


@dataclass(frozen=True)
class InstanceView:
    """A contract's process: instance, version, diagrams, open tasks, waiting timers and messages, levels to come."""

    contract: object
    instance: object
    diagrams: list
    tasks: list
    waiting: list
    levels: list | None
    levels_note: str | None


def contract_process(*, user, contract_id, locale="en"):
    """The process view of a contract the user may see; NotFound otherwise, or when it has no process."""
    contract = contracts.get_for(contract_id=contract_id, user=user)
    instance = processes.instance_of(contract.id)
    if instance is None:
        raise NotFound(f"contract {contract_id} has no process", field="contract_id")
    progress = engine().progress(instance.state)
    sources = instance.version.sources
    top = instance.version.file
    files = [top, *[f for f in progress.diagrams if f != top]]
    diagrams = [_diagram(f, sources[f], progress.diagrams.get(f)) for f in files if f in sources]
    levels, note = _levels_to_come(contract, instance, locale)
    waiting = [w for w in progress.waiting if w.kind in WAITED_FOR]
    return InstanceView(contract, instance, diagrams, inbox.open_tasks_for(contract.id), waiting, levels, note)


def _diagram(file, xml, markers):
    if markers is None:
        return Diagram(file, xml, [], [], [])
    return Diagram(file, xml, markers.completed, markers.current, markers.waiting)


@lru_cache(maxsize=64)
def _decision(sha256, source):
    return compile_decision(APPROVAL_DECISION, {f"{APPROVAL_DECISION}.dmn": source})


def _levels_to_come(contract, instance, locale):
    """(levels, note): the approval policy of the instance's version applied to the contract's data now, less the
    levels already reached in this round. (None, why) when it cannot be said."""
    source = instance.version.sources.get(f"{APPROVAL_DECISION}.dmn")
    if source is None or contract.status not in APPROVING:
        return [], None
    variables = engine().snapshot(instance.state).variables
    try:
        data = {**variables, "amount_cny": to_cny(variables.get("amount", contract.amount),
                                                  variables.get("currency", contract.currency))}
        explained = decide(_decision(instance.version.files.get(f"{APPROVAL_DECISION}.dmn"), source), data,
                           engine().script_engine)
    except ServiceError as exc:
        return None, exc.message
    except (SpecError, TaskFailed) as exc:
        return None, str(exc)
    levels = levels_of([explained], locale)
    if contract.status == "in_approval":
        reached = _levels_reached(contract.id, variables.get("approval_round"))
        levels = [level for level in levels if level.level not in reached]
    return levels, None


def _levels_reached(contract_id, approval_round):
    """Levels whose tasks of this approval round are open or done."""
    tasks = [*inbox.open_tasks_for(contract_id), *inbox.history_for(contract_id)]
    return {entry.get("level") for task in tasks if task.round == approval_round for entry in task.reason or []}
