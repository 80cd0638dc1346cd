"""Exchange rates to CNY, kept by admins; each rate holds from its effective date until a newer one."""

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..db import UTCDateTime, utcnow
from ..extensions import db


class ExchangeRate(db.Model):
    __tablename__ = "exchange_rates"
    __table_args__ = (UniqueConstraint("currency", "effective_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 6))  # CNY for one unit of the currency
    effective_date: Mapped[date]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)

    updated_by: Mapped[User | None] = relationship(lazy="joined")
