"""Process designers' work: models and their versions, drafts, validation, deployment and what changed.

Who may do what is decided here: designers edit and deploy, admins may look (they migrate instances, see
migrations.py); everyone else is refused.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import undefer

from workflows import SpecError
from workflows.diff import diff_sources
from workflows.specs import source_kind

from ..audit import service as audit
from ..db import utcnow
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..processes import versions
from ..processes.models import DECISION, PROCESS
from ..processes.service import InvalidDiagram
from .models import Draft

DESIGNERS = ("designer",)
VIEWERS = ("designer", "admin")
KINDS = {"bpmn": PROCESS, "dmn": DECISION}  # the file kind a page or an upload names, and the model kind


def may_design(user):
    """True when the user may edit, validate, test and deploy process models: designers."""
    return user is not None and user.is_authenticated and user.has_role(*DESIGNERS)


def may_view(user):
    """True when the user may see process models and their versions: designers and admins."""
    return user is not None and user.is_authenticated and user.has_role(*VIEWERS)


def require_designer(*, user):
    """Forbidden unless the user is a designer."""
    if not may_design(user):
        raise Forbidden("only designers change process models")


def require_viewer(*, user):
    """Forbidden unless the user may see process models."""
    if not may_view(user):
        raise Forbidden("only designers and admins see process models")


def lands_here(user):
    """True when the designer pages are the user's home: a designer with no role that works an inbox."""
    return may_design(user) and set(user.roles) <= set(DESIGNERS)


# Models and versions


def models(*, user):
    """Every process model with its newest version and running instances."""
    require_viewer(user=user)
    return versions.models()


@dataclass(frozen=True)
class ModelDetail:
    """A model's versions (newest first, with running instances) and its drafts."""

    model_id: str
    kind: str
    versions: list
    drafts: list

    @property
    def latest(self):
        return self.versions[0].version


def model(*, user, model_id):
    """A model with its versions and drafts; NotFound for an unknown model."""
    require_viewer(user=user)
    rows = versions.versions_of(model_id)
    drafts = db.session.scalars(select(Draft).where(Draft.process_id == model_id)
                                .order_by(Draft.updated_at.desc())).all()
    return ModelDetail(model_id, rows[0].version.kind, rows, drafts)


def version(*, user, model_id, number):
    """One version of a model with its sources."""
    require_viewer(user=user)
    return versions.get_version(model_id, number, with_sources=True)


@dataclass(frozen=True)
class Opened:
    """What the modeler opens: a model's file from a version or a draft."""

    model_id: str
    kind: str
    xml: str
    base_version: int | None
    draft: Draft | None = None


def open_file(*, user, model_id, number=None, draft_id=None):
    """The model's own file as of a version (default: the newest) or of a draft, for the modeler."""
    require_viewer(user=user)
    if draft_id is not None:
        draft = _draft(model_id, draft_id)
        return Opened(model_id, draft.kind, draft.xml, draft.base_version, draft)
    found = versions.get_version(model_id, number, with_sources=True) if number else _latest(model_id)
    return Opened(model_id, found.kind, versions.own_source(found), found.version)


def _latest(model_id):
    found = versions.latest(model_id)
    if found is None:
        raise NotFound(f"no process model {model_id}", field="model_id")
    return found


def _draft(model_id, draft_id):
    draft = db.session.scalar(select(Draft).where(Draft.id == draft_id, Draft.process_id == model_id)
                              .options(undefer(Draft.xml)))
    if draft is None:
        raise NotFound(f"{model_id} has no draft {draft_id}", field="draft_id")
    return draft


# Drafts


