"""Why a task is in an inbox: the approval policy's reasons, in the reader's language.

The decision table gives each reason's text in both languages with {name} placeholders, and the values that
matched. Values are formatted here, when the reason is read, in the reader's locale: amounts with their
currency, numbers with separators, countries by name.
"""

import re
from decimal import Decimal, InvalidOperation

from ..web.i18n import money, number, territory

DEFAULT_LOCALE = "en"
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# Texts of diagrams deployed before amounts were formatted named the currency after the placeholder.
_CURRENCY_AFTER = re.compile(r"\{amount_cny\}\s*(?:CNY\b|元人民币)\s*")
COUNTRIES = ("governing_law", "company_law")


def _decimal(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _format(name, value, values, locale):
    # Booleans and text stay as they are; amounts get their currency, other numbers separators.
    if isinstance(value, bool) or value is None:
        return str(value)
    if name in COUNTRIES:
        return territory(str(value), locale)
    amount = _decimal(value)
    if amount is None:
        return str(value)
    if name == "amount_cny":
        return money(amount, "CNY", locale)
    if name == "amount" and values.get("currency"):
        return money(amount, values["currency"], locale)
    return number(amount, locale)


def _fill(template, values, locale):
    # Plain {name} substitution: the template comes from a decision table, so no str.format and its attribute access.
    template = _CURRENCY_AFTER.sub("{amount_cny} ", template)
    return _PLACEHOLDER.sub(
        lambda m: _format(m.group(1), values[m.group(1)], values, locale) if m.group(1) in values else m.group(0),
        template)


def render(reason, locale=None):
    """Each reason as {rule, level, text, values}, its text in the locale (English when it has none)."""
    rendered = []
    for entry in reason or []:
        texts, values = entry.get("text") or {}, entry.get("values") or {}
        language = locale if locale in texts else DEFAULT_LOCALE
        template = texts.get(language) or entry.get("rule", "")
        rendered.append({"rule": entry.get("rule", ""), "level": entry.get("level"),
                         "text": _fill(template, values, language), "values": values})
    return rendered
