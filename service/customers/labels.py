"""What people read for the customers domain's service errors, in either language."""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    (409, "code"): _l("A customer with this code exists already."),
    (422, "code"): _l("The code must be 1 to 32 letters, digits, '-', '_' or '.'."),
    (422, "name"): _l("A name of 1 to 200 characters is required."),
}
