"""API: timer health (admins)."""

from flask import g

from ..api.blueprint import endpoint
from . import service
from .schemas import TimerHealthOut, TimerHealthQuery


@endpoint("/timers/health", "GET", summary="Timers due and overdue, and lateness percentiles (admins)",
          query=TimerHealthQuery, response=TimerHealthOut, errors=(403, 422))
def timer_health(query):
    return service.health(viewer=g.user, hours=query.hours)
