"""Names people read for stored values: each domain's labels.py declares its tables; create_app registers them.

A value missing from its table (a status or task that a newer diagram added) is shown as stored.
"""

from flask import current_app

EXTENSION = "pactum_labels"


def register(app, tables):
    """Make the domains' label tables ({table name: {value: lazy text}}) known to the app."""
    app.extensions.setdefault(EXTENSION, {}).update(tables)


def label(table, value):
    """The translated name of a stored value, or the value itself when it has none."""
    text = current_app.extensions[EXTENSION][table].get(value)
    return str(text) if text is not None else (value or "")
