"""What every domain's web forms share: the required-field message and choices labelled for the reader."""

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

REQUIRED = _l("This field is required.")


def choices(values, labels):
    """Select choices for stored values, each labelled from a table of lazy texts (the value when missing)."""
    return [SelectChoice(v, labels.get(v, v)) for v in values]
