"""What the contract and task pages show about a contract, gathered from the services that own it."""

import json
from dataclasses import dataclass
from datetime import datetime

from ..audit import service as audit
from ..inbox import reasons as inbox_reasons
from ..inbox import service as inbox
from .i18n import locale_code


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    actor: str
    status: str


def timeline(contract):
    """The statuses the contract went through, oldest first, from its audit events."""
    changes = []
    for event in audit.for_object("contract", contract.id):
        if event.action == "contract.created":
            changes.append(StatusChange(event.created_at, event.actor, "draft"))
        elif event.action == "contract.status_changed":
            changes.append(StatusChange(event.created_at, event.actor, json.loads(event.data).get("to", "")))
    return changes


def contract_page(contract):
    """The contract with its open tasks, its history of completed tasks, and its status timeline."""
    return {
        "contract": contract,
        "open_tasks": inbox.open_tasks_for(contract.id),
        "history": inbox.history_for(contract.id),
        "timeline": timeline(contract),
    }


def reasons(task):
    """Why the task is in an inbox (the approval policy's rules), in the reader's language."""
    return [r["text"] for r in inbox_reasons.render(task.reason, locale_code())]
