"""Deployed process versions (immutable) and the instances that run on them.

A version belongs to a process model: a BPMN process (kind `process`) or a DMN decision table (kind `decision`),
named by the process or decision id that is also its file's stem. A process version carries every file it runs
with (the processes and decision tables it calls), listed with their hashes in `files`.
"""

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..contracts.models import Contract
from ..db import UTCDateTime, utcnow
from ..extensions import db

PROCESS, DECISION = "process", "decision"


class ProcessVersion(db.Model):
    __tablename__ = "process_versions"
    # Content may repeat: a designer who deploys an earlier version's content again gets a new, newest version.
    __table_args__ = (
        UniqueConstraint("process_id", "version"),
        Index("ix_process_versions_process_id_sha256", "process_id", "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(128), index=True)
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16), default=PROCESS, server_default=PROCESS)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    sources: Mapped[dict] = mapped_column(JSON, deferred=True)  # file name -> XML; loaded only to compile
    files: Mapped[dict] = mapped_column(JSON, default=dict)  # file name -> SHA-256 of its content
    # A version deployed because a process or decision it calls changed: {"model": id, "version": number}.
    origin: Mapped[dict | None] = mapped_column(JSON)
    deployed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deployed_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    deployed_by: Mapped[User | None] = relationship()

    @property
    def file(self):
        """The model's own file: its id with the kind's extension."""
        return f"{self.process_id}.{'dmn' if self.kind == DECISION else 'bpmn'}"


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
