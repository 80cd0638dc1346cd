"""Absences: while a user is away, their claimed tasks and new assignments go to their deputy.

Claims move when the absence starts: at once when it is set with a period that covers now, else by
the absence job at its start (apply_due, idempotent; the sweeper revives the job if Redis lost it).
Tasks that moved stay with the deputy after the absence ends; their `delegated_from` says for whom
they act.
"""

from datetime import UTC, datetime

from sqlalchemy import select

from ..audit import service as audit
from ..auth import service as auth
from ..db import utcnow
from ..errors import Invalid, NotFound
from ..extensions import db
from ..jobs import Due, outbox
from . import votes
from .models import OPEN, Absence, Task

APPLY_JOB = "inbox.apply_absences"
MAX_CHAIN = 5  # deputies of deputies; a longer chain (or a cycle) stops at the last one reached


def _aware(value, field):
    if not isinstance(value, datetime):
        raise Invalid("send a date and time such as 2027-03-01T09:00:00+08:00", field=field)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _current(user_id, now):
    return db.session.scalar(select(Absence).where(
        Absence.user_id == user_id, Absence.starts_at <= now, Absence.ends_at > now))


def acting_for(user, role, now=None, excluded=()):
    """Who gets a task of `role` meant for the user: the user, or the deputy of their current absence.

    Deputies who are away themselves pass it on. A deputy who lacks the role, or whose username is
    in `excluded` (someone who holds a vote of the same group), does not take it.
    """
    now, current, seen = now or utcnow(), user, {user.id}
    for _ in range(MAX_CHAIN):
        away = _current(current.id, now)
        if away is None:
            return current
        deputy = away.deputy
        if deputy.id in seen or not deputy.active or not deputy.has_role(role) or deputy.username in excluded:
            return current
        current = deputy
        seen.add(deputy.id)
    return current


def get(*, user):
    """The user's absence (current or planned), or None."""
    return db.session.scalar(select(Absence).where(Absence.user_id == user.id))


def get_or_404(*, user):
    """The user's absence, or NotFound."""
    row = get(user=user)
    if row is None:
        raise NotFound("you have no absence set")
    return row


def set_absence(*, user, starts_at, ends_at, deputy, now=None):
    """Record the user's absence with a deputy (replacing any earlier one); move claims if it has started."""
    now = now or utcnow()
    starts_at, ends_at = _aware(starts_at, "from"), _aware(ends_at, "to")
    if ends_at <= starts_at:
        raise Invalid("the absence must end after it starts", field="to")
    if ends_at <= now:
        raise Invalid("the absence is over already; send a period that ends in the future", field="to")
    stand_in = auth.get_by_username((deputy or "").strip())
    if stand_in is None or not stand_in.active:
        raise Invalid(f"no active user named {deputy!r}", field="deputy")
    if stand_in.id == user.id:
        raise Invalid("name someone else as your deputy", field="deputy")
    if not set(stand_in.roles) & set(user.roles):
        raise Invalid(f"{stand_in.username} holds none of your roles ({', '.join(user.roles)})", field="deputy")
    row = get(user=user) or Absence(user_id=user.id)
    row.deputy_id, row.starts_at, row.ends_at, row.applied_at = stand_in.id, starts_at, ends_at, None
    db.session.add(row)
    db.session.flush()
    db.session.refresh(row)
    audit.record(actor=user, action="absence.set", object_type="user", object_id=user.id,
                 data={"from": starts_at.isoformat(), "to": ends_at.isoformat(), "deputy": stand_in.username})
    apply_due(now=now)
    return row


def clear(*, user):
    """End the user's absence now: new tasks come to them again (moved tasks stay with the deputy)."""
    row = get(user=user)
    if row is not None:
        db.session.delete(row)
        db.session.flush()
        audit.record(actor=user, action="absence.cleared", object_type="user", object_id=user.id)


def due_absences(*, until):
    """Absences starting before `until` whose claims have not moved yet, for the job sweeper."""
    starting = db.session.scalars(select(Absence).where(Absence.applied_at.is_(None), Absence.starts_at <= until,
                                                        Absence.ends_at > utcnow())).all()
    return [Due(outbox.job_key("absence", a.id, a.starts_at), {}, a.starts_at) for a in starting]


def apply_due(*, now=None):
    """Move the open tasks of users whose absence has started to their deputies, once per absence."""
    now = now or utcnow()
    started = db.session.scalars(select(Absence).where(
        Absence.applied_at.is_(None), Absence.starts_at <= now, Absence.ends_at > now)
        .with_for_update(of=Absence, skip_locked=True)).all()
    moved = []
    for away in started:
        away.applied_at = now
        tasks = db.session.scalars(select(Task).where(Task.assignee_id == away.user_id, Task.status == OPEN)
                                   .order_by(Task.id).with_for_update(of=Task)).all()
        for task in tasks:
            target = acting_for(away.user, task.role, now, excluded=votes.voters(task) if task.quorum else ())
            if target.id != away.user_id:
                task.assignee, task.delegated_from, task.claimed_at = target, away.user, now
                moved.append(task)
    db.session.flush()
    for task in moved:
        audit.record(actor="system", action="task.assigned_to_deputy", object_type="task", object_id=task.id,
                     data={"from": task.delegated_from.username, "to": task.assignee.username,
                           "contract_id": task.contract_id})
    return moved
