"""What notifications say: one table keyed by kind, translated with the web UI's catalogs.

The texts are msgids in service/translations (English and Simplified Chinese); a notification is
rendered when it is shown or sent, in the recipient's language (force_locale: jobs have no request
to take a language from). The values filled in come from the notification's params, stored raw
(ISO dates and times, amounts as decimals, task and role keys) and formatted here for the reader.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import force_locale, ngettext
from flask_babel import lazy_gettext as _l

from ..auth.labels import ROLES
from ..inbox.labels import TASKS
from ..web.i18n import LOCALES, day, moment, money

KEY_DATES = {"effective": _l("effective date"), "payment": _l("payment"), "milestone": _l("milestone"),
             "review": _l("review"), "expiry": _l("expiry")}

# (subject, body) by kind.
MESSAGES = {
    "reminder": (_l("%(contract)s: %(key_date)s %(when)s"),
                 _l("The %(key_date)s%(label)s of contract %(contract)s “%(title)s” %(when)s: %(date)s.%(amount)s")),
    "task": (_l("%(contract)s: %(task)s"),
             _l("A task waits for you on contract %(contract)s “%(title)s”: %(task)s.")),
    "expired": (_l("%(contract)s has expired"),
                _l("Contract %(contract)s “%(title)s” expired at the end of %(date)s.")),
    "task_due": (_l("%(contract)s: “%(task)s” is due"),
                 _l("The task “%(task)s” on contract %(contract)s “%(title)s” was due at %(due)s; "
                    "it waits for %(holder)s.")),
    "task_escalated": (_l("%(contract)s: “%(task)s” is overdue and escalated"),
                       _l("The task “%(task)s” on contract %(contract)s “%(title)s” was due at %(due)s and is "
                          "still open (%(holder)s); it is escalated to the managers.")),
    "digest": (_l("Pactum: %(count)s notifications today"),
               _l("Your Pactum notifications:\n\n%(lines)s")),
}


def _when(days):
    if days == 0:
        return str(_l("is today"))
    if days == 1:
        return str(_l("is tomorrow"))
    return ngettext("is in %(num)d day", "is in %(num)d days", days)


def _day(value):
    try:
        return day(date.fromisoformat(value))
    except (TypeError, ValueError):
        return value or ""


def _moment(value):
    # ISO text; notifications written before params were stored raw have "2027-01-01 08:00 UTC".
    if not value:
        return ""
    for parse in (datetime.fromisoformat, lambda v: datetime.strptime(v.replace(" UTC", "+0000"), "%Y-%m-%d %H:%M%z")):
        try:
            return moment(parse(value))
        except (TypeError, ValueError):
            continue
    return value or ""


def _amount(params):
    try:
        text = money(Decimal(str(params["amount"])), params["currency"]) if params.get("currency") else None
    except (InvalidOperation, ValueError):
        text = None
    return str(_l(" Amount due: %(amount)s.", amount=text or params["amount"]))


def _holder(params):
    if params.get("holder_name"):
        return params["holder_name"]
    role = params.get("holder_role")
    return str(ROLES.get(role, role)) if role else params.get("holder", "")


def _fields(params):
    fields = {"contract": "", "title": "", "task": "", "date": "", **params}
    if "key_date" in params:
        fields["key_date"] = str(KEY_DATES.get(params["key_date"], params["key_date"]))
    if "days_before" in params:
        fields["when"] = _when(int(params["days_before"]))
    if params.get("task_name") in TASKS:
        fields["task"] = str(TASKS[params["task_name"]])
    fields["date"], fields["due"], fields["holder"] = _day(fields["date"]), _moment(params.get("due")), _holder(params)
    fields["label"] = str(_l(" (%(label)s)", label=params["label"])) if params.get("label") else ""
    fields["amount"] = _amount(params) if params.get("amount") else ""
    return fields


def render(kind, locale, params):
    """(subject, body) of a notification in a locale (English when the locale is unknown)."""
    with force_locale(locale if locale in LOCALES else "en"):
        fields = _fields(params)
        subject, body = MESSAGES[kind]
        return str(subject) % fields, (str(body) % fields).strip()
