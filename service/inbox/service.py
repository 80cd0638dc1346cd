"""The inbox: list, claim, release and complete human tasks. Who may act is decided here only."""

from sqlalchemy import and_, case, func, literal, or_, select, true, union_all

from ..audit import service as audit
from ..auth import service as auth
from ..auth.labels import ROLES, role_name
from ..auth.models import User, UserRole
from ..contracts import visibility
from ..db import utcnow
from ..errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from ..extensions import db
from ..processes import service as processes
from . import absence, task_fields, votes
from .models import COMPLETED, OPEN, Task

COMMENT_REQUIRED = ("reject",)
REASSIGN_ROLES = ("manager", "admin")
VIEWS = ("all", "mine", "roles", "claimed", "unclaimed", "overdue")
ORDERS = ("due", "-due")


def may_act(user, task):
    """True when the user may work on the task: its assignee, or, while unassigned, a holder of its role."""
    if task.status != OPEN or user is None:
        return False
    if task.assignee_id is not None:
        return task.assignee_id == user.id
    return user.has_role(task.role)


BULK_DECISIONS = ("approve", "reject")


def may_decide_in_bulk(user, task):
    """True when a bulk decision applies to the task: the user may act on it and it is approved or rejected."""
    return may_act(user, task) and set(BULK_DECISIONS) <= set(task.decision_list)


def may_reassign(user):
    """True when the user may give any task to someone else: managers and admins."""
    return user is not None and user.has_role(*REASSIGN_ROLES)


def require_reassigner(*, user):
    """Forbidden unless the user may reassign tasks."""
    if not may_reassign(user):
        raise Forbidden("only managers and admins reassign tasks")


def get_or_404(task_id):
    """The task with this id, or NotFound."""
    task = db.session.get(Task, task_id)
    if task is None:
        raise NotFound(f"no task with id {task_id}")
    return task


def get_for(*, task_id, user):
    """The task if the user may act on it or see its contract; NotFound otherwise (without saying whether it exists)."""
    task = db.session.get(Task, task_id)
    visible = task is not None and (
        may_act(user, task) or (task.contract is not None and visibility.may_view(user, task.contract)))
    if not visible:
        raise NotFound(f"no task with id {task_id}")
    return task


def _is_open():
    # Rendered as status = 'open', not as a bound parameter: only then does SQLite see that the WHERE of the
    # partial inbox indexes holds and read them without visiting every row.
    return Task.status == literal(OPEN, literal_execute=True)


def _queues(user, *, by_role=False):
    # The inbox (open tasks assigned to the user, or unclaimed in one of their roles) as disjoint queues with
    # an index each: the user's own tasks and the unclaimed ones. Read in order, the unclaimed tasks are one
    # queue per role, as the index holds each role's tasks in order.
    unclaimed = Task.assignee_id.is_(None)
    if by_role:
        return [Task.assignee_id == user.id, *(and_(unclaimed, Task.role == role) for role in user.roles)]
    return [Task.assignee_id == user.id, and_(unclaimed, Task.role.in_(user.roles))]


def _page_ids(user, condition, ordering, limit, offset):
    # The first limit + offset tasks of every queue hold the page of the whole inbox. Reading them from the
    # indexes and sorting only those keeps a page cheap with 100,000 open tasks; under a single OR both
    # databases fetch and sort every task the user may act on.
    firsts = [select(Task.id).where(_is_open(), queue, condition).order_by(*ordering).limit(limit + offset)
              .subquery() for queue in _queues(user, by_role=True)]
    candidates = union_all(*(select(first.c.id) for first in firsts))
    return select(Task.id).where(Task.id.in_(candidates)).order_by(*ordering).limit(limit).offset(offset)


def _views(user, now):
    # Each view narrows the inbox (the tasks the user may act on); a claim is an assignment with claimed_at.
    mine = Task.assignee_id == user.id
    return {
        "all": true(),
        "mine": mine,
        "roles": Task.role.in_(user.roles),
        "claimed": and_(mine, Task.claimed_at.is_not(None)),
        "unclaimed": Task.assignee_id.is_(None),
        "overdue": and_(Task.due_at.is_not(None), Task.due_at < now),
    }


