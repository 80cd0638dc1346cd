"""Request and response schemas of the exchange-rate endpoints."""

from datetime import date, datetime
from decimal import Decimal

from pydantic import Field, field_serializer

from ..api.schemas import Input, Output


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

    @classmethod
    def of(cls, row):
        """The rate row as the API shows it."""
        return cls(currency=row.currency, rate=row.rate, effective_date=row.effective_date,
                   updated_by=row.updated_by.username if row.updated_by else None, updated_at=row.updated_at)
