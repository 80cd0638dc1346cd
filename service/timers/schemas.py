"""Response and query schemas of the timer-health endpoint."""

import datetime as dt

from pydantic import Field

from ..api.schemas import Input, Output


class LatenessOut(Output):
    p50: int | None
    p90: int | None
    p99: int | None
    max: int | None


class PendingTimerOut(Output):
    kind: str = Field(description="process (a process instance's next timer) or reminder (a key-date reminder)")
    name: str = Field(description="process: the timer's name in its diagram; reminder: the key date's kind")
    days_before: int | None
    contract_id: int | None
    contract_number: str | None
    due_at: dt.datetime
    state: str = Field(description="pending, due (now) or overdue")


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
    timers: list[PendingTimerOut] = Field(description="the timers that have not fired, soonest due first (at most 50)")


class TimerHealthQuery(Input):
    hours: int = Field(24, ge=1, le=24 * 31)
