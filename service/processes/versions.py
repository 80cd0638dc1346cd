"""Process models and their versions: listing them, and deploying a changed file with what depends on it.

A model is a process or a decision table, named by its id. Its versions are immutable and self-contained: a
process version carries the very files it calls. So when a designer deploys a changed file, every process whose
newest version contains that file gets a new version too, built from its newest sources with the changed file (and
what that file now calls) swapped in. New contracts start on those versions; running instances keep theirs. The
whole deployment is refused, and nothing is stored, when any of those versions does not compile.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from workflows import SpecError, dependencies
from workflows.specs import layout_problems

from ..errors import NotFound
from ..extensions import db
from . import service
from .models import DECISION, PROCESS, ProcessInstance, ProcessVersion

RUNNING = "running"


@dataclass(frozen=True)
class Model:
    """A process model: its id, kind, newest version and how many instances run on any of its versions."""

    model_id: str
    kind: str
    latest: ProcessVersion
    versions: int
    running: int

    @property
    def file(self):
        return self.latest.file


@dataclass(frozen=True)
class VersionRow:
    """A version with the instances running on it (for a decision table: on process versions that carry it)."""

    version: ProcessVersion
    running: int

    @property
    def number(self):
        return self.version.version

    @property
    def deployed_at(self) -> datetime:
        return self.version.deployed_at


def _running_by_version():
    rows = db.session.execute(select(ProcessInstance.version_id, func.count()).where(
        ProcessInstance.status == RUNNING).group_by(ProcessInstance.version_id)).all()
    return dict(rows)


def _running(version, counts, all_versions):
    if version.kind == PROCESS:
        return counts.get(version.id, 0)
    own = version.files.get(version.file)
    return sum(counts.get(v.id, 0) for v in all_versions
               if v.kind == PROCESS and own and (v.files or {}).get(version.file) == own)


def models():
    """Every model, by kind (processes first) and id."""
    all_versions = db.session.scalars(select(ProcessVersion).order_by(ProcessVersion.version)).all()
    counts, grouped = _running_by_version(), {}
    for version in all_versions:
        grouped.setdefault(version.process_id, []).append(version)
    found = [Model(model_id, versions[-1].kind, versions[-1], len(versions),
                   sum(_running(v, counts, all_versions) for v in versions if v.kind == PROCESS)
                   if versions[-1].kind == PROCESS else _running(versions[-1], counts, all_versions))
             for model_id, versions in grouped.items()]
    return sorted(found, key=lambda m: (m.kind != PROCESS, m.model_id))


def versions_of(model_id):
    """The versions of a model, newest first, with their running instances; NotFound for an unknown model."""
    versions = db.session.scalars(select(ProcessVersion).where(ProcessVersion.process_id == model_id)
                                  .order_by(ProcessVersion.version.desc())).all()
    if not versions:
        raise NotFound(f"no process model {model_id}", field="model_id")
    counts = _running_by_version()
    everything = versions if versions[0].kind == PROCESS else db.session.scalars(select(ProcessVersion)).all()
    return [VersionRow(v, _running(v, counts, everything)) for v in versions]


def get_version(model_id, number, *, with_sources=False):
    """One version of a model, or NotFound."""
    query = select(ProcessVersion).where(ProcessVersion.process_id == model_id, ProcessVersion.version == number)
    version = db.session.scalar(query.options(undefer(ProcessVersion.sources)) if with_sources else query)
    if version is None:
        raise NotFound(f"{model_id} has no version {number}", field="version")
    return version


def latest(model_id):
    """The newest version of a model, or None."""
    return db.session.scalar(select(ProcessVersion).where(ProcessVersion.process_id == model_id)
                             .order_by(ProcessVersion.version.desc()).limit(1))


def own_source(version):
    """The XML of the model's own file in a version."""
    return version.sources.get(version.file) or next(iter(version.sources.values()))


def assemble(model_id, kind, xml):
    """The sources a model's file needs: the file itself, and the newest versions of the processes and decisions
    it calls (with what they call). A call to something never deployed is left for validation to report."""
    file = f"{model_id}.{'dmn' if kind == DECISION else 'bpmn'}"
    sources = {}
    if kind == PROCESS:
        processes, decisions = dependencies(xml, name=file)
        for called in sorted(processes - {model_id}) + sorted(decisions):
            found = latest(called)
            if found is not None:
                sources.update(found.sources)
    sources[file] = xml
    return sources


@dataclass(frozen=True)
class Plan:
    """What deploying a file makes: the model's new sources, and for each dependent process its new sources."""

    model_id: str
    kind: str
    sources: dict
    dependents: dict  # model id -> sources


def plan(model_id, kind, xml):
    """What deploying this file of a model would deploy; nothing is stored."""
    sources = assemble(model_id, kind, xml)
    file = f"{model_id}.{'dmn' if kind == DECISION else 'bpmn'}"
    dependents = {}
    for model in models():
        if model.model_id == model_id or model.kind != PROCESS or file not in (model.latest.files or {}):
            continue
        dependents[model.model_id] = {**model.latest.sources, **sources}
    return Plan(model_id, kind, sources, dependents)


def check(deployment):
    """Every problem of a plan: the model's own (its file must carry a layout to be drawn), then each dependent's
    (InvalidDiagram); nothing is stored."""
    file = f"{deployment.model_id}.{'dmn' if deployment.kind == DECISION else 'bpmn'}"
    try:
        problems = layout_problems(file, deployment.sources[file])
    except SpecError as exc:  # unreadable: compiling would only say it again
        raise service.InvalidDiagram(deployment.model_id, exc.problems) from exc
    for model_id, kind, sources in _parts(deployment):
        try:
            service.compile_model(model_id, sources, kind=kind)
        except service.InvalidDiagram as exc:
            problems += [p for p in exc.problems if p not in problems]
    if problems:
        raise service.InvalidDiagram(deployment.model_id, problems)


def _parts(deployment):
    yield deployment.model_id, deployment.kind, deployment.sources
    for model_id, sources in sorted(deployment.dependents.items()):
        yield model_id, PROCESS, sources


def deploy(deployment, *, actor):
    """Deploy a checked plan: the model's new version first, then one for each dependent; [ProcessVersion]."""
    version, _ = service.deploy(process_id=deployment.model_id, sources=deployment.sources, kind=deployment.kind,
                                actor=actor, again=True)
    made = [version]
    for model_id, sources in sorted(deployment.dependents.items()):
        dependent, created = service.deploy(process_id=model_id, sources=sources, actor=actor, again=True,
                                            origin={"model": deployment.model_id, "version": version.version})
        if created:
            made.append(dependent)
    return made
