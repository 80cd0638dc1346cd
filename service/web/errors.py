"""Error pages and service messages in the reader's language."""

import logging

from flask import render_template
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

# What the services say, by status and field, as a person reads it in either language.
MESSAGES = {
    (401, None): _l("Wrong username or password."),
    (409, "code"): _l("A customer with this code exists already."),
    (422, "code"): _l("The code must be 1 to 32 letters, digits, '-', '_' or '.'."),
    (422, "name"): _l("A name of 1 to 200 characters is required."),
    (422, "customer_id"): _l("Choose an existing customer."),
    (422, "title"): _l("A title of 1 to 200 characters is required."),
    (422, "kind"): _l("Choose a kind from the list."),
    (422, "currency"): _l("Choose a currency from the list."),
    (422, "amount"): _l("Enter an amount from 0 to 9,999,999,999,999,999.99 with at most two decimals."),
    (422, "start_date"): _l("Enter the start and end dates."),
    (422, "end_date"): _l("The end date is before the start date."),
    (422, "payment_terms_days"): _l("From 0 to 3650 days."),
    (422, "liability_cap"): _l("Enter an amount above 0."),
    (422, "governing_law"): _l("Enter a country code such as CN, or a region such as US-NY."),
    (422, "decision"): _l("Choose one of the offered decisions."),
    (422, "comment"): _l("A comment is required to reject: say what must change."),
    (422, "locale"): _l("Choose a language from the list."),
    (422, "view"): _l("Choose one of the inbox views."),
    (422, "order"): _l("Choose one of the offered orders."),
    (422, "status"): _l("Choose a status from the list."),
}


def message_for(exc, messages=None):
    """A service error's message in the reader's language; English readers get the service's own words.

    `messages` are a form's own words for its fields (its `service_messages`), for field names that mean other
    things elsewhere.
    """
    if get_locale().language == "en":
        return exc.message[:1].upper() + exc.message[1:]
    known = (messages or {}).get((exc.status, exc.field), MESSAGES.get((exc.status, exc.field)))
    return str(known if known is not None else EXPLANATIONS.get(exc.status, EXPLANATIONS[400]))


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