def save_draft(*, user, model_id, xml, base_version=None):
    """Save the user's draft of a model (one per model and author, saved over); nothing is checked or deployed."""
    require_designer(user=user)
    kind = _latest(model_id).kind
    _check_text(model_id, xml)
    if base_version is not None and (isinstance(base_version, bool) or not isinstance(base_version, int)):
        raise Invalid("base_version is a version number", field="base_version")
    draft = db.session.scalar(select(Draft).where(Draft.process_id == model_id, Draft.author_id == user.id))
    now = utcnow()
    if draft is None:
        draft = Draft(process_id=model_id, kind=kind, author_id=user.id, created_at=now)
        db.session.add(draft)
    draft.xml, draft.base_version, draft.updated_at = xml, base_version, now
    db.session.flush()
    audit.record(actor=user, action="designer.draft_saved", object_type="draft", object_id=draft.id,
                 data={"process_id": model_id, "base_version": base_version, "bytes": len(xml.encode())})
    return draft


def discard_draft(*, user, model_id, draft_id):
    """Delete a draft of a model: its author or any designer may."""
    require_designer(user=user)
    draft = _draft(model_id, draft_id)
    db.session.delete(draft)
    audit.record(actor=user, action="designer.draft_discarded", object_type="draft", object_id=draft_id,
                 data={"process_id": model_id, "author": draft.author.username})


def _check_text(model_id, xml):
    if not isinstance(xml, str) or not xml.strip():
        raise Invalid(f"send the diagram of {model_id} as XML text", field="xml")


# Validation and deployment


@dataclass(frozen=True)
class Validation:
    """What deploying a file would find: its problems (none: it can be deployed), and the processes that would get
    a new version with it."""

    model_id: str
    problems: list
    dependents: list

    @property
    def valid(self):
        return not self.problems


def plan_file(model_id, xml, kind=None):
    """The deployment plan of a file; InvalidDiagram when it is not a readable diagram of the model's kind."""
    _check_text(model_id, xml)
    existing = versions.latest(model_id)
    file = f"{model_id}.{'dmn' if (existing and existing.kind == DECISION) or kind == 'dmn' else 'bpmn'}"
    try:
        found = KINDS[source_kind(file, xml)]
    except SpecError as exc:
        raise InvalidDiagram(model_id, exc.problems) from exc
    if existing is not None and found != existing.kind:
        raise Invalid(f"{model_id} is a {existing.kind}; this file is a {found}", field="xml")
    if kind and KINDS.get(kind) != found:
        raise Invalid(f"this file is a {found}, not a {kind} file", field="kind")
    return versions.plan(model_id, found, xml)


def validate(*, user, model_id, xml, kind=None):
    """Check a file as deploying it would, the processes that call it included; nothing is stored."""
    require_designer(user=user)
    try:
        deployment = plan_file(model_id, xml, kind)
        versions.check(deployment)
    except InvalidDiagram as exc:
        return Validation(model_id, exc.problems, [])
    return Validation(model_id, [], sorted(deployment.dependents))


def deploy(*, user, model_id, xml, kind=None, draft_id=None):
    """Deploy a file as the model's newest version, with new versions of the processes that call it.

    Returns the versions made, the model's own first; Conflict when the file is the newest version's already.
    """
    require_designer(user=user)
    deployment = plan_file(model_id, xml, kind)
    current = versions.latest(model_id)
    if current is not None and versions.own_source(current) == xml:
        raise Conflict(f"{model_id} version {current.version} has this content already; change something first",
                       field="xml")
    versions.check(deployment)
    made = versions.deploy(deployment, actor=user)
    if isinstance(draft_id, int) and not isinstance(draft_id, bool):
        draft = db.session.get(Draft, draft_id)
        if draft is not None and draft.process_id == model_id:
            db.session.delete(draft)  # it is a version now
    return made


# What changed


@dataclass(frozen=True)
class Diff:
    """What changed from one version of a model to another, file by file."""

    model_id: str
    kind: str
    before: object
    after: object
    files: list


def diff(*, user, model_id, from_number, to_number):
    """The elements and decision rows added, removed and changed from one version to another."""
    require_viewer(user=user)
    before = versions.get_version(model_id, from_number, with_sources=True)
    after = versions.get_version(model_id, to_number, with_sources=True)
    return Diff(model_id, before.kind, before, after, diff_sources(before.sources, after.sources))