def inbox(*, user, view="all", order="due", limit=50, offset=0):
    """Open tasks the user may act on, narrowed to one view (see VIEWS); escalated first, then soonest due
    unless order='-due'. A read: absences that have started hand over their claims in their own job."""
    if view not in VIEWS:
        raise Invalid(f"unknown view {view!r}; use one of {', '.join(VIEWS)}", field="view")
    if order not in ORDERS:
        raise Invalid(f"unknown order {order!r}; use one of {', '.join(ORDERS)}", field="order")
    due = Task.due_at.desc() if order == "-due" else Task.due_at
    ordering = (Task.escalated.desc(), Task.due_at.is_(None), due, Task.id)
    ids = db.session.scalars(_page_ids(user, _views(user, utcnow())[view], ordering, limit, offset)).all()
    if not ids:
        return []
    # Loaded in a second statement: joined to the eager-loaded relations, the page query took PostgreSQL
    # longer to plan (8-13 ms) than to run.
    return db.session.scalars(select(Task).where(Task.id.in_(ids), _is_open()).order_by(*ordering)).all()


def inbox_counts(*, user):
    """How many tasks each inbox view holds, as {view: count}, in one query."""
    columns = [func.coalesce(func.sum(case((condition, 1), else_=0)), 0).label(name)
               for name, condition in _views(user, utcnow()).items()]
    # Summed per queue, each read from its index alone; under one OR the databases visit every open task.
    rows = db.session.execute(union_all(*(select(*columns).select_from(Task).where(_is_open(), queue)
                                          for queue in _queues(user)))).all()
    return {column.name: sum(int(row._mapping[column.name]) for row in rows) for column in columns}


def inbox_count(*, user):
    """How many tasks are in the user's inbox."""
    # Counted per queue, each read from its index alone; under one OR the databases visit every open task.
    counts = union_all(*(select(func.count()).select_from(Task).where(_is_open(), queue) for queue in _queues(user)))
    return sum(db.session.scalars(counts))


def open_tasks_for(contract_id):
    """Open tasks of one contract, oldest first."""
    return db.session.scalars(
        select(Task).where(Task.contract_id == contract_id, Task.status == OPEN).order_by(Task.id)
    ).all()


def history_for(contract_id):
    """Completed tasks of one contract, in the order they were completed."""
    return db.session.scalars(
        select(Task).where(Task.contract_id == contract_id, Task.status == COMPLETED)
        .order_by(Task.completed_at, Task.id)
    ).all()


def _lock_open(task_id):
    # Row lock on PostgreSQL so that claim/release/complete on one task happen one after another.
    task = db.session.scalar(select(Task).where(Task.id == task_id).with_for_update(of=Task))
    if task is None:
        raise NotFound(f"no task with id {task_id}")
    if task.status != OPEN:
        raise Conflict(f"task {task_id} is {task.status} already")
    return task


def claim(*, task_id, user):
    """Take a task so that only this user works on it."""
    task = _lock_open(task_id)
    if task.assignee_id == user.id:
        return task
    if task.assignee_id is not None:
        raise Conflict(f"task {task_id} is claimed by {task.assignee.username}")
    if not user.has_role(task.role):
        raise Forbidden(f"task {task_id} is for the role {task.role}, which you do not hold")
    holder = absence.acting_for(user, task.role, excluded=votes.voters(task) if task.quorum else ())
    task.assignee, task.claimed_at = holder, utcnow()
    task.delegated_from = user if holder.id != user.id else None
    db.session.flush()
    audit.record(actor=user, action="task.claimed", object_type="task", object_id=task.id,
                 data={"assignee": holder.username} if holder.id != user.id else None)
    return task


def release(*, task_id, user):
    """Give a claimed task back to everyone holding its role."""
    task = _lock_open(task_id)
    if task.assignee_id is None:
        return task
    if task.assignee_id != user.id:
        raise Conflict(f"task {task_id} is claimed by {task.assignee.username}, not by you")
    task.assignee, task.claimed_at = None, None
    db.session.flush()
    audit.record(actor=user, action="task.released", object_type="task", object_id=task.id)
    return task


def _validate(task, decision, comment, data):
    if decision not in task.decision_list:
        raise Invalid(f"the decision must be one of: {', '.join(task.decision_list)}", field="decision")
    if decision in COMMENT_REQUIRED and not (comment or "").strip():
        raise Invalid("a comment is required to reject; say what must change", field="comment")
    return task_fields.validate(task.form, data)


