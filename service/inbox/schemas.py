"""Request and response schemas of the inbox endpoints: tasks, decisions, delegation, absence."""

from datetime import datetime

from pydantic import ConfigDict, Field

from ..api.schemas import ErrorBody, Input, Output
from . import reasons


class ReasonOut(Output):
    rule: str
    level: str | None = None
    text: str
    values: dict


class FormFieldOut(Output):
    name: str
    type: str
    required: bool


class TaskOut(Output):
    id: int
    name: str
    title: str
    role: str
    contract_id: int | None
    contract_number: str | None
    assignee: str | None
    decisions: list[str]
    created_at: datetime
    due_at: datetime | None
    reason: list[ReasonOut] = Field(default_factory=list, description="why the task is in this inbox")
    escalated: bool = False
    round: int | None = None
    on_behalf_of: str | None = Field(None, description="who held the task before it was delegated to the assignee")
    form: list[FormFieldOut] = Field(default_factory=list)

    @classmethod
    def of(cls, t, locale=None):
        """An open task as the API shows it, its reasons in the reader's language."""
        return cls(
            id=t.id, name=t.name, title=t.title, role=t.role,
            contract_id=t.contract_id, contract_number=t.contract.number if t.contract else None,
            assignee=t.assignee.username if t.assignee else None, decisions=t.decision_list,
            created_at=t.created_at, due_at=t.due_at,
            reason=reasons.render(t.reason, locale), escalated=t.escalated, round=t.round,
            on_behalf_of=t.delegated_from.username if t.delegated_from else None,
            form=[{"name": f.name, "type": f.type, "required": f.required} for f in t.form],
        )


class HistoryEntry(Output):
    task_id: int
    name: str
    title: str
    by: str
    at: datetime
    decision: str | None
    comment: str | None
    round: int | None = None
    on_behalf_of: str | None = None

    @classmethod
    def of(cls, t):
        """A completed task as a line of the contract's history."""
        return cls(task_id=t.id, name=t.name, title=t.title, by=t.completed_by.username, at=t.completed_at,
                   decision=t.decision, comment=t.comment, round=t.round,
                   on_behalf_of=t.delegated_from.username if t.delegated_from else None)


class TaskQuery(Input):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class CompleteIn(Input):
    decision: str = Field(min_length=1, max_length=32)
    comment: str = Field("", max_length=4000)
    data: dict[str, str | int | float | bool | None] = Field(default_factory=dict)


class CompleteOut(Output):
    task_id: int
    contract_id: int | None
    contract_status: str | None

    @classmethod
    def of(cls, t):
        """What completing a task did to its contract."""
        return cls(task_id=t.id, contract_id=t.contract_id, contract_status=t.contract.status if t.contract else None)


class DelegateIn(Input):
    to: str = Field(min_length=1, max_length=64, description="username of someone holding the task's role")


class CandidateQuery(Input):
    q: str = Field("", max_length=64, description="part of the display name or username, as typed")


class CandidateOut(Output):
    username: str
    display_name: str
    deputy: str | None = Field(None, description="while the candidate is away, the username of who would take it")
    deputy_display_name: str | None = None

    @classmethod
    def of(cls, person, holder):
        """Someone who may take a task, and who would while they are away."""
        away = holder.id != person.id
        return cls(username=person.username, display_name=person.display_name,
                   deputy=holder.username if away else None, deputy_display_name=holder.display_name if away else None)


class BulkCompleteIn(Input):
    task_ids: list[int] = Field(min_length=1, max_length=100)
    decision: str = Field(min_length=1, max_length=32)
    comment: str = Field("", max_length=4000)


class BulkResult(Output):
    task_id: int
    ok: bool
    status: str | None = None
    contract_status: str | None = None
    error: ErrorBody | None = None

    @classmethod
    def of(cls, task_id, t, error):
        """One task's outcome in a bulk completion: done, or the error that stopped it."""
        if error is not None:
            return cls(task_id=task_id, ok=False, error=error.to_dict()["error"])
        return cls(task_id=task_id, ok=True, status=t.status, contract_status=t.contract.status if t.contract else None)


class AbsenceIn(Input):
    starts_at: datetime = Field(alias="from")
    ends_at: datetime = Field(alias="to")
    deputy: str = Field(min_length=1, max_length=64)


class AbsenceOut(Output):
    model_config = ConfigDict(from_attributes=True, validate_by_name=True, serialize_by_alias=True)

    starts_at: datetime = Field(alias="from")
    ends_at: datetime = Field(alias="to")
    deputy: str
    active: bool

    @classmethod
    def of(cls, a, now):
        """The user's absence, and whether it is on now."""
        return cls(starts_at=a.starts_at, ends_at=a.ends_at, deputy=a.deputy.username,
                   active=a.starts_at <= now < a.ends_at)
