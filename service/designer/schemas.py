"""Request and response schemas of the designer endpoints: models, versions, deployment, diffs, test runs,
a contract's process, migrations."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ..api.schemas import Input, Output
from ..contracts.models import CURRENCIES, KINDS
from ..inbox.schemas import TaskOut
from .trial import plain

FileKind = Literal["bpmn", "dmn"]
# A diagram's text exactly as sent (no stripping): its bytes are what is hashed and compared.
XmlText = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1)]


class VersionOut(Output):
    id: int
    model_id: str
    kind: str
    number: int
    sha256: str
    deployed_at: datetime
    deployed_by: str | None
    running: int = Field(description="instances running on this version (a decision table: on the process "
                                     "versions that carry it)")
    origin: dict | None = Field(None, description="{model, version}: deployed because that file changed")
    files: dict = Field(description="file name -> SHA-256 of its content")

    @classmethod
    def of(cls, version, running=0):
        return cls(id=version.id, model_id=version.process_id, kind=version.kind, number=version.version,
                   sha256=version.sha256, deployed_at=version.deployed_at,
                   deployed_by=version.deployed_by.username if version.deployed_by else None, running=running,
                   origin=version.origin, files=version.files or {})


class ModelOut(Output):
    id: str
    kind: str = Field(description="process or decision")
    file: str
    latest_version: int
    versions: int
    running: int

    @classmethod
    def of(cls, model):
        return cls(id=model.model_id, kind=model.kind, file=model.file, latest_version=model.latest.version,
                   versions=model.versions, running=model.running)


class DraftOut(Output):
    id: int
    author: str
    base_version: int | None
    updated_at: datetime


class ModelDetailOut(Output):
    id: str
    kind: str
    versions: list[VersionOut]
    drafts: list[DraftOut]

    @classmethod
    def of(cls, detail):
        return cls(id=detail.model_id, kind=detail.kind,
                   versions=[VersionOut.of(r.version, r.running) for r in detail.versions],
                   drafts=[DraftOut(id=d.id, author=d.author.username, base_version=d.base_version,
                                    updated_at=d.updated_at) for d in detail.drafts])


class VersionSourcesOut(VersionOut):
    sources: dict = Field(description="file name -> XML: the model's file and every file it calls")

    @classmethod
    def of(cls, version, running=0):
        return cls(**VersionOut.of(version, running).model_dump(), sources=version.sources)


class UploadIn(Input):
    xml: XmlText = Field(description="the model's BPMN or DMN file as XML text (UTF-8)")
    kind: FileKind | None = Field(None, description="bpmn or dmn; needed only for a model that does not exist yet")
    draft_id: int | None = Field(None, description="the draft this file comes from (deleted once deployed)")


class ValidateIn(Input):
    xml: XmlText
    kind: FileKind | None = None


class ProblemOut(Output):
    file: str
    element_id: str | None
    message: str


class ValidationOut(Output):
    valid: bool
    problems: list[ProblemOut] = Field(default_factory=list)
    dependents: list[str] = Field(default_factory=list, description="processes that would get a new version too")


class DeployOut(Output):
    versions: list[VersionOut] = Field(description="the model's new version first, then those of the processes "
                                                   "that call it")


class DiffQuery(Input):
    to: int = Field(ge=1, description="the version to compare with")


class ChangeOut(Output):
    field: str
    before: str | None
    after: str | None


class ElementChangeOut(Output):
    element_id: str
    type: str
    name: str | None
    changes: list[ChangeOut] = Field(default_factory=list)


class FileDiffOut(Output):
    file: str
    kind: str
    status: str = Field(description="added, removed, changed, layout (only the drawing changed) or unchanged")
    added: list[ElementChangeOut]
    removed: list[ElementChangeOut]
    changed: list[ElementChangeOut]


class DiffOut(Output):
    model_id: str
    from_version: int
    to_version: int
    files: list[FileDiffOut]

    @classmethod
    def of(cls, diff):
        return cls(model_id=diff.model_id, from_version=diff.before.version, to_version=diff.after.version,
                   files=[FileDiffOut.model_validate(f, from_attributes=True) for f in diff.files])


class SampleContractIn(Input):
    kind: Literal[KINDS] = "order"
    amount: Decimal = Field(Decimal("120000.00"), ge=0, max_digits=18, decimal_places=2)
    currency: Literal[CURRENCIES] = "CNY"
    start_date: date | None = None
    end_date: date | None = None
    payment_terms_days: int = Field(30, ge=0, le=3650)
    liability_cap: Decimal | bool = True
    governing_law: str | None = Field(None, max_length=16)


class StepIn(Input):
    task: str | None = Field(None, max_length=128, description="the user task to complete (default: the first "
                                                                 "waiting)")
    decision: str = Field(min_length=1, max_length=32)
    comment: str = Field("", max_length=2000)
    data: dict = Field(default_factory=dict, description="form fields of the task")


class TestRunIn(Input):
    xml: XmlText | None = Field(None, description="the model's file to try (default: a deployed version)")
    version: int | None = Field(None, ge=1, description="the version to try (default: the newest)")
    contract: SampleContractIn = Field(default_factory=SampleContractIn)
    steps: list[StepIn] = Field(default_factory=list, max_length=200)


class PathStepOut(Output):
    element_id: str
    name: str | None
    type: str
    file: str
    lane: str | None
    decision: str | None


class MatchedRuleOut(Output):
    rule_id: str
    row: int
    description: str
    outputs: dict


class DecisionOut(Output):
    decision_id: str | None
    element_id: str | None
    inputs: dict
    rules: list[MatchedRuleOut]


class LevelOut(Output):
    level: str
    due: str | None
    reasons: list[str]


class ReadyOut(Output):
    name: str
    title: str
    lane: str | None
    decisions: list[str]


class WaitingOut(Output):
    element_id: str
    name: str | None
    file: str
    kind: str = Field(description="timer, message, ...")
    due: datetime | None
    message: str | None


class MarkersOut(Output):
    file: str
    completed: list[str]
    current: list[str]
    waiting: list[str]


def _ready(ready):
    return [ReadyOut(name=r.name, title=r.title, lane=r.lane,
                     decisions=[d for d in r.properties.get("decisions", "").split(",") if d]) for r in ready]


def _markers(diagrams):
    return [MarkersOut(file=f, completed=m.completed, current=m.current, waiting=m.waiting)
            for f, m in diagrams.items()]


class TestRunOut(Output):
    model_id: str
    process_id: str = Field(description="the process that ran (a decision table runs in a process that calls it)")
    outcome: str = Field(description="completed, waiting, failed or stopped")
    message: str | None
    element_id: str | None = Field(description="the element that failed")
    steps_used: int
    path: list[PathStepOut]
    decisions: list[DecisionOut]
    levels: list[LevelOut] = Field(description="the approval levels the decision tables chose, and why")
    ready: list[ReadyOut]
    waiting: list[WaitingOut]
    diagrams: list[MarkersOut]
    variables: dict

    @classmethod
    def of(cls, run):
        r = run.result
        return cls(model_id=run.model_id, process_id=run.process_id, outcome=r.outcome, message=r.message,
                   element_id=r.element_id, steps_used=r.steps_used,
                   path=[PathStepOut.model_validate(p, from_attributes=True) for p in r.path],
                   decisions=[DecisionOut(decision_id=d.decision_id, element_id=d.element_id, inputs=plain(d.inputs),
                                          rules=[MatchedRuleOut(rule_id=x.rule_id, row=x.row, description=x.description,
                                                                outputs=plain(x.outputs)) for x in d.rules])
                              for d in r.decisions],
                   levels=[LevelOut.model_validate(level, from_attributes=True) for level in run.levels],
                   ready=_ready(r.ready), waiting=[WaitingOut.model_validate(w, from_attributes=True)
                                                   for w in run.waiting],
                   diagrams=_markers(r.progress.diagrams), variables=plain(r.variables))


class ContractProcessOut(Output):
    contract_id: int
    instance_id: int
    process_id: str
    version: int
    status: str
    last_error: str | None
    diagrams: list[MarkersOut] = Field(description="the files of the version, the top process first; the XML is "
                                                   "at GET /process-models/{process_id}/versions/{version}")
    tasks: list[TaskOut] = Field(description="open tasks and who holds them")
    waiting: list[WaitingOut] = Field(description="timers (with their due time) and messages waited for")
    levels_to_come: list[LevelOut] | None = Field(description="approval levels still to come; null when they cannot "
                                                             "be said (see levels_note)")
    levels_note: str | None

    @classmethod
    def of(cls, view, locale=None):
        instance = view.instance
        return cls(contract_id=view.contract.id, instance_id=instance.id, process_id=instance.version.process_id,
                   version=instance.version.version, status=instance.status, last_error=instance.last_error,
                   diagrams=[MarkersOut(file=d.file, completed=d.completed, current=d.current, waiting=d.waiting)
                             for d in view.diagrams],
                   tasks=[TaskOut.of(t, locale) for t in view.tasks],
                   waiting=[WaitingOut.model_validate(w, from_attributes=True) for w in view.waiting],
                   levels_to_come=None if view.levels is None else [
                       LevelOut.model_validate(level, from_attributes=True) for level in view.levels],
                   levels_note=view.levels_note)


class MigrationIn(Input):
    process_model: str | None = Field(None, max_length=128, description="the process (default: that of the "
                                                                         "instances listed)")
    from_version: int = Field(ge=1, description="the version number the instances run on")
    to_version: int = Field(ge=1, description="the version number to move them to")
    instance_ids: list[int] = Field(default_factory=list, description="default: every running instance on "
                                                                      "from_version")
    dry_run: bool = True


class CandidateOut(Output):
    instance_id: int
    contract_id: int | None
    can_move: bool
    moved: bool
    reasons: list[str]


class MigrationOut(Output):
    migration_id: int | None = Field(description="the record of an applied migration (to revert it)")
    dry_run: bool
    process_model: str
    from_version: int
    to_version: int
    instances: list[CandidateOut]

    @classmethod
    def of(cls, report):
        return cls(migration_id=report.migration.id if report.migration else None, dry_run=report.dry_run,
                   process_model=report.process_id, from_version=report.from_version.version,
                   to_version=report.to_version.version,
                   instances=[CandidateOut(instance_id=c.instance_id,
                                           contract_id=c.instance.contract_id if c.instance else None,
                                           can_move=c.can_move, moved=c.moved, reasons=c.reasons)
                              for c in report.candidates])


class MigrationItemOut(Output):
    instance_id: int
    reverted: str | None = Field(description="restored, moved_back or null")


class MigrationRecordOut(Output):
    id: int
    process_model: str
    from_version: int
    to_version: int
    by: str
    at: datetime
    reverted_at: datetime | None
    reverted_by: str | None
    items: list[MigrationItemOut]

    @classmethod
    def of(cls, m):
        return cls(id=m.id, process_model=m.process_id, from_version=m.from_version.version,
                   to_version=m.to_version.version, by=m.actor.username, at=m.created_at, reverted_at=m.reverted_at,
                   reverted_by=m.reverted_by.username if m.reverted_by else None,
                   items=[MigrationItemOut(instance_id=i.instance_id, reverted=i.reverted) for i in m.items])


class RevertResultOut(Output):
    instance_id: int
    outcome: str = Field(description="restored (as it was), moved_back (it had moved on), or kept")
    reason: str | None


class RevertOut(Output):
    migration: MigrationRecordOut
    results: list[RevertResultOut]

    @classmethod
    def of(cls, reverted):
        return cls(migration=MigrationRecordOut.of(reverted.migration),
                   results=[RevertResultOut(instance_id=i, outcome=o, reason=r) for i, o, r in reverted.results])