def complete(*, task_id, user, decision, comment="", data=None):
    """Complete a task with a decision, advance the process, and record who did it."""
    task = _lock_open(task_id)
    if not may_act(user, task):
        raise Forbidden(f"you may not act on task {task_id}: it is for the role {task.role}"
                        + (f" and assigned to {task.assignee.username}" if task.assignee else ""))
    data = _validate(task, decision, comment, dict(data or {}))
    task.status, task.completed_at, task.completed_by_id = COMPLETED, utcnow(), user.id
    task.decision, task.comment = decision, (comment or "").strip() or None
    db.session.flush()
    if task.quorum:
        data["vote_outcome"] = votes.outcome(task)
    processes.complete_task(instance=task.instance, engine_task_id=task.engine_task_id, actor=user,
                            data={**data, "decision": decision, "comment": task.comment or ""})
    audit.record(actor=user, action="task.completed", object_type="task", object_id=task.id,
                 data={"name": task.name, "decision": decision, "comment": task.comment,
                       "contract_id": task.contract_id})
    return task


def _assign(task, target, *, actor, action):
    """Give an open task to a named user who holds its role (or to their deputy while they are away)."""
    user = auth.get_by_username((target or "").strip())
    role, names = role_name(task.role), {"role": ROLES.get(task.role, task.role)}  # names: for pages, in their language
    if user is None or not user.active:
        raise Invalid(f"no active user named {target!r}", field="to", params={"name": target or "", **names})
    names["name"] = user.display_name
    if not user.has_role(task.role):
        raise Invalid(f"{user.display_name} does not hold the role {role} that this task needs", field="to",
                      params=names)
    excluded = votes.voters(task) if task.quorum else set()
    if user.username in excluded:
        raise Invalid(f"{user.display_name} already votes in this committee; each person votes once", field="to",
                      params=names)
    holder = absence.acting_for(user, task.role, excluded=excluded)
    if holder.id == task.assignee_id:
        raise Invalid(f"the task is assigned to {holder.display_name} already", field="to",
                      params={**names, "name": holder.display_name})
    previous = task.assignee
    task.assignee, task.claimed_at, task.delegated_from = holder, utcnow(), previous or actor
    db.session.flush()
    audit.record(actor=actor, action=action, object_type="task", object_id=task.id,
                 data={"from": previous.username if previous else None, "to": holder.username,
                       "requested": user.username, "contract_id": task.contract_id})
    return task


MAX_CANDIDATES = 50


def may_hand_over(user, task):
    """True when the user may give the task to someone else: delegate it (may act on it) or reassign it."""
    return task.status == OPEN and (may_act(user, task) or may_reassign(user))


def candidates(*, task_id, user, q=""):
    """Who may take the task from the user (active holders of its role other than its assignee, and no committee
    member twice), by display name, narrowed to those whose name or username contains q (as typed, no pattern)."""
    task = get_for(task_id=task_id, user=user)
    if not may_hand_over(user, task):
        raise Forbidden("only whoever may act on this task, or a manager, hands it over")
    query = (select(User).join(UserRole, UserRole.user_id == User.id)
             .where(UserRole.role == task.role, User.active.is_(True)).order_by(User.display_name, User.username))
    if task.assignee_id is not None:
        query = query.where(User.id != task.assignee_id)
    excluded = votes.voters(task) if task.quorum else set()
    if excluded:
        query = query.where(User.username.not_in(excluded))
    words = (q or "").strip().lower()
    if words:
        query = query.where(or_(func.lower(User.display_name).contains(words, autoescape=True),
                                func.lower(User.username).contains(words, autoescape=True)))
    return [(person, absence.acting_for(person, task.role, excluded=excluded))
            for person in db.session.scalars(query.limit(MAX_CANDIDATES))]


def delegate(*, task_id, user, to):
    """Hand a task the user may act on to a named user who holds its role."""
    task = _lock_open(task_id)
    if not may_act(user, task):
        raise Forbidden(f"you may not delegate task {task_id}: only whoever may act on it can")
    return _assign(task, to, actor=user, action="task.delegated")


def reassign(*, task_id, user, to):
    """Give any open task to a named user who holds its role; managers and admins only."""
    require_reassigner(user=user)
    return _assign(_lock_open(task_id), to, actor=user, action="task.reassigned")


def bulk_complete(*, task_ids, user, decision, comment=""):
    """Complete several tasks with one decision; each is authorised and audited on its own, and a failure
    (reported with its reason) leaves the others done. Returns [(task_id, task or None, error or None)]: the
    task on a failure too when the user may see it, so that the failure can name it."""
    results = []
    for task_id in dict.fromkeys(task_ids):
        try:
            with db.session.begin_nested():
                task = complete(task_id=task_id, user=user, decision=decision, comment=comment)
            results.append((task_id, task, None))
        except ServiceError as exc:
            results.append((task_id, _visible(task_id, user), exc))
    return results


def _visible(task_id, user):
    try:
        return get_for(task_id=task_id, user=user)
    except NotFound:
        return None
