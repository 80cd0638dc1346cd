"""Request and response schemas of the notification endpoints."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from ..api.schemas import Input, Output
from .models import KINDS


class NotificationOut(Output):
    id: int
    kind: str
    contract_id: int | None
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None
    email_status: str


class NotificationsOut(Output):
    unread: int
    notifications: list[NotificationOut]


class NotificationQuery(Input):
    unread: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class PreferencesIn(Input):
    email: list[Literal[KINDS]] = Field(max_length=len(KINDS))
    digest: bool = False


class PreferencesOut(Output):
    email: list[str]
    digest: bool
    email_enabled: bool


class ReadAllOut(Output):
    marked: int = Field(description="how many notifications were unread")
    unread: int
