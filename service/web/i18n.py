"""The reader's language, and dates, times and amounts formatted for it."""

from babel import Locale, dates, numbers, units
from flask import request, session
from flask_babel import format_date, format_time, format_timedelta, get_locale
from flask_login import current_user

from ..db import utcnow

LOCALES = ("en", "zh_CN")  # the languages Pactum speaks: service/translations holds a catalog for each
# Each language is named in itself, so that a reader finds their own whatever the page's language.
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}

# CNY is the house currency: plain ¥ in every language; JPY then needs its own prefix to stay distinct.
SYMBOLS = {"CNY": "¥", "JPY": "JP¥"}


def select_locale():
    """The user's own setting, else the choice made on the login page, else the browser's Accept-Language."""
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    if session.get("locale") in LOCALES:
        return session["locale"]
    return request.accept_languages.best_match(LOCALES) or LOCALES[0]


def locale_code():
    """The reader's locale as the users table stores it ('zh_CN'), not as Babel spells it ('zh_Hans_CN')."""
    locale = get_locale()
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def _locale(code):
    # An explicit locale ('zh_CN', as users store it) for text rendered outside the reader's request, else the reader's.
    return Locale.parse(code) if code else get_locale()


def money(amount, currency, locale=None):
    """An amount with its currency symbol and the locale's separators, e.g. ¥12,000.50."""
    locale = _locale(locale)
    text = numbers.format_currency(amount, currency, locale=locale)
    symbol = SYMBOLS.get(currency)
    return text.replace(numbers.get_currency_symbol(currency, locale), symbol, 1) if symbol else text


def currency_name(code):
    """The currency's code and name in the reader's language, e.g. 'CNY · 人民币'."""
    return f"{code} · {numbers.get_currency_name(code, locale=get_locale())}"


def number(value, locale=None):
    """A number with the locale's separators, e.g. 1,000,000."""
    return numbers.format_decimal(value, locale=_locale(locale))


def territory(code, locale=None):
    """A country (or region, e.g. US-NY) by its name in the reader's language: 'China', '中国', 'United States (NY)'."""
    if not code:
        return ""
    country, _sep, region = code.partition("-")
    name = _locale(locale).territories.get(country.upper(), country)
    return f"{name} ({region})" if region else name


def day(value, locale=None):
    """A date (or the day of a datetime, in the reader's time zone)."""
    if not value:
        return ""
    return dates.format_date(value, "medium", locale=_locale(locale)) if locale else format_date(value, "medium")


def moment(value):
    """A date and time in the reader's time zone."""
    return f"{format_date(value, 'medium')} {format_time(value, 'short')}" if value else ""


def relative(value):
    """How far a time is from now: 'in 2 days', '3 hours ago'."""
    return format_timedelta(value - utcnow(), add_direction=True, threshold=1.1) if value else ""


# (unit, milliseconds in one) from the largest: a duration is shown in the largest unit it reaches.
DURATION_UNITS = (("duration-hour", 3_600_000), ("duration-minute", 60_000), ("duration-second", 1000),
                  ("duration-millisecond", 1))


def duration(ms):
    """A duration given in milliseconds in human units and the reader's language: '850 ms', '3.2 sec', '17.7 hr'."""
    if ms is None:
        return "–"
    unit, size = next(((u, n) for u, n in DURATION_UNITS if abs(ms) >= n), DURATION_UNITS[-1])
    return units.format_unit(ms / size, unit, "short", format="#,##0.#", locale=get_locale())


def is_past(value):
    return value is not None and value < utcnow()


FILTERS = {"money": money, "day": day, "moment": moment, "relative": relative, "duration": duration,
           "territory": territory, "number": number}
