"""Drafts of process models, and migrations of running instances between versions (kept so they can be reverted)."""

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..db import UTCDateTime, utcnow
from ..extensions import db
from ..processes.models import ProcessInstance, ProcessVersion


class Draft(db.Model):
    """A designer's unfinished edit of a model's file: one per model and author, saved over."""

    __tablename__ = "designer_drafts"
    __table_args__ = (UniqueConstraint("process_id", "author_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    base_version: Mapped[int | None]  # the version the edit started from
    xml: Mapped[str] = mapped_column(Text, deferred=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    author: Mapped[User] = relationship(lazy="joined")


class Migration(db.Model):
    """Running instances moved from one version of a process to another, by an admin."""

    __tablename__ = "instance_migrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(128))
    from_version_id: Mapped[int] = mapped_column(ForeignKey("process_versions.id"))
    to_version_id: Mapped[int] = mapped_column(ForeignKey("process_versions.id"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    reverted_at = mapped_column(UTCDateTime)
    reverted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    from_version: Mapped[ProcessVersion] = relationship(foreign_keys=[from_version_id], lazy="joined")
    to_version: Mapped[ProcessVersion] = relationship(foreign_keys=[to_version_id], lazy="joined")
    actor: Mapped[User] = relationship(foreign_keys=[actor_id], lazy="joined")
    reverted_by: Mapped[User | None] = relationship(foreign_keys=[reverted_by_id], lazy="joined")
    items: Mapped[list["MigrationItem"]] = relationship(back_populates="migration", order_by="MigrationItem.id",
                                                         cascade="all, delete-orphan")


class MigrationItem(db.Model):
    """One moved instance: its state before the move, to put it back while it has not moved on."""

    __tablename__ = "instance_migration_items"
    __table_args__ = (Index("ix_instance_migration_items_instance", "instance_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    migration_id: Mapped[int] = mapped_column(ForeignKey("instance_migrations.id", ondelete="CASCADE"), index=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instances.id"))
    state_before: Mapped[str] = mapped_column(Text, deferred=True)
    lock_version_after: Mapped[int]  # the instance's lock version right after the move
    reverted: Mapped[str | None] = mapped_column(String(16))  # restored, moved_back, or None

    migration: Mapped[Migration] = relationship(back_populates="items")
    instance: Mapped[ProcessInstance] = relationship()
