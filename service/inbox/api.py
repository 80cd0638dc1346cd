"""API: the caller's inbox, task actions and absence."""

from flask import g

from ..api.blueprint import endpoint
from ..db import utcnow
from . import absence, service
from .schemas import (
    AbsenceIn,
    AbsenceOut,
    BulkCompleteIn,
    BulkResult,
    CandidateOut,
    CandidateQuery,
    CompleteIn,
    CompleteOut,
    DelegateIn,
    TaskOut,
    TaskQuery,
)


@endpoint("/tasks", "GET", summary="The caller's inbox: tasks assigned to them or open to their roles",
          query=TaskQuery, response=[TaskOut], errors=(422,))
def list_tasks(query):
    return [TaskOut.of(t, g.user.locale) for t in service.inbox(user=g.user, limit=query.limit, offset=query.offset)]


@endpoint("/tasks/<int:task_id>/claim", "POST", summary="Claim a task so that only the caller works on it",
          response=TaskOut, errors=(403, 404, 409))
def claim_task(task_id):
    return TaskOut.of(service.claim(task_id=task_id, user=g.user), g.user.locale)


@endpoint("/tasks/<int:task_id>/release", "POST", summary="Give a claimed task back to its role",
          response=TaskOut, errors=(404, 409))
def release_task(task_id):
    return TaskOut.of(service.release(task_id=task_id, user=g.user), g.user.locale)


@endpoint("/tasks/<int:task_id>/complete", "POST", summary="Complete a task with a decision and comment",
          body=CompleteIn, response=CompleteOut, errors=(403, 404, 409, 422))
def complete_task(task_id, body):
    return CompleteOut.of(service.complete(task_id=task_id, user=g.user, decision=body.decision,
                                           comment=body.comment, data=body.data))


@endpoint("/tasks/<int:task_id>/delegate", "POST",
          summary="Hand a task you may act on to a named user holding its role",
          body=DelegateIn, response=TaskOut, errors=(403, 404, 409, 422))
def delegate_task(task_id, body):
    return TaskOut.of(service.delegate(task_id=task_id, user=g.user, to=body.to), g.user.locale)


@endpoint("/tasks/<int:task_id>/candidates", "GET",
          summary="Who may take a task the caller hands over (delegates or reassigns), by display name",
          query=CandidateQuery, response=[CandidateOut], errors=(403, 404, 422))
def task_candidates(task_id, query):
    return [CandidateOut.of(*found) for found in service.candidates(task_id=task_id, user=g.user, q=query.q)]


@endpoint("/tasks/<int:task_id>/reassign", "POST", summary="Give any open task to a named user (managers, admins)",
          body=DelegateIn, response=TaskOut, errors=(403, 404, 409, 422))
def reassign_task(task_id, body):
    return TaskOut.of(service.reassign(task_id=task_id, user=g.user, to=body.to), g.user.locale)


@endpoint("/tasks/bulk-complete", "POST",
          summary="Complete several tasks with one decision; reports each task's result",
          body=BulkCompleteIn, response=[BulkResult], errors=(422,))
def bulk_complete_tasks(body):
    results = service.bulk_complete(task_ids=body.task_ids, user=g.user, decision=body.decision,
                                    comment=body.comment)
    return [BulkResult.of(*result) for result in results]


@endpoint("/me/absence", "PUT", summary="Set your absence: from, to, and the deputy who takes your tasks",
          body=AbsenceIn, response=AbsenceOut, errors=(422,))
def set_absence(body):
    row = absence.set_absence(user=g.user, starts_at=body.starts_at, ends_at=body.ends_at, deputy=body.deputy)
    return AbsenceOut.of(row, utcnow())


@endpoint("/me/absence", "GET", summary="Your absence, if one is set", response=AbsenceOut, errors=(404,))
def get_absence():
    return AbsenceOut.of(absence.get_or_404(user=g.user), utcnow())


@endpoint("/me/absence", "DELETE", summary="End your absence now", status=204)
def clear_absence():
    absence.clear(user=g.user)
