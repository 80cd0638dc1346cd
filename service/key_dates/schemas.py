"""Request and response schemas of the key-date endpoints."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_serializer

from ..api.schemas import Input, Output
from .models import KEY_DATE_KINDS
from .service import MAX_DAYS_BEFORE, MAX_REMINDERS

DaysBefore = Annotated[int, Field(ge=0, le=MAX_DAYS_BEFORE)]


class KeyDateIn(Input):
    kind: Literal[KEY_DATE_KINDS]
    date: dt.date | None = None  # effective and expiry: the contract's start and end date
    amount: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)  # payments only
    label: str = Field("", max_length=200)
    reminders: list[DaysBefore] | None = Field(None, max_length=MAX_REMINDERS)  # days before; default per kind


class KeyDatesIn(Input):
    key_dates: list[KeyDateIn] = Field(max_length=100)


class ReminderOut(Output):
    days_before: int
    due_at: dt.datetime
    status: str
    fired_at: dt.datetime | None


class KeyDateOut(Output):
    id: int
    kind: str
    date: dt.date
    amount: Decimal | None
    label: str
    reminders: list[ReminderOut]

    @field_serializer("amount")
    def _amount_as_string(self, amount):
        return None if amount is None else f"{amount:.2f}"


class KeyDatesOut(Output):
    contract_id: int
    timezone: str
    key_dates: list[KeyDateOut]
