"""Test runs: a process model (or the processes that call a decision table) run in memory on a sample contract.

The run starts from the variables a real contract of these terms would start with, completes user tasks with the
designer's decisions in order, and stops when the process ends or waits. It stores nothing: it runs inside a
savepoint that is rolled back, and the functions scripts may call (exchange rates, role members) only read.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from workflows.trial import run_trial

from ..contracts import service as contracts
from ..contracts.service import LIFECYCLE
from ..errors import Invalid, NotFound
from ..extensions import db
from ..inbox import reasons, votes
from ..inbox.sync import lookup
from ..processes import service as processes
from ..processes import versions
from ..processes.functions import SCRIPT_FUNCTIONS
from ..processes.models import PROCESS
from . import service

SAMPLE = {"kind": "order", "amount": "120000.00", "currency": "CNY", "payment_terms_days": 30, "liability_cap": True,
          "governing_law": None}
MAX_STEPS = 200
WAITED_FOR = ("timer", "message", "signal")  # events from outside the process
# What the test-run page starts with: the sample contract, submitted and approved at every level it reaches.
SAMPLE_FORM = {"kind": SAMPLE["kind"], "amount": Decimal(SAMPLE["amount"]), "currency": SAMPLE["currency"],
               "steps": "submit, approve, approve, approve, approve"}


@dataclass(frozen=True)
class Level:
    """An approval level a decision table chose, with the reasons of the rows that chose it."""

    level: str
    due: str | None
    reasons: list


@dataclass(frozen=True)
class TestRun:
    """A test run's result (workflows.trial.TrialResult), the process it ran and the levels its decisions chose."""

    model_id: str
    process_id: str
    result: object
    levels: list
    sources: dict

    @property
    def waiting(self):
        """The timers and messages the run ends waiting for (not the process's own error or escalation events)."""
        return [w for w in self.result.progress.waiting if w.kind in WAITED_FOR]


def _sources_to_run(model_id, xml, number):
    """(process id, sources): what runs for a model's file, a version of it, or its newest version.

    A decision table does not run alone: the contract lifecycle runs with it when it calls the table, else the
    first process that does.
    """
    if xml is not None:
        plan = service.plan_file(model_id, xml)
        versions.check(plan)
        kind, own, dependents = plan.kind, plan.sources, plan.dependents
    else:
        found = versions.get_version(model_id, number, with_sources=True) if number else versions.latest(model_id)
        if found is None:
            raise NotFound(f"no process model {model_id}", field="model_id")
        kind, own = found.kind, dict(found.sources)
        dependents = {} if kind == PROCESS else versions.plan(model_id, kind, versions.own_source(found)).dependents
    if kind == PROCESS:
        return model_id, own
    if not dependents:
        raise Invalid(f"no process calls the decision table {model_id}; test a process that calls it",
                              field="model_id")
    process_id = LIFECYCLE if LIFECYCLE in dependents else sorted(dependents)[0]
    return process_id, dependents[process_id]


def _completion(task, step, ready, done):
    """A user task's data as the inbox would send it; the votes of a committee are tallied as the inbox tallies."""
    data = {**dict(step.get("data") or {}), "decision": step.get("decision"), "comment": step.get("comment") or ""}
    quorum_path = task.properties.get("quorum")
    if quorum_path:
        quorum = int(lookup(task.data, quorum_path) or 0)
        group = [d for t, d in done if t.name == task.name
                 and t.data.get("approval_round") == task.data.get("approval_round")] + [data]
        still_open = sum(1 for t in ready if t.name == task.name) - 1
        data["vote_outcome"] = votes.tally(quorum, sum(1 for d in group if d["decision"] == "approve"),
                                           sum(1 for d in group if d["decision"] == "reject"), still_open)
    return data


def plain(value):
    """A value as JSON can carry it: decimals and dates as text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    if isinstance(value, Decimal | date | datetime):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def levels_of(decisions, locale):
    """The approval levels the decision tables chose, in the order of their rows, with their reasons rendered."""
    found = {}
    for decision in decisions:
        for rule in decision.rules:
            outputs = rule.outputs
            if not outputs.get("level"):
                continue
            entry = {"rule": outputs.get("rule") or rule.rule_id, "level": outputs["level"],
                     "text": {"en": outputs.get("reason_en") or "", "zh_CN": outputs.get("reason_zh") or ""},
                     "values": plain(outputs.get("matched") or {})}
            level = found.setdefault(outputs["level"], {"due": None, "reasons": []})
            level["due"] = level["due"] or outputs.get("due") or None
            level["reasons"].append(reasons.render([entry], locale)[0]["text"])
    return [Level(name, found[name]["due"], found[name]["reasons"]) for name in found]


def test_run(*, user, model_id, contract=None, steps=(), xml=None, number=None, locale="en"):
    """Run a model on a sample contract (fields as for creating one) with user tasks completed by `steps`."""
    service.require_designer(user=user)
    if len(steps) > MAX_STEPS:
        raise Invalid(f"at most {MAX_STEPS} steps", field="steps")
    process_id, sources = _sources_to_run(model_id, xml, number)
    process = processes.compile_model(process_id, sources)
    terms = {**SAMPLE, "start_date": date.today(), "end_date": date.today() + timedelta(days=365),
             **{k: v for k, v in (contract or {}).items() if v is not None}}
    data = contracts.process_data(contracts.sample(owner=user, **terms))
    savepoint = db.session.begin_nested()
    try:
        with db.session.no_autoflush:
            result = run_trial(process, data, [dict(s) for s in steps], functions=SCRIPT_FUNCTIONS,
                               completion=_completion)
    finally:
        savepoint.rollback()  # the script functions only read; should one ever write, it is undone here
    return TestRun(model_id, process_id, result, levels_of(result.decisions, locale), sources)
