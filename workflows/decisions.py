"""Decision tables explained: the rows that match some data, their outputs, and the input values they saw."""

from dataclasses import dataclass, field
from types import SimpleNamespace

from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine
from SpiffWorkflow.exceptions import SpiffWorkflowException

from .errors import TaskFailed


@dataclass(frozen=True)
class MatchedRule:
    """A row of a decision table that matched: its id, its number (from 1), description and outputs."""

    rule_id: str
    row: int
    description: str
    outputs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Explained:
    """A decision taken: which decision (and the task that called it), the inputs it saw, the rows that matched."""

    decision_id: str | None
    element_id: str | None
    inputs: dict
    rules: list


class _StandIn:
    """Just enough of a task for SpiffWorkflow's DMN engine to evaluate a table on plain data."""

    def __init__(self, data, script_engine, name):
        self.data = data
        self.task_spec = SimpleNamespace(bpmn_id=None, bpmn_name=name, name=name)
        workflow = SimpleNamespace(script_engine=script_engine, spec=SimpleNamespace(file=name), parent_workflow=None)
        workflow.top_workflow = workflow
        self.workflow = workflow


def _inputs(table, task):
    values = {}
    for column in table.inputs:
        label = column.label or column.name or column.id
        try:
            values[label] = task.workflow.script_engine.evaluate(task, column.expression)
        except Exception:  # the rule check below reports the failure with its row
            values[label] = None
    return values


def explain(engine, task, *, decision_id=None, element_id=None):
    """Explained for one DMNEngine evaluated on a task (a real one, or plain data in a stand-in)."""
    table = engine.decision_table
    rules = [MatchedRule(r.id, r.row_number, r.description or "", dict(r.output_as_dict(task)))
             for r in engine.decide(task)]
    return Explained(decision_id, element_id, _inputs(table, task), rules)


def decide(decision, data, script_engine):
    """Evaluate a parsed decision (see compile_decision) on data; TaskFailed naming the decision when a cell fails."""
    task = _StandIn(dict(data), script_engine, decision.id)
    try:
        return explain(DMNEngine(decision.decisionTables[0]), task, decision_id=decision.id)
    except SpiffWorkflowException as exc:
        raise TaskFailed(str(exc).rstrip(". "), element_id=decision.id) from exc
    except Exception as exc:
        raise TaskFailed(str(exc), element_id=decision.id) from exc
