"""Migrations: admins move running instances from one version of a process to another, and can move them back.

An instance moves when every element it has reached exists in the target (workflows.migration says what exactly);
a dry run says which instances can move and why the others cannot, and writes nothing. Applying moves the
instances that can, keeps each one's state from before, and audits every move. Reverting puts an instance back as
it was when it has not moved on since, else moves it back by the same rules when it can.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import lazyload, undefer

from ..audit import service as audit
from ..db import utcnow
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..processes import service as processes
from ..processes import versions
from ..processes.engine import compiled, engine
from ..processes.models import PROCESS, ProcessInstance, ProcessVersion
from .models import Migration, MigrationItem

MIGRATORS = ("admin",)
MAX_INSTANCES = 1000  # instances one request may move


def may_migrate(user):
    """True when the user may move instances between versions: admins."""
    return user is not None and user.is_authenticated and user.has_role(*MIGRATORS)


def require_migrator(*, user):
    """Forbidden unless the user is an admin."""
    if not may_migrate(user):
        raise Forbidden("only admins move running instances between versions")


@dataclass
class Candidate:
    """An instance asked about: whether it can move (or was moved) and, if not, why."""

    instance_id: int
    instance: ProcessInstance | None
    reasons: list = field(default_factory=list)
    moved: bool = False

    @property
    def can_move(self):
        return not self.reasons


@dataclass(frozen=True)
class Report:
    """The outcome of a dry run or a migration; `migration` is the record of an applied one."""

    process_id: str
    from_version: object
    to_version: object
    dry_run: bool
    candidates: list
    migration: Migration | None = None

    @property
    def movable(self):
        return [c for c in self.candidates if c.can_move]


def _process_of(process_model, instance_ids):
    if process_model:
        return process_model
    found = set(db.session.scalars(select(ProcessInstance.version_id).where(ProcessInstance.id.in_(instance_ids))))
    models = {v.process_id for v in (db.session.get(ProcessVersion, i) for i in found) if v}
    if len(models) != 1:
        raise Invalid("name the process model (process_model), or list instances of one process", field="process_model")
    return models.pop()


def _versions(process_model, from_number, to_number, instance_ids):
    process_id = _process_of(process_model, instance_ids)
    source = versions.get_version(process_id, from_number)
    if source.kind != PROCESS:
        raise Invalid(f"{process_id} is a decision table; its instances are those of the processes that call it",
                      field="process_model")
    target = versions.get_version(process_id, to_number, with_sources=True)
    if source.id == target.id:
        raise Invalid("the target version is the version the instances run on", field="to_version")
    return process_id, source, target


def _instances(source, instance_ids, *, lock):
    query = select(ProcessInstance).options(lazyload(ProcessInstance.version)).order_by(ProcessInstance.id)
    if instance_ids:
        query = query.where(ProcessInstance.id.in_(instance_ids))
    else:
        query = query.where(ProcessInstance.version_id == source.id, ProcessInstance.status == "running")
    if lock:
        query = query.with_for_update(of=ProcessInstance)
    found = {i.id: i for i in db.session.scalars(query)}
    ids = list(dict.fromkeys(instance_ids)) or list(found)
    return [(i, found.get(i)) for i in ids]


def _check(instance_id, instance, source, target):
    """(Candidate, snapshot on the target or None)."""
    candidate = Candidate(instance_id, instance)
    if instance is None:
        candidate.reasons.append(f"there is no instance {instance_id}")
    elif instance.version_id != source.id:
        candidate.reasons.append(f"it runs on version {instance.version.version} of {instance.version.process_id}, "
                                 f"not version {source.version} of {source.process_id}")
    elif instance.status != "running":
        candidate.reasons.append("it has finished")
    if candidate.reasons:
        return candidate, None
    snapshot, reasons = engine().migrate(instance.state, compiled(target))
    candidate.reasons.extend(reasons)
    return candidate, snapshot


def migrate(*, user, from_version, to_version, instance_ids=(), process_model=None, dry_run=True):
    """Move instances from one version of a process to another (all running ones on it when none are listed).

    A dry run only reports; applying moves those that can and records the migration for reverting.
    """
    require_migrator(user=user)
    if len(instance_ids) > MAX_INSTANCES:
        raise Invalid(f"at most {MAX_INSTANCES} instances at once", field="instance_ids")
    process_id, source, target = _versions(process_model, from_version, to_version, instance_ids)
    checked = [_check(i, instance, source, target)
               for i, instance in _instances(source, instance_ids, lock=not dry_run)]
    candidates = [c for c, _ in checked]
    if dry_run or not any(c.can_move for c in candidates):
        return Report(process_id, source, target, dry_run, candidates)
    migration = Migration(process_id=process_id, from_version_id=source.id, to_version_id=target.id,
                          actor_id=user.id, created_at=utcnow())
    db.session.add(migration)
    db.session.flush()
    for candidate, snapshot in checked:
        if candidate.can_move:
            _move(migration, candidate, snapshot, target, user)
    audit.record(actor=user, action="migration.applied", object_type="migration", object_id=migration.id,
                 data={"process_id": process_id, "from_version": source.version, "to_version": target.version,
                       "moved": [c.instance_id for c in candidates if c.moved],
                       "refused": [c.instance_id for c in candidates if not c.can_move]})
    return Report(process_id, source, target, False, candidates, migration)


def _move(migration, candidate, snapshot, target, user):
    instance = candidate.instance
    state_before = instance.state
    processes.rebase(instance=instance, version=target, snapshot=snapshot, actor=user)
    migration.items.append(MigrationItem(instance_id=instance.id, state_before=state_before,
                                         lock_version_after=instance.lock_version))
    candidate.moved = True
    audit.record(actor=user, action="instance.migrated", object_type="instance", object_id=instance.id,
                 data={"migration_id": migration.id, "process_id": target.process_id,
                       "from_version": migration.from_version.version, "to_version": target.version,
                       "contract_id": instance.contract_id})


def get(*, user, migration_id):
    """A migration with its items, or NotFound."""
    require_migrator(user=user)
    migration = db.session.get(Migration, migration_id)
    if migration is None:
        raise NotFound(f"no migration {migration_id}", field="migration_id")
    return migration


def recent(*, user, limit=20):
    """The newest migrations."""
    require_migrator(user=user)
    return db.session.scalars(select(Migration).order_by(Migration.id.desc()).limit(limit)).unique().all()


@dataclass(frozen=True)
class Reverted:
    """How each instance of a migration came back: restored, moved_back, or not (with the reason)."""

    migration: Migration
    results: list  # [(instance_id, outcome, reason)]


def revert(*, user, migration_id):
    """Move a migration's instances back to the version they came from."""
    migration = get(user=user, migration_id=migration_id)
    if migration.reverted_at is not None:
        raise Conflict(f"migration {migration_id} was reverted already", field="migration_id")
    source = versions.get_version(migration.process_id, migration.from_version.version, with_sources=True)
    items = db.session.scalars(select(MigrationItem).where(MigrationItem.migration_id == migration.id)
                               .options(undefer(MigrationItem.state_before)).order_by(MigrationItem.id)).all()
    locked = {i.id: i for i in db.session.scalars(
        select(ProcessInstance).options(lazyload(ProcessInstance.version))
        .where(ProcessInstance.id.in_([item.instance_id for item in items])).with_for_update(of=ProcessInstance))}
    results = [_revert_item(item, locked[item.instance_id], migration, source, user) for item in items]
    migration.reverted_at, migration.reverted_by = utcnow(), user
    audit.record(actor=user, action="migration.reverted", object_type="migration", object_id=migration.id,
                 data={"results": [{"instance_id": i, "outcome": o, "reason": r} for i, o, r in results]})
    return Reverted(migration, results)


def _revert_item(item, instance, migration, source, user):
    if instance.version_id != migration.to_version_id:
        return instance.id, "kept", f"it runs on another version now ({instance.version.version})"
    if instance.lock_version == item.lock_version_after:
        snapshot, outcome, reasons = engine().snapshot(item.state_before), "restored", []
    else:  # it moved on since: move it back as it is now, when that is possible
        (snapshot, reasons), outcome = engine().migrate(instance.state, compiled(source)), "moved_back"
    if reasons:
        return instance.id, "kept", "; ".join(reasons)
    processes.rebase(instance=instance, version=source, snapshot=snapshot, actor=user)
    item.reverted = outcome
    audit.record(actor=user, action="instance.migrated", object_type="instance", object_id=instance.id,
                 data={"migration_id": migration.id, "reverted": outcome, "process_id": source.process_id,
                       "from_version": migration.to_version.version, "to_version": source.version,
                       "contract_id": instance.contract_id})
    return instance.id, outcome, None
