"""The web UI for people: server-rendered pages on the same services and permission checks as the API."""

import os

from flask import abort, current_app, request, send_from_directory, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# Named apart from the view modules web.auth and web.inbox, whose import would rebind `auth` and `inbox` here.
from ..auth import service as auth_service
from ..contracts.service import CREATOR_ROLES
from ..customers.service import EDITOR_ROLES
from ..extensions import login_manager
from ..inbox import service as inbox_service
from ..notifications import service as notifications_service
from . import absence as _absence_views  # noqa: F401  (the views register themselves on bp)
from . import auth as _auth_views  # noqa: F401
from . import contracts as _contract_views  # noqa: F401
from . import customers as _customer_views  # noqa: F401
from . import i18n, labels, present
from . import inbox as _inbox_views  # noqa: F401
from . import notifications as _notification_views  # noqa: F401
from . import timers as _timer_views  # noqa: F401
from .blueprint import bp
from .errors import error_page

__all__ = ["error_page", "register"]

# Front-end packages served from node_modules (installed by `npm ci` from the committed lockfile), by folder.
VENDOR = {"bootstrap": "bootstrap/dist"}


@bp.get("/vendor/<package>/<path:filename>")
def vendor(package, filename):
    if package not in VENDOR:
        abort(404)
    return send_from_directory(os.path.join(current_app.config["NODE_MODULES"], VENDOR[package]), filename,
                               max_age=86400)


@login_manager.user_loader
def _load_user(user_id):
    return auth_service.get(int(user_id))


def _url_with(**changes):
    """This page's URL with some query parameters changed (filters, sorting, paging)."""
    return url_for(request.endpoint, **{**request.view_args, **request.args.to_dict(), **changes})


@bp.app_context_processor
def _page_context():
    user = current_user if current_user.is_authenticated else None
    return {
        "locale": i18n.locale_code(),
        "inbox_total": inbox_service.inbox_count(user=user) if user else 0,
        "notifications_unread": notifications_service.unread_count(user=user) if user else 0,
        "may_create_contract": bool(user and user.has_role(*CREATOR_ROLES)),
        "may_create_customer": bool(user and user.has_role(*EDITOR_ROLES)),
    }


def register(app):
    """Mount the web UI: its blueprint, login settings, template helpers."""
    login_manager.login_view = "web.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str  # the lazy message, in the reader's language
    app.register_blueprint(bp)
    app.jinja_env.filters.update(i18n.FILTERS)
    # Globals rather than context, so that imported macros see them too.
    app.jinja_env.globals.update(
        label=labels.label, task_title=labels.task_title, task_reasons=present.reasons, is_past=i18n.is_past,
        url_with=_url_with,
        languages=labels.LANGUAGES, status_colours=labels.STATUS_COLOURS, decision_buttons=labels.DECISION_BUTTONS,
    )
