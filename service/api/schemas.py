"""Request and response schemas of the JSON API (the OpenAPI document is generated from them)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, model_validator

from ..contracts.models import CURRENCIES, KINDS, STATUSES

Kind = Literal[KINDS]
Currency = Literal[CURRENCIES]
Status = Literal[STATUSES]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ErrorBody(Output):
    code: str
    message: str
    field: str | None = None


class ErrorOut(Output):
    error: ErrorBody


class TokenIn(Input):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class TokenOut(Output):
    token: str
    expires_at: datetime


class MeOut(Output):
    username: str
    display_name: str
    roles: list[str]


class CustomerIn(Input):
    code: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    name: str = Field(min_length=1, max_length=200)


class CustomerOut(Output):
    id: int
    code: str
    name: str


class CustomerQuery(Input):
    q: str | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class ContractIn(Input):
    customer_id: int
    title: str = Field(min_length=1, max_length=200)
    kind: Kind
    amount: Decimal = Field(ge=0, max_digits=18, decimal_places=2)
    currency: Currency
    start_date: date
    end_date: date
    payment_terms_days: int = Field(30, ge=0, le=3650)
    liability_cap: Decimal | bool = Field(True, description="true: capped; false: no cap; a number: the cap")
    governing_law: str | None = Field(None, max_length=16, description="country code; default: the company's")

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class ContractQuery(Input):
    status: Status | None = None
    customer_id: int | None = None
    kind: Kind | None = None
    q: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


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


class ContractSummary(Output):
    id: int
    number: str
    customer_id: int
    customer_code: str
    customer_name: str
    title: str
    kind: str
    amount: Decimal
    currency: str
    start_date: date
    end_date: date
    status: str
    owner: str
    created_at: datetime
    payment_terms_days: int
    liability_cap: bool | str = Field(description="true: capped; false: no cap; a string: the cap's amount")
    governing_law: str

    @field_serializer("amount")
    def _amount_as_string(self, amount):
        return f"{amount:.2f}"


class ContractOut(ContractSummary):
    open_tasks: list[TaskOut]
    history: list[HistoryEntry]


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


class DelegateIn(Input):
    to: str = Field(min_length=1, max_length=64, description="username of someone holding the task's role")


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


class RateIn(Input):
    currency: str = Field(min_length=3, max_length=3)
    rate: Decimal = Field(gt=0, max_digits=18, decimal_places=6, description="CNY for one unit of the currency")
    effective_date: date | None = Field(None, description="default: today")


class RateOut(Output):
    currency: str
    rate: Decimal
    effective_date: date
    updated_by: str | None
    updated_at: datetime

    @field_serializer("rate")
    def _rate_as_string(self, rate):
        return f"{rate.normalize():f}"
