"""Amounts, dates and names as a document in English or Chinese writes them."""

from datetime import date, datetime

from .errors import ContextInvalid
from .numerals import capital_numerals, english_words, to_amount

LANGUAGES = ("en", "zh_CN")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
CURRENCIES = {  # code: (symbol, English name, Chinese name)
    "CNY": ("¥", "Chinese yuan", "人民币"),
    "USD": ("US$", "US dollars", "美元"),
    "EUR": ("€", "euros", "欧元"),
    "GBP": ("£", "pounds sterling", "英镑"),
    "JPY": ("JP¥", "Japanese yen", "日元"),
    "HKD": ("HK$", "Hong Kong dollars", "港币"),
}
KINDS = {  # contract kind: (English, Chinese)
    "sales": ("Sales Contract", "销售合同"),
    "service": ("Service Agreement", "服务协议"),
    "nda": ("Non-Disclosure Agreement", "保密协议"),
    "framework": ("Framework Agreement", "框架协议"),
    "order": ("Order", "订单"),
    "sow": ("Statement of Work", "工作说明书"),
    "amendment": ("Amendment", "补充协议"),
}
KEY_DATE_KINDS = {
    "effective": ("Effective date", "生效日"),
    "payment": ("Payment", "付款日"),
    "milestone": ("Milestone", "里程碑"),
    "review": ("Review", "复核日"),
    "expiry": ("Expiry", "到期日"),
}
GOVERNING_LAWS = {
    "CN": ("the People's Republic of China", "中华人民共和国"),
    "HK": ("the Hong Kong Special Administrative Region", "香港特别行政区"),
    "SG": ("Singapore", "新加坡"),
    "GB": ("England and Wales", "英格兰及威尔士"),
    "DE": ("the Federal Republic of Germany", "德意志联邦共和国"),
    "JP": ("Japan", "日本"),
    "US-NY": ("the State of New York", "美国纽约州"),
}


def check_language(language):
    """The language if Pactum writes documents in it, else ContextInvalid."""
    if language not in LANGUAGES:
        raise ContextInvalid(f"documents are written in {' or '.join(LANGUAGES)}, not {language!r}")
    return language


def pick(names, language):
    """The English or Chinese entry of an (en, zh) pair."""
    return names[1] if language == "zh_CN" else names[0]


def number(amount):
    """123456 -> '123,456.00'."""
    return f"{to_amount(amount):,.2f}"


def with_symbol(amount, currency):
    """123456, CNY -> '¥123,456.00'."""
    return f"{_currency(currency)[0]}{number(amount)}"


def figures(amount, currency, language):
    """The amount as the language writes it: 'CNY 123,456.00' in English, '¥123,456.00' in Chinese."""
    return with_symbol(amount, currency) if language == "zh_CN" else f"{currency} {number(amount)}"


def in_capitals(amount, currency):
    """'人民币壹拾贰万叁仟肆佰伍拾陆元整': the currency's Chinese name, then the capital numerals."""
    return _currency(currency)[2] + capital_numerals(amount)


def in_words(amount, currency, language):
    """Capital numerals in Chinese; in English 'CNY one hundred twenty-three thousand ... and 00/100'."""
    if language == "zh_CN":
        return in_capitals(amount, currency)
    _currency(currency)
    return f"{currency} {english_words(amount)}"


def currency_name(currency, language):
    """'Chinese yuan' or '人民币'."""
    symbol, en, zh = _currency(currency)
    return zh if language == "zh_CN" else en


def format_date(value, language):
    """'31 December 2027' in English, '2027年12月31日' in Chinese; accepts a date or an ISO string."""
    day = to_date(value)
    if language == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def to_date(value):
    """A date from a date, a datetime or an ISO 'YYYY-MM-DD' string."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ContextInvalid(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _currency(code):
    try:
        return CURRENCIES[code]
    except KeyError:
        raise ContextInvalid(f"unknown currency {code!r}; use one of {', '.join(CURRENCIES)}") from None
