"""What people read for roles, and for the auth domain's service errors, in either language."""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

ROLES = {
    "sales": _l("Sales"), "legal": _l("Legal"), "finance": _l("Finance"), "manager": _l("Manager"),
    "executive": _l("Executive"), "signatory": _l("Signatory"), "designer": _l("Process designer"),
    "admin": _l("Administrator"),
}

TABLES = {"role": ROLES}

MESSAGES = {
    (401, None): _l("Wrong username or password."),
    (422, "locale"): _l("Choose a language from the list."),
}


def role_name(role, locale="en"):
    """A role's name in a language (English by default, for service messages): 'Manager'."""
    with force_locale(locale):
        return str(ROLES.get(role, role))
