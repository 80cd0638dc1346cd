"""API: the caller's notifications and notification preferences."""

from flask import current_app, g

from ..api.blueprint import endpoint
from . import mail, service
from .models import KINDS
from .schemas import NotificationOut, NotificationQuery, NotificationsOut, PreferencesIn, PreferencesOut, ReadAllOut


def _notification(note):
    subject, body = service.render(note, g.user.locale)
    return {"id": note.id, "kind": note.kind, "contract_id": note.contract_id, "subject": subject, "body": body,
            "created_at": note.created_at, "read_at": note.read_at, "email_status": note.email_status}


def _preferences(chosen):
    return {"email": [k for k in KINDS if k in chosen.email], "digest": chosen.digest,
            "email_enabled": mail.enabled(current_app.config)}


@endpoint("/notifications", "GET", summary="The caller's notifications, newest first, with the unread count",
          query=NotificationQuery, response=NotificationsOut, errors=(422,))
def list_notifications(query):
    found = service.for_user(user=g.user, unread=query.unread, limit=query.limit, offset=query.offset)
    return {"unread": service.unread_count(user=g.user), "notifications": [_notification(n) for n in found]}


@endpoint("/notifications/<int:notification_id>/read", "POST", summary="Mark one of the caller's notifications read",
          response=NotificationOut, errors=(404,))
def read_notification(notification_id):
    return _notification(service.mark_read(notification_id=notification_id, user=g.user))


@endpoint("/notifications/read-all", "POST", summary="Mark all of the caller's notifications read",
          response=ReadAllOut, errors=())
def read_all_notifications():
    return {"marked": service.mark_all_read(user=g.user), "unread": service.unread_count(user=g.user)}


@endpoint("/notifications/preferences", "GET", summary="Which notification kinds come to the caller by e-mail",
          response=PreferencesOut, errors=())
def get_preferences():
    return _preferences(service.preferences(user=g.user))


@endpoint("/notifications/preferences", "PUT", summary="Choose the kinds that come by e-mail, and a daily digest",
          body=PreferencesIn, response=PreferencesOut, errors=(422,))
def put_preferences(body):
    return _preferences(service.set_preferences(user=g.user, email=body.email, digest=body.digest))
