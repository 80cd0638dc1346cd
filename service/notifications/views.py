"""Pages: the reader's notifications (reminders, tasks, expiries), newest first, and marking them read."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from ..web.blueprint import bp, commits, local_url, me, page_number, page_of
from . import service


@bp.app_context_processor
def _navigation():
    return {"notifications_unread": service.unread_count(user=current_user) if current_user.is_authenticated else 0}


@bp.get("/notifications")
def notifications_page():
    unread = request.args.get("unread") == "1"
    page = page_of(lambda limit, offset: service.for_user(user=me(), unread=unread, limit=limit, offset=offset),
                   page_number())
    items = [(note, *service.render(note, me().locale)) for note in page.items]
    return render_template("notifications/index.html", page=page, items=items, unread=unread)


@bp.post("/notifications/read-all")
@commits
def read_all_notifications():
    marked = service.mark_all_read(user=me())
    flash(ngettext("%(num)d notification marked read.", "%(num)d notifications marked read.", marked), "info")
    return redirect(local_url(request.form.get("next"), url_for(".notifications_page")))


@bp.post("/notifications/<int:notification_id>/read")
@commits
def read_notification(notification_id):
    service.mark_read(notification_id=notification_id, user=me())
    return redirect(local_url(request.form.get("next"), url_for(".notifications_page")))
