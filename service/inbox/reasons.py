"""Why a task is in an inbox: the approval policy's reasons, in the reader's language."""

import re

DEFAULT_LOCALE = "en"
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _fill(template, values):
    # Plain {name} substitution: the template comes from a decision table, so no str.format and its attribute access.
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def render(reason, locale=None):
    """Each reason as {rule, level, text, values}, its text in the locale (English when it has none)."""
    rendered = []
    for entry in reason or []:
        texts, values = entry.get("text") or {}, entry.get("values") or {}
        template = texts.get(locale or DEFAULT_LOCALE) or texts.get(DEFAULT_LOCALE) or entry.get("rule", "")
        rendered.append({"rule": entry.get("rule", ""), "level": entry.get("level"),
                         "text": _fill(template, values), "values": values})
    return rendered
