"""The record of every timer firing: what was due when, and when it fired."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime
from ..extensions import db


class TimerFiring(db.Model):
    """One timer that fired: a process instance's timers or a key-date reminder, with due and actual time."""

    __tablename__ = "timer_firings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # process, reminder
    object_id: Mapped[int] = mapped_column(index=True)
    due_at = mapped_column(UTCDateTime, nullable=False)
    fired_at = mapped_column(UTCDateTime, nullable=False, index=True)
    lateness_ms: Mapped[int]
    worker: Mapped[str] = mapped_column(String(120), default="")
