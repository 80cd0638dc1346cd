"""Request and response schemas of the contract endpoints."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_serializer, model_validator

from ..api.schemas import Input, Output
from ..inbox.schemas import HistoryEntry, TaskOut
from .models import CURRENCIES, KINDS, STATUSES

Kind = Literal[KINDS]
Currency = Literal[CURRENCIES]
Status = Literal[STATUSES]


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


def _liability_cap(c):
    return f"{c.liability_cap_amount:.2f}" if c.liability_cap_amount is not None else c.liability_capped


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

    @classmethod
    def fields_of(cls, c):
        """The summary's fields of a contract."""
        return {
            "id": c.id, "number": c.number, "customer_id": c.customer_id, "customer_code": c.customer.code,
            "customer_name": c.customer.name, "title": c.title, "kind": c.kind, "amount": c.amount,
            "currency": c.currency, "start_date": c.start_date, "end_date": c.end_date, "status": c.status,
            "owner": c.owner.username, "created_at": c.created_at, "payment_terms_days": c.payment_terms_days,
            "liability_cap": _liability_cap(c), "governing_law": c.governing_law,
        }

    @classmethod
    def of(cls, c):
        """A contract as a line of a list."""
        return cls(**cls.fields_of(c))


class ContractOut(ContractSummary):
    open_tasks: list[TaskOut]
    history: list[HistoryEntry]

    @classmethod
    def of(cls, details, locale=None):
        """A contract with its open tasks and history (contracts.service.details)."""
        return cls(**ContractSummary.fields_of(details.contract),
                   open_tasks=[TaskOut.of(t, locale) for t in details.open_tasks],
                   history=[HistoryEntry.of(t) for t in details.history])
