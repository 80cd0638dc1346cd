"""Turn models into the dictionaries the response schemas describe."""

from flask import g

from ..inbox import reasons
from ..inbox import service as inbox


def _locale():
    return getattr(g.get("user"), "locale", None)


def task(t):
    return {
        "id": t.id, "name": t.name, "title": t.title, "role": t.role,
        "contract_id": t.contract_id, "contract_number": t.contract.number if t.contract else None,
        "assignee": t.assignee.username if t.assignee else None, "decisions": t.decision_list,
        "created_at": t.created_at, "due_at": t.due_at,
        "reason": reasons.render(t.reason, _locale()), "escalated": t.escalated, "round": t.round,
        "on_behalf_of": t.delegated_from.username if t.delegated_from else None,
        "form": [{"name": f.name, "type": f.type, "required": f.required} for f in t.form],
    }


def history_entry(t):
    return {
        "task_id": t.id, "name": t.name, "title": t.title, "by": t.completed_by.username,
        "at": t.completed_at, "decision": t.decision, "comment": t.comment, "round": t.round,
        "on_behalf_of": t.delegated_from.username if t.delegated_from else None,
    }


def bulk_result(task_id, t, error):
    if error is not None:
        return {"task_id": task_id, "ok": False, "error": error.to_dict()["error"]}
    return {"task_id": task_id, "ok": True, "status": t.status,
            "contract_status": t.contract.status if t.contract else None}


def absence(a, now):
    return {"from": a.starts_at, "to": a.ends_at, "deputy": a.deputy.username,
            "active": a.starts_at <= now < a.ends_at}


def _liability_cap(c):
    return f"{c.liability_cap_amount:.2f}" if c.liability_cap_amount is not None else c.liability_capped


def contract_summary(c):
    return {
        "id": c.id, "number": c.number, "customer_id": c.customer_id, "customer_code": c.customer.code,
        "customer_name": c.customer.name, "title": c.title, "kind": c.kind, "amount": c.amount,
        "currency": c.currency, "start_date": c.start_date, "end_date": c.end_date, "status": c.status,
        "owner": c.owner.username, "created_at": c.created_at, "payment_terms_days": c.payment_terms_days,
        "liability_cap": _liability_cap(c), "governing_law": c.governing_law,
    }


def contract(c):
    return {
        **contract_summary(c),
        "open_tasks": [task(t) for t in inbox.open_tasks_for(c.id)],
        "history": [history_entry(t) for t in inbox.history_for(c.id)],
    }
