"""Response and query schemas of the timer-health endpoint."""

import datetime as dt

from pydantic import Field

from ..api.schemas import Input, Output


class LatenessOut(Output):
    p50: int | None
    p90: int | None
    p99: int | None
    max: int | None


class TimerHealthOut(Output):
    now: dt.datetime
    pending: int
    due: int
    overdue: int
    failing: int
    next_due: dt.datetime | None
    waiting_in_outbox: int
    window_hours: int
    fired: int
    early: int
    lateness_ms: LatenessOut


class TimerHealthQuery(Input):
    hours: int = Field(24, ge=1, le=24 * 31)
