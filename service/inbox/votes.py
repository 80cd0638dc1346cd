"""k-of-n votes: tasks that carry a quorum are the votes of one group, tallied from the task table.

Why the service tallies and not the engine: SpiffWorkflow evaluates a multi-instance completion
condition on the data of the one vote just completed, which never sees the other votes, and merges
task data in completion order (see the SpiffWorkflow notes, trap 1). The task table has every vote,
locked and committed. So the deciding vote carries the outcome to the engine (`vote_outcome`
'approved' or 'rejected'; every other vote carries ''), the diagram's completion condition stops
the multi-instance there, and the engine withdraws the remaining votes.
"""

from sqlalchemy import select

from ..extensions import db
from .models import COMPLETED, OPEN, Task

UNDECIDED, APPROVED, REJECTED = "", "approved", "rejected"


def _group(task):
    """The open and completed votes of the task's group: same instance, task name and round."""
    same_round = Task.round.is_(None) if task.round is None else Task.round == task.round
    return db.session.scalars(select(Task).where(
        Task.instance_id == task.instance_id, Task.name == task.name, same_round,
        Task.status.in_((OPEN, COMPLETED)))).all()


def voters(task):
    """Usernames holding or having cast another vote of the task's group (each person votes once)."""
    names = set()
    for vote in _group(task):
        if vote.id == task.id:
            continue
        holder = vote.completed_by if vote.status == COMPLETED else vote.assignee
        if holder is not None:
            names.add(holder.username)
    return names


def outcome(task):
    """The group's outcome counting the task's own (completed) vote: 'approved', 'rejected' or '' (undecided).

    Approved when `quorum` votes approve; rejected when `quorum` votes reject, or when the approvals
    still possible (cast plus open) can no longer reach the quorum.
    """
    group = _group(task)
    approvals = sum(1 for v in group if v.status == COMPLETED and v.decision == "approve")
    rejections = sum(1 for v in group if v.status == COMPLETED and v.decision == "reject")
    still_open = sum(1 for v in group if v.status == OPEN)
    return tally(task.quorum, approvals, rejections, still_open)


def tally(quorum, approvals, rejections, still_open):
    """A group's outcome from its counts of approvals, rejections and votes still open (see outcome)."""
    if approvals >= quorum:
        return APPROVED
    if rejections >= quorum or approvals + still_open < quorum:
        return REJECTED
    return UNDECIDED
