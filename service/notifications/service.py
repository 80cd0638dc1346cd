"""Notify users in the app and by e-mail (one by one or in a daily digest), in their own language."""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select, update

from ..auth.models import User
from ..db import utcnow
from ..errors import Invalid, NotFound
from ..extensions import db
from ..jobs import Due, outbox
from . import mail, messages
from .models import DIGEST, FAILED, KINDS, OFF, PENDING, SENT, Notification, NotificationPreference

log = logging.getLogger(__name__)
EMAIL_JOB = "notifications.deliver_email"
DIGEST_JOB = "notifications.send_digest"
# Seconds to wait after the n-th failed attempt; after the last one the e-mail is given up (still in the app).
EMAIL_BACKOFF = (30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)


@dataclass(frozen=True)
class Preferences:
    email: frozenset
    digest: bool


def preferences(*, user):
    """Which kinds come to the user by e-mail, and whether in a daily digest (default: all, one by one)."""
    row = db.session.get(NotificationPreference, user.id)
    if row is None:
        return Preferences(frozenset(KINDS), False)
    return Preferences(frozenset(k for k in row.email_kinds.split(",") if k), row.digest)


def set_preferences(*, user, email, digest):
    """Choose the kinds that come by e-mail and whether they come in a daily digest."""
    unknown = sorted(set(email) - set(KINDS))
    if unknown:
        raise Invalid(f"unknown notification kind(s) {', '.join(unknown)}; use {', '.join(KINDS)}", field="email")
    row = db.session.get(NotificationPreference, user.id) or NotificationPreference(user_id=user.id)
    row.email_kinds, row.digest = ",".join(k for k in KINDS if k in email), bool(digest)
    db.session.add(row)
    db.session.flush()
    return preferences(user=user)


def _email_status(user, kind):
    if not mail.enabled(current_app.config) or not user.email:
        return OFF
    chosen = preferences(user=user)
    if kind not in chosen.email:
        return OFF
    return DIGEST if chosen.digest else PENDING


def email_key(note):
    """The job id of a notification's next e-mail attempt."""
    return outbox.job_key("email", note.id, note.email_attempts)


def _schedule_email(note):
    outbox.schedule(job=EMAIL_JOB, key=email_key(note), run_at=note.email_next_at, notification_id=note.id)


def notify(*, user, kind, params, contract=None):
    """Write a notification in the caller's transaction; its e-mail is handed to the queue after commit."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    note = Notification(user_id=user.id, kind=kind, contract_id=getattr(contract, "id", None), params=params,
                        email_status=_email_status(user, kind), created_at=utcnow())
    if note.email_status == PENDING:
        note.email_next_at = note.created_at
    db.session.add(note)
    db.session.flush()
    if note.email_status == PENDING:
        _schedule_email(note)
    return note


def render(note, locale=None):
    """(subject, body) of a notification in the reader's language."""
    return messages.render(note.kind, locale or note.user.locale, note.params)


def for_user(*, user, unread=False, limit=50, offset=0):
    """The user's notifications, newest first."""
    query = select(Notification).where(Notification.user_id == user.id)
    if unread:
        query = query.where(Notification.read_at.is_(None))
    return db.session.scalars(query.order_by(Notification.id.desc()).limit(limit).offset(offset)).all()


def unread_count(*, user):
    """How many of the user's notifications are unread."""
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == user.id, Notification.read_at.is_(None)))


def mark_read(*, notification_id, user):
    """Mark one of the user's notifications read (again is fine); NotFound for anyone else's."""
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != user.id:
        raise NotFound(f"no notification with id {notification_id}")
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.flush()
    return note


