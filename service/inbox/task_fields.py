"""Task forms: the fields a user task declares in its `fields` property, and their validation.

A declaration is a comma list of `name[:type][:required]`, for example
`payment_terms_days:int:required,notes:str`. Types: str (the default), int, decimal, bool, date.
The API and the web UI both validate through validate(), before the engine sees anything.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from ..errors import Invalid

FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
TYPES = ("str", "int", "decimal", "bool", "date")
MAX_TEXT = 4000
# Names the service itself sends to the engine with every completion.
RESERVED = frozenset({"decision", "comment", "vote_outcome"})


@dataclass(frozen=True)
class FormField:
    name: str
    type: str = "str"
    required: bool = False


def parse(declaration):
    """The fields of a declaration; ValueError names the part that is wrong."""
    fields = []
    for part in filter(None, (p.strip() for p in (declaration or "").split(","))):
        name, *options = (o.strip() for o in part.split(":"))
        kind = next((o for o in options if o in TYPES), "str")
        unknown = [o for o in options if o not in TYPES and o != "required"]
        if not FIELD_NAME.match(name) or name in RESERVED or unknown:
            raise ValueError(f"invalid form field {part!r}: use name[:{'|'.join(TYPES)}][:required]")
        fields.append(FormField(name, kind, "required" in options))
    return fields


def _as_int(value):
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError
    if isinstance(value, str) and not re.fullmatch(r"-?\d{1,18}", value.strip()):
        raise ValueError
    return int(value)


def _as_decimal(value):
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError from exc
    if not number.is_finite():
        raise ValueError
    return str(number)  # task data is JSON: decimals travel as strings


def _as_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no", "1", "0", "on", "off"):
        return value.strip().lower() in ("true", "yes", "1", "on")
    raise ValueError


def _as_date(value):
    return date.fromisoformat(str(value).strip()).isoformat()


def _as_str(value):
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise ValueError
    return value.strip()


_CONVERT = {"str": _as_str, "int": _as_int, "decimal": _as_decimal, "bool": _as_bool, "date": _as_date}
_EXPECTED = {"str": f"text of at most {MAX_TEXT} characters", "int": "a whole number", "decimal": "a number",
             "bool": "true or false", "date": "a date such as 2027-01-31"}


def validate(fields, data):
    """The data converted to the declared types; Invalid naming the first unknown, missing or wrong field."""
    declared = {f.name: f for f in fields}
    for name in data:
        if name not in declared:
            allowed = ", ".join(declared) or "none"
            raise Invalid(f"unknown field {name!r}; this task accepts: {allowed}", field=f"data.{name}")
    cleaned = {}
    for field in fields:
        value = data.get(field.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if field.required:
                raise Invalid(f"{field.name} is required", field=f"data.{field.name}")
            continue
        try:
            cleaned[field.name] = _CONVERT[field.type](value)
        except (ValueError, TypeError) as exc:
            raise Invalid(f"{field.name} must be {_EXPECTED[field.type]}", field=f"data.{field.name}") from exc
    return cleaned
