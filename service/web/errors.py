"""Error pages and service messages in the reader's language."""

import logging

from flask import current_app, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

log = logging.getLogger(__name__)

TITLES = {
    400: _l("This request could not be used"),
    403: _l("You may not do this"),
    404: _l("Not found"),
    405: _l("This request could not be used"),
    409: _l("Someone got there first"),
    422: _l("Please check your input"),
    500: _l("Something went wrong on our side"),
}
EXPLANATIONS = {
    400: _l("The request was incomplete or malformed."),
    403: _l("Your roles do not allow this. Ask an administrator if you think they should."),
    404: _l("The page does not exist, or you may not see it."),
    405: _l("The request was incomplete or malformed."),
    409: _l("It was changed in the meantime, for example completed or claimed by someone else. "
            "Reload it to see where it stands."),
    422: _l("Some of the input could not be used."),
    500: _l("The error was logged. Please try again in a moment."),
}
CSRF_EXPLANATION = _l("This form has expired or was not sent from a Pactum page. Reload the page and send it again.")

MESSAGES = "pactum_messages"  # app.extensions key: {(status, field): lazy text}, each domain's words for its errors


def register_messages(app, messages):
    """Make the domains' words for their service errors ({(status, field): lazy text}) known to the app."""
    app.extensions.setdefault(MESSAGES, {}).update(messages)


def message_for(exc, messages=None):
    """A service error's message in the reader's language; English readers get the service's own words.

    `messages` are a form's own words for its fields (its `service_messages`), for field names that mean other
    things elsewhere.
    """
    if get_locale().language == "en":
        return exc.message[:1].upper() + exc.message[1:]
    registered = current_app.extensions.get(MESSAGES, {})
    known = (messages or {}).get((exc.status, exc.field), registered.get((exc.status, exc.field)))
    if known is None:
        return str(EXPLANATIONS.get(exc.status, EXPLANATIONS[400]))
    params = {key: str(value) for key, value in getattr(exc, "params", {}).items()}  # lazy labels in the reader's
    try:
        return str(known) % params if params else str(known)
    except (KeyError, TypeError, ValueError):  # words that name nothing, or other values than the error has
        return str(known)


def error_page(status, exc=None):
    """The error page for a status, in the reader's language; plain text if even that page fails."""
    if isinstance(exc, CSRFError):
        detail = str(CSRF_EXPLANATION)
    elif exc is not None and hasattr(exc, "field"):
        detail = message_for(exc)
    else:
        detail = str(EXPLANATIONS.get(status, EXPLANATIONS[400]))
    title = TITLES.get(status, TITLES[400])
    try:
        return render_template("errors/error.html", status=status, title=title, detail=detail), status
    except Exception:  # e.g. the database is down and the page cannot load the user: do not fail twice
        log.exception("the error page for %s could not be rendered", status)
        return f"{status} {title}", status, {"Content-Type": "text/plain; charset=utf-8"}
