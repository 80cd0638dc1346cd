"""Human tasks: one row per user task the engine made ready, kept after completion as history."""

from sqlalchemy import JSON, ForeignKey, Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..contracts.models import Contract
from ..db import UTCDateTime, utcnow
from ..extensions import db
from ..processes.models import ProcessInstance
from . import task_fields

OPEN = "open"
COMPLETED = "completed"
WITHDRAWN = "withdrawn"

_INBOX_ORDER = (text("escalated DESC"), text("(due_at IS NULL)"), "due_at", "id")  # as service.inbox sorts
_UNCLAIMED = "status = 'open' AND assignee_id IS NULL"
_ASSIGNED = "status = 'open' AND assignee_id IS NOT NULL"


class Task(db.Model):
    __tablename__ = "tasks"
    __table_args__ = (
        # Inbox queries only ever touch open tasks: keep them in small partial indexes, one for each role's
        # unclaimed queue and one for each user's own tasks, both in inbox order, so that a page is read
        # from the index instead of sorting every waiting task (see service.inbox). The trailing columns
        # are what the inbox views test, so that their counts too are read from the index alone.
        Index("ix_tasks_open_unclaimed", "role", *_INBOX_ORDER, "assignee_id", "claimed_at",
              postgresql_where=text(_UNCLAIMED), sqlite_where=text(_UNCLAIMED)),
        Index("ix_tasks_open_assigned", "assignee_id", *_INBOX_ORDER, "role", "claimed_at",
              postgresql_where=text(_ASSIGNED), sqlite_where=text(_ASSIGNED)),
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
    # Why the task is in an inbox: [{rule, level, text: {locale: text}, values}] from the approval policy.
    reason: Mapped[list | None] = mapped_column(JSON)
    round: Mapped[int | None]  # the contract's approval round (one per submission)
    quorum: Mapped[int | None]  # set on the votes of a k-of-n group: how many approvals pass (or rejections reject)
    escalated: Mapped[bool] = mapped_column(default=False, server_default=false())
    reminded_at = mapped_column(UTCDateTime)
    escalated_at = mapped_column(UTCDateTime)
    delegated_from_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # who held it before

    instance: Mapped[ProcessInstance] = relationship()
    contract: Mapped[Contract | None] = relationship(lazy="joined")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id], lazy="joined")
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id], lazy="joined")
    delegated_from: Mapped[User | None] = relationship(foreign_keys=[delegated_from_id], lazy="joined")

    @property
    def decision_list(self):
        return [d for d in self.decisions.split(",") if d]

    @property
    def field_list(self):
        return [f.name for f in self.form]

    @property
    def form(self):
        return task_fields.parse(self.fields)


class Absence(db.Model):
    """A user's absence: while it lasts, their claims and new assignments go to the deputy."""

    __tablename__ = "absences"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_at = mapped_column(UTCDateTime, nullable=False)
    ends_at = mapped_column(UTCDateTime, nullable=False)
    applied_at = mapped_column(UTCDateTime)  # when the user's open tasks were moved to the deputy
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    deputy: Mapped[User] = relationship(foreign_keys=[deputy_id], lazy="joined")
