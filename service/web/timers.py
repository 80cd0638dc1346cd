"""Web: timer health for admins (due, overdue, lateness percentiles of recent firings)."""

from flask import render_template, request

from ..timers import service as timers
from .blueprint import bp, me

WINDOWS = (1, 24, 24 * 7)  # hours of firings the page can report


@bp.get("/admin/timers")
def timers_page():
    hours = request.args.get("hours", 24, type=int)
    hours = hours if hours in WINDOWS else 24
    return render_template("timers/health.html", health=timers.health(viewer=me(), hours=hours), windows=WINDOWS)
