"""The outbox: jobs written in the same transaction as the change that causes them."""

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, utcnow
from ..extensions import db


class OutboxEntry(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (
        # The sweeper looks for entries not handed over yet (NULL first), oldest first, and prunes old ones.
        Index("ix_outbox_handed", "handed_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(64))  # a name in service/jobs/table.py
    job_id: Mapped[str] = mapped_column(String(200), index=True)  # deterministic: the same work, the same id
    kwargs: Mapped[dict] = mapped_column(JSON)
    run_at = mapped_column(UTCDateTime)  # None: as soon as possible
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    handed_at = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
