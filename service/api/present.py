"""Turn models into the dictionaries the response schemas describe."""

from ..inbox import service as inbox


def task(t):
    return {
        "id": t.id, "name": t.name, "title": t.title, "role": t.role,
        "contract_id": t.contract_id, "contract_number": t.contract.number if t.contract else None,
        "assignee": t.assignee.username if t.assignee else None, "decisions": t.decision_list,
        "created_at": t.created_at, "due_at": t.due_at,
    }


def history_entry(t):
    return {
        "task_id": t.id, "name": t.name, "title": t.title, "by": t.completed_by.username,
        "at": t.completed_at, "decision": t.decision, "comment": t.comment,
    }


def contract_summary(c):
    return {
        "id": c.id, "number": c.number, "customer_id": c.customer_id, "customer_code": c.customer.code,
        "customer_name": c.customer.name, "title": c.title, "kind": c.kind, "amount": c.amount,
        "currency": c.currency, "start_date": c.start_date, "end_date": c.end_date, "status": c.status,
        "owner": c.owner.username, "created_at": c.created_at,
    }


def contract(c):
    return {
        **contract_summary(c),
        "open_tasks": [task(t) for t in inbox.open_tasks_for(c.id)],
        "history": [history_entry(t) for t in inbox.history_for(c.id)],
    }
