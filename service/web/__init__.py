"""The web UI's shared plumbing: the blueprint every domain's views.py adds its pages to, login, layout, i18n,
error pages and front-end assets. It knows no domain: create_app hands it the domains' labels and messages.
"""

from flask import request, url_for
from flask_babel import lazy_gettext as _l

from ..extensions import login_manager
from . import assets, errors, i18n, labels  # noqa: F401  (assets adds its route to bp)
from .blueprint import bp
from .errors import error_page

__all__ = ["error_page", "register"]


def _url_with(**changes):
    """This page's URL with some query parameters changed (filters, sorting, paging)."""
    return url_for(request.endpoint, **{**request.view_args, **request.args.to_dict(), **changes})


@bp.app_context_processor
def _page_context():
    return {"locale": i18n.locale_code()}


def register(app, *, login_view, label_tables, messages):
    """Mount the web UI with its login page, the domains' label tables and their words for service errors."""
    login_manager.login_view = login_view
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str  # the lazy message, in the reader's language
    labels.register(app, label_tables)
    errors.register_messages(app, messages)
    app.register_blueprint(bp)
    app.jinja_env.filters.update(i18n.FILTERS)
    # Globals rather than context, so that imported macros see them too.
    app.jinja_env.globals.update(label=labels.label, is_past=i18n.is_past, url_with=_url_with,
                                 languages=i18n.LANGUAGES)
