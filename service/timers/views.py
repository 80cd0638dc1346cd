"""Pages: timer health for admins (due, overdue, lateness percentiles of recent firings)."""

from flask import render_template, request
from flask_login import current_user

from ..web.blueprint import bp, me
from . import service

WINDOWS = (1, 24, 24 * 7)  # hours of firings the page can report


@bp.get("/admin/timers")
def timers_page():
    hours = request.args.get("hours", 24, type=int)
    hours = hours if hours in WINDOWS else 24
    return render_template("timers/health.html", health=service.health(viewer=me(), hours=hours), windows=WINDOWS)


@bp.app_context_processor
def _navigation():
    return {"may_see_timers": current_user.is_authenticated and service.may_see_health(current_user)}
