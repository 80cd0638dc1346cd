"""API: the caller's inbox and task actions."""

from flask import g

from ..api import present
from ..api.blueprint import endpoint
from ..api.schemas import CompleteIn, CompleteOut, TaskOut, TaskQuery
from . import service


@endpoint("/tasks", "GET", summary="The caller's inbox: tasks assigned to them or open to their roles",
          query=TaskQuery, response=[TaskOut], errors=(422,))
def list_tasks(query):
    return [present.task(t) for t in service.inbox(user=g.user, limit=query.limit, offset=query.offset)]


@endpoint("/tasks/<int:task_id>/claim", "POST", summary="Claim a task so that only the caller works on it",
          response=TaskOut, errors=(403, 404, 409))
def claim_task(task_id):
    return present.task(service.claim(task_id=task_id, user=g.user))


@endpoint("/tasks/<int:task_id>/release", "POST", summary="Give a claimed task back to its role",
          response=TaskOut, errors=(404, 409))
def release_task(task_id):
    return present.task(service.release(task_id=task_id, user=g.user))


@endpoint("/tasks/<int:task_id>/complete", "POST", summary="Complete a task with a decision and comment",
          body=CompleteIn, response=CompleteOut, errors=(403, 404, 409, 422))
def complete_task(task_id, body):
    task = service.complete(task_id=task_id, user=g.user, decision=body.decision, comment=body.comment,
                            data=body.data)
    return {"task_id": task.id, "contract_id": task.contract_id,
            "contract_status": task.contract.status if task.contract else None}
