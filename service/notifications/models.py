"""Notifications (in-app, and by e-mail when the recipient wants it) and per-user preferences."""

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..contracts.models import Contract
from ..db import UTCDateTime, utcnow
from ..extensions import db

KINDS = ("reminder", "task", "expired")  # a key date is near; a task waits for you; a contract expired
KINDS += ("task_due", "task_escalated")  # a task you hold is due; a task is overdue twice its time (to managers)
# E-mail states: off (not wanted, or no mail server), pending (to send; retried), digest (waits for the
# daily digest), sent, failed (gave up after the last retry of EMAIL_BACKOFF; still in the app).
OFF, PENDING, DIGEST, SENT, FAILED = "off", "pending", "digest", "sent", "failed"


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user", "user_id", "id"),
        Index("ix_notifications_unread", "user_id",
              postgresql_where=text("read_at IS NULL"), sqlite_where=text("read_at IS NULL")),
        Index("ix_notifications_email_due", "email_next_at",
              postgresql_where=text("email_status = 'pending'"), sqlite_where=text("email_status = 'pending'")),
        Index("ix_notifications_digest", "created_at",
              postgresql_where=text("email_status = 'digest'"), sqlite_where=text("email_status = 'digest'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"))
    params: Mapped[dict] = mapped_column(JSON, default=dict)  # rendered in the reader's language when shown
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    read_at = mapped_column(UTCDateTime)
    email_status: Mapped[str] = mapped_column(String(16), default=OFF)
    email_attempts: Mapped[int] = mapped_column(default=0)
    email_next_at = mapped_column(UTCDateTime)
    emailed_at = mapped_column(UTCDateTime)
    email_error: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship()
    contract: Mapped[Contract | None] = relationship()


class NotificationPreference(db.Model):
    """Which kinds a user gets by e-mail, and whether they come one by one or in a daily digest."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email_kinds: Mapped[str] = mapped_column(String(200), default=",".join(KINDS))
    digest: Mapped[bool] = mapped_column(default=False)