def mark_all_read(*, user):
    """Mark every unread notification of the user read; return how many were unread."""
    marked = db.session.execute(update(Notification).where(Notification.user_id == user.id,
                                                           Notification.read_at.is_(None))
                                .values(read_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    db.session.expire_all()
    return marked


def _send(user, subject, body, message_id):
    mail.send(current_app.config, to=user.email, subject=subject, body=body, message_id=message_id)


def _email_failed(note, exc, now):
    note.email_attempts += 1
    note.email_error = f"{type(exc).__name__}: {exc}"[:500]
    if note.email_attempts > len(EMAIL_BACKOFF):
        note.email_status, note.email_next_at = FAILED, None
        log.error("gave up e-mailing notification %s after %d attempts: %s", note.id, note.email_attempts, exc)
        return "failed"
    note.email_next_at = now + timedelta(seconds=EMAIL_BACKOFF[note.email_attempts - 1])
    _schedule_email(note)
    log.warning("e-mail for notification %s failed (%s); retrying at %s", note.id, exc, note.email_next_at)
    return "retrying"


def deliver_email(*, notification_id):
    """Send a pending notification's e-mail; on a mail server error keep it pending and retry later."""
    note = db.session.scalar(select(Notification).where(Notification.id == notification_id)
                           .with_for_update(of=Notification))
    now = utcnow()
    if note is None or note.email_status != PENDING or (note.email_next_at is not None and now < note.email_next_at):
        return "nothing to send"
    subject, body = render(note)
    try:
        _send(note.user, subject, body, f"pactum.notification.{note.id}")
    except (OSError, smtplib.SMTPException) as exc:
        return _email_failed(note, exc, now)
    note.email_status, note.emailed_at, note.email_next_at, note.email_error = SENT, now, None, None
    note.email_attempts += 1
    return "sent"


def due_emails(*, until, limit=1000):
    """Pending e-mails whose attempt is due before `until`, for the sweeper."""
    notes = db.session.scalars(
        select(Notification).where(Notification.email_status == PENDING, Notification.email_next_at <= until)
        .order_by(Notification.email_next_at).limit(limit)
    ).all()
    return [Due(email_key(n), {"notification_id": n.id}, n.email_next_at) for n in notes]


def digest_moment(before):
    """The latest daily digest time (DIGEST_HOUR in REMINDER_TIMEZONE) at or before a moment."""
    zone = ZoneInfo(current_app.config["REMINDER_TIMEZONE"])
    local = before.astimezone(zone)
    moment = datetime.combine(local.date(), time(current_app.config["DIGEST_HOUR"]), zone)
    if moment > local:
        moment = datetime.combine(local.date() - timedelta(days=1), time(current_app.config["DIGEST_HOUR"]), zone)
    return moment.astimezone(before.tzinfo)


def due_digests(*, until):
    """One digest job per user with notifications waiting for the digest whose time has come before `until`."""
    moment = digest_moment(until)
    users = db.session.scalars(
        select(Notification.user_id).where(Notification.email_status == DIGEST, Notification.created_at < moment)
        .distinct()
    ).all()
    return [Due(outbox.job_key("digest", moment, user_id), {"user_id": user_id, "until": moment.isoformat()}, moment)
            for user_id in users]


def send_digest(*, user_id, until):
    """E-mail one user the notifications that waited for the digest up to `until`, in one message."""
    until = datetime.fromisoformat(until)
    if utcnow() < until:
        return "nothing to send yet"
    notes = db.session.scalars(
        select(Notification).where(Notification.user_id == user_id, Notification.email_status == DIGEST,
                                   Notification.created_at < until)
        .order_by(Notification.id).with_for_update(of=Notification)
    ).all()
    user = db.session.get(User, user_id)
    if not notes or user is None or not user.email:
        return "nothing to send"
    lines = "\n".join(f"- {render(n, user.locale)[0]}" for n in notes)
    subject, body = messages.render("digest", user.locale, {"count": len(notes), "lines": lines})
    _send(user, subject, body, f"pactum.digest.{user_id}.{int(until.timestamp())}")  # an error: RQ retries
    now = utcnow()
    for note in notes:
        note.email_status, note.emailed_at = SENT, now
    return f"sent {len(notes)}"
