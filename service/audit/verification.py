"""Check the audit chain against the key and the checkpoints; report each kind of damage at its first event."""

from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from . import chain
from .checkpoints import read
from .keys import key_id
from .models import AuditEvent


@dataclass(frozen=True)
class Problem:
    """One kind of damage, where it starts: an event, the end of the log, or a line of the checkpoint file."""

    reason: str
    event_id: int | None = None  # the first event affected, when it is still there
    after_id: int | None = None  # events are missing after this one
    line: int | None = None  # a line of the checkpoint file

    @property
    def where(self):
        if self.event_id is not None:
            return f"at event {self.event_id}"
        if self.line is not None:
            return f"at line {self.line} of the checkpoint file"
        if self.after_id is not None:
            return f"after event {self.after_id}"
        return "at its end"


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    problems: tuple = ()
    checkpoint: dict | None = None  # the newest checkpoint the log agreed with

    @property
    def ok(self):
        return not self.problems

    @property
    def broken_at(self):
        return self.problems[0].event_id if self.problems else None

    @property
    def reason(self):
        return self.problems[0].reason if self.problems else None


@dataclass
class _Walk:
    """What the walk through the chain has seen so far."""

    key: bytes
    checkpoints: dict  # event id -> the signed checkpoints that name it
    problems: dict = field(default_factory=dict)  # kind -> the first Problem of that kind
    previous: str = chain.GENESIS
    position: int = 0
    last_id: int | None = None
    keyed: bool = False
    recorded: list = field(default_factory=list)  # ids of the audit.checkpoint events
    seen: set = field(default_factory=set)  # ids of the events that signed checkpoints name, found
    agreed: dict | None = None  # the newest checkpoint the log agreed with

    def report(self, kind, problem):
        self.problems.setdefault(kind, problem)

    def check(self, event):
        self.position += 1
        if event.prev_hash != self.previous:
            self.report("link", Problem("the event before it was deleted or changed", event.id))
        self._check_hash(event)
        for checkpoint in self.checkpoints.get(event.id, ()):
            self.seen.add(event.id)
            self._check_against(event, checkpoint)
        if event.action == "audit.checkpoint":
            self.recorded.append(event.id)
        self.previous, self.last_id = event.hash, event.id

    def _check_hash(self, event):
        if event.scheme not in chain.SCHEMES:
            self.report("forged", Problem(f"forged: its hash scheme '{event.scheme}' does not exist", event.id))
        elif event.scheme == chain.SHA256 and self.keyed:
            self.report("forged", Problem("forged: an event without the audit key after keyed ones", event.id))
        elif event.scheme == chain.SHA256 and chain.digest(event, self.key) != event.hash:
            self.report("hash", Problem("this event's content was changed", event.id))
        elif event.scheme == chain.HMAC:
            self.keyed = True
            if chain.digest(event, self.key) != event.hash:
                self.report("hash", Problem(_hmac_mismatch(event), event.id))

    def _check_against(self, event, checkpoint):
        if event.hash != checkpoint["hash"] or self.position != checkpoint["seq"]:
            self.report("checkpoint", Problem(
                f"the checkpoint of {checkpoint['at']} signed this event as number {checkpoint['seq']} with hash "
                f"{checkpoint['hash'][:12]}…; the log has it as number {self.position} with hash "
                f"{event.hash[:12]}…: the chain was rewritten", event.id))
        elif self.agreed is None or checkpoint["seq"] > self.agreed["seq"]:
            self.agreed = checkpoint


def _hmac_mismatch(event):
    if chain.rechained_without_key(event):
        return "its hash was recomputed without the audit key: the event was edited or the chain re-chained"
    return "its content or hash was changed: it does not verify with the audit key (edited or forged)"


def verify(key, checkpoint_path, batch=5000):
    """Walk the chain in order and check it against the key and every checkpoint in checkpoint_path."""
    lines = read(checkpoint_path, key)
    walk = _Walk(key, {})
    for line in lines or ():
        if line.problem:
            name = f"line {line.number} of {checkpoint_path}"
            walk.report(f"line {line.number}", Problem(f"{name} {line.problem}{_other_key(line, key)}",
                                                       line=line.number))
        else:
            walk.checkpoints.setdefault(line.checkpoint["event"], []).append(line.checkpoint)
    last_id = 0
    while True:
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)).all()
        if not events:
            break
        for event in events:
            walk.check(event)
        last_id = events[-1].id
        db.session.expunge_all()
    _check_tail(walk, lines, checkpoint_path)
    problems = sorted(walk.problems.values(),  # the earliest event first, then the end, then the file
                      key=lambda p: (p.event_id is None, p.event_id or 0, p.line is not None, p.line or 0))
    return VerifyResult(walk.position, tuple(problems), walk.agreed)


def _other_key(line, key):
    named = (line.checkpoint or {}).get("key")
    if named and named != key_id(key):
        return f" (it names key {named}; the configured key is {key_id(key)}: is AUDIT_KEY the right key?)"
    return ""


def _check_tail(walk, lines, path):
    signed = [line.checkpoint for line in lines or () if not line.problem]
    if walk.position and not signed:
        missing = "is missing" if lines is None else "has no valid checkpoint"
        walk.report("tail", Problem(
            f"the checkpoint file {path} {missing}: the newest events cannot be checked (was it deleted?). "
            "Check the log, then write a new checkpoint with `flask audit checkpoint`", after_id=walk.last_id))
        return
    gone = [c for c in signed if c["event"] not in walk.seen]
    if gone:
        first = min(gone, key=lambda c: c["seq"])
        walk.report("tail", Problem(
            f"events are missing: the checkpoint of {first['at']} counts {first['seq']} events up to event "
            f"{first['event']}, which is not in the log (it has {walk.position}, up to event {walk.last_id})",
            after_id=_last_id_before(first["event"])))
    lined = {line.checkpoint["event"] for line in lines or () if line.checkpoint}  # a bad line is reported itself
    lost = next((event_id for event_id in walk.recorded if event_id not in lined), None)
    if lost is not None:
        walk.report("lost", Problem(
            f"this checkpoint event has no line in {path}: lines were deleted, the file was replaced, or "
            "writing the line failed (see the server log)", lost))


def _last_id_before(event_id):
    return db.session.scalar(select(db.func.max(AuditEvent.id)).where(AuditEvent.id < event_id))
