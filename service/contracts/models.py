"""Contracts and their classification."""

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..customers.models import Customer
from ..db import UTCDateTime, utcnow
from ..extensions import db

KINDS = ("framework", "order", "sow", "amendment", "nda", "service")
CURRENCIES = ("CNY", "USD", "EUR", "GBP", "JPY", "HKD")
STATUSES = ("draft", "in_approval", "approved", "renewing", "expired")


class Contract(db.Model):
    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    start_date: Mapped[date]
    end_date: Mapped[date]
    # Terms the approval policy looks at (bpmn/approval_levels.dmn); defaults are the company's standard terms.
    payment_terms_days: Mapped[int] = mapped_column(default=30, server_default="30")
    liability_capped: Mapped[bool] = mapped_column(default=True, server_default=true())
    liability_cap_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    governing_law: Mapped[str] = mapped_column(String(16), default="CN", server_default="CN")
    status: Mapped[str] = mapped_column(String(32), default="draft", index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)

    customer: Mapped[Customer] = relationship(lazy="joined")
    owner: Mapped[User] = relationship(lazy="joined")
