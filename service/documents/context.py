"""The template context: plain dicts from the service in, every documented field out, formatted for the language.

The result holds only text, yes/no flags, dicts and lists, so it can be stored as the snapshot of the data a
document version was generated from. Clause texts stay as written in the library; render fills them.
"""

from datetime import date
from decimal import Decimal

from . import formatting as fmt
from .errors import ContextInvalid
from .numerals import to_amount

CUSTOMER_FIELDS = ("code", "name", "address", "contact", "phone", "email", "tax_id")
COMPANY_FIELDS = ("name", "address", "representative", "tax_id")
REQUIRED = {"customer": ("name",), "company": ("name",),
            "contract": ("title", "kind", "amount", "currency", "start_date", "end_date")}


def build_context(*, language, customer, contract, company, line_items=(), key_dates=(), clauses=None,
                  parent=None, today=None):
    """Every documented field (service/documents/fields.py) from the service's plain dicts, in the given language."""
    fmt.check_language(language)
    for group, given in (("customer", customer), ("company", company), ("contract", contract)):
        _require(group, given)
    items = [_line_item(item, index, contract["currency"], language) for index, item in enumerate(line_items, 1)]
    total = sum((to_amount(item.get("amount") or _line_amount(item)) for item in line_items), Decimal(0))
    return {
        "language": language,
        "customer": _text_fields(customer, CUSTOMER_FIELDS),
        "company": _text_fields(company, COMPANY_FIELDS),
        "contract": _contract(contract, language),
        "parent": _parent(parent or {}, language),
        "line_items": items,
        "line_items_total": fmt.figures(total, contract["currency"], language),
        "key_dates": [_key_date(item, contract["currency"], language) for item in key_dates],
        "clauses": {slot: str(text) for slot, text in (clauses or {}).items()},
        "today": fmt.format_date(today or date.today(), language),
    }


def _require(group, given):
    missing = [f"{group}.{name}" for name in REQUIRED[group] if given.get(name) in (None, "")]
    if missing:
        raise ContextInvalid(f"a document needs {', '.join(missing)}; fill {'it' if len(missing) == 1 else 'them'} in")


def _text_fields(given, names):
    return {name: _text(given.get(name)) for name in names}


def _text(value):
    return "" if value is None else str(value)


def _contract(contract, language):
    """The contract's fields: amounts in figures and words, dates, names in the document's language."""
    amount, currency = contract["amount"], contract["currency"]
    capped = bool(contract.get("liability_capped", True))
    cap = contract.get("liability_cap_amount") if capped else None
    law = contract.get("governing_law") or "CN"
    return {
        "number": _text(contract.get("number")),
        "title": _text(contract["title"]),
        "kind": fmt.pick(fmt.KINDS.get(contract["kind"], (contract["kind"],) * 2), language),
        "currency": currency,
        "currency_name": fmt.currency_name(currency, language),
        "amount": fmt.figures(amount, currency, language),
        "amount_figures": fmt.with_symbol(amount, currency),
        "amount_number": fmt.number(amount),
        "amount_in_words": fmt.in_words(amount, currency, language),
        "amount_in_capitals": fmt.in_capitals(amount, currency),
        "start_date": fmt.format_date(contract["start_date"], language),
        "end_date": fmt.format_date(contract["end_date"], language),
        "payment_terms_days": _text(contract.get("payment_terms_days", 30)),
        "liability_capped": capped,
        "liability_cap": fmt.figures(cap, currency, language) if cap is not None else "",
        "liability_cap_in_words": fmt.in_words(cap, currency, language) if cap is not None else "",
        "governing_law": fmt.pick(fmt.GOVERNING_LAWS.get(law, (law, law)), language),
        "governing_law_code": law,
        "owner": _text(contract.get("owner")),
    }


def _parent(parent, language):
    start = parent.get("start_date")
    return {"number": _text(parent.get("number")), "title": _text(parent.get("title")),
            "start_date": fmt.format_date(start, language) if start else ""}


def _line_item(item, index, currency, language):
    if not item.get("name") or item.get("quantity") is None or item.get("unit_price") is None:
        raise ContextInvalid(f"line item {index} needs a name, a quantity and a unit price")
    amount = item.get("amount")
    return {
        "number": str(index),
        "name": _text(item["name"]),
        "quantity": _quantity(item["quantity"], index),
        "unit": _text(item.get("unit")),
        "unit_price": fmt.figures(item["unit_price"], currency, language),
        "amount": fmt.figures(amount if amount is not None else _line_amount(item), currency, language),
    }


def _line_amount(item):
    return (Decimal(str(item["quantity"])) * to_amount(item["unit_price"])).quantize(Decimal("0.01"))


def _quantity(value, index):
    try:
        quantity = Decimal(str(value))
    except ArithmeticError:
        raise ContextInvalid(f"line item {index}: the quantity {value!r} is not a number") from None
    text = f"{quantity.normalize():,f}"
    return text


def _key_date(item, currency, language):
    kind = item.get("kind", "")
    amount = item.get("amount")
    return {
        "kind": fmt.pick(fmt.KEY_DATE_KINDS.get(kind, (kind, kind)), language),
        "date": fmt.format_date(item["date"], language),
        "amount": fmt.figures(amount, currency, language) if amount is not None else "",
        "label": _text(item.get("label")),
    }
