"""Deployed process versions (immutable) and the instances that run on them."""

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..contracts.models import Contract
from ..db import UTCDateTime, utcnow
from ..extensions import db


class ProcessVersion(db.Model):
    __tablename__ = "process_versions"
    __table_args__ = (
        UniqueConstraint("process_id", "version"),
        UniqueConstraint("process_id", "sha256", name="uq_process_versions_process_id_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(128), index=True)
    version: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    sources: Mapped[dict] = mapped_column(JSON, deferred=True)  # file name -> XML; loaded only to compile
    deployed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deployed_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    deployed_by: Mapped[User | None] = relationship()


class ProcessInstance(db.Model):
    __tablename__ = "process_instances"
    __table_args__ = (Index("ix_process_instances_due", "next_timer_due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("process_versions.id"), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running, completed
    state: Mapped[str] = mapped_column(Text)
    lock_version: Mapped[int] = mapped_column(default=1)
    next_timer_due = mapped_column(UTCDateTime)
    next_timer_set_at = mapped_column(UTCDateTime)  # when the timer due at next_timer_due was set up
    next_timer_name: Mapped[str | None] = mapped_column(String(200))  # its event's name in the diagram
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)

    version: Mapped[ProcessVersion] = relationship(lazy="joined")
    contract: Mapped[Contract | None] = relationship()

    # A stale write (another request moved the instance on) fails instead of overwriting.
    __mapper_args__ = {"version_id_col": lock_version}
