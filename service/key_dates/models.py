"""Key dates of contracts and their reminders."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..contracts.models import Contract
from ..db import UTCDateTime, utcnow
from ..extensions import db

KEY_DATE_KINDS = ("effective", "payment", "milestone", "review", "expiry")
# Days before the key date at which reminders fall due (0: on the day).
DEFAULT_REMINDERS = {"effective": (0,), "payment": (7, 0), "milestone": (7, 0), "review": (7, 0),
                     "expiry": (90, 30, 7, 0)}
CONTRACT_DATES = {"effective": "start_date", "expiry": "end_date"}  # key dates that are the contract's own

PENDING, SENT, SKIPPED = "pending", "sent", "skipped"
HELD = "held"  # set up, but its contract is not approved yet (see service.REMINDERS_START)


class KeyDate(db.Model):
    __tablename__ = "key_dates"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    date: Mapped[dt.date]
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))  # payments only
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    contract: Mapped[Contract] = relationship()
    reminders: Mapped[list["Reminder"]] = relationship(
        back_populates="key_date", cascade="all, delete-orphan", order_by="Reminder.days_before.desc()")


class Reminder(db.Model):
    __tablename__ = "reminders"
    __table_args__ = (
        # The sweeper and the firing job look at pending reminders by due time only.
        Index("ix_reminders_pending_due", "due_at",
              postgresql_where=text("status = 'pending'"), sqlite_where=text("status = 'pending'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key_date_id: Mapped[int] = mapped_column(ForeignKey("key_dates.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    days_before: Mapped[int]
    due_at = mapped_column(UTCDateTime, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)  # held, pending, sent, skipped
    set_up_at = mapped_column(UTCDateTime)  # when it became pending: lateness counts from then if later than due_at
    fired_at = mapped_column(UTCDateTime)

    key_date: Mapped[KeyDate] = relationship(back_populates="reminders")
