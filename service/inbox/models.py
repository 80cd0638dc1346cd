"""Human tasks: one row per user task the engine made ready, kept after completion as history."""

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..contracts.models import Contract
from ..db import UTCDateTime, utcnow
from ..extensions import db
from ..processes.models import ProcessInstance

OPEN = "open"
COMPLETED = "completed"
WITHDRAWN = "withdrawn"


class Task(db.Model):
    __tablename__ = "tasks"
    __table_args__ = (
        # Inbox queries only ever touch open tasks: keep them in small partial indexes.
        Index("ix_tasks_open_role_due", "role", "due_at", "id",
              postgresql_where=text("status = 'open'"), sqlite_where=text("status = 'open'")),
        Index("ix_tasks_open_assignee", "assignee_id",
              postgresql_where=text("status = 'open'"), sqlite_where=text("status = 'open'")),
        Index("ix_tasks_contract", "contract_id", "status"),
        Index("ix_tasks_instance", "instance_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instances.id"))
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id"))
    engine_task_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    decisions: Mapped[str] = mapped_column(String(200), default="")
    fields: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_at = mapped_column(UTCDateTime)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    due_at = mapped_column(UTCDateTime)
    completed_at = mapped_column(UTCDateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str | None] = mapped_column(String(32))
    comment: Mapped[str | None] = mapped_column(Text)

    instance: Mapped[ProcessInstance] = relationship()
    contract: Mapped[Contract | None] = relationship(lazy="joined")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id], lazy="joined")
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id], lazy="joined")

    @property
    def decision_list(self):
        return [d for d in self.decisions.split(",") if d]

    @property
    def field_list(self):
        return [f for f in self.fields.split(",") if f]
