"""The clause library: each clause fills a slot of a template with the first variant whose conditions the contract
meets. Conditions are data ({"field": "amount", "op": "lt", "value": "100000"}) compared here, never evaluated
as code; the variant used is returned so that the document version can record it.
"""

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from jinja2 import TemplateSyntaxError

from .analysis import analyse
from .errors import ClauseLibraryInvalid
from .formatting import LANGUAGES
from .render import CLAUSE_ENV

SHIPPED = Path(__file__).resolve().parent / "shipped" / "clauses.json"
NUMBER_FIELDS = ("amount", "payment_terms_days", "liability_cap_amount")
CONDITION_FIELDS = (*NUMBER_FIELDS, "currency", "kind", "governing_law", "liability_capped")
OPERATORS = {
    "eq": lambda actual, expected: actual == expected,
    "ne": lambda actual, expected: actual != expected,
    "in": lambda actual, expected: actual in expected,
    "lt": lambda actual, expected: actual is not None and actual < expected,
    "le": lambda actual, expected: actual is not None and actual <= expected,
    "gt": lambda actual, expected: actual is not None and actual > expected,
    "ge": lambda actual, expected: actual is not None and actual >= expected,
}
ORDERING = ("lt", "le", "gt", "ge")


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: object

    def holds(self, facts):
        """Whether the contract's facts meet this condition."""
        actual = facts.get(self.field)
        if self.field in NUMBER_FIELDS and actual is not None:
            actual = Decimal(str(actual))
        return OPERATORS[self.op](actual, self.value)


@dataclass(frozen=True)
class Variant:
    name: str
    when: tuple  # of Condition, all must hold; empty for the default variant
    text: dict  # language: text


@dataclass(frozen=True)
class Clause:
    slot: str
    name: str
    variants: tuple


@dataclass(frozen=True)
class Selection:
    """The chosen clause texts by slot, and which clause and variant filled each slot."""

    texts: dict
    used: dict  # slot: {"clause": name, "variant": name}


def load_library(*, data):
    """Clauses from the library's JSON data; ClauseLibraryInvalid names the clause and variant at fault."""
    if not isinstance(data, dict) or not isinstance(data.get("clauses"), list):
        raise ClauseLibraryInvalid('a clause library is {"clauses": [...]}')
    clauses = tuple(_clause(item, index) for index, item in enumerate(data["clauses"], 1))
    slots = [clause.slot for clause in clauses]
    duplicates = sorted({slot for slot in slots if slots.count(slot) > 1})
    if duplicates:
        raise ClauseLibraryInvalid(f"more than one clause fills the slot {', '.join(duplicates)}; keep one per slot")
    return clauses


@cache
def shipped_library():
    """The clause library shipped with Pactum (shipped/clauses.json)."""
    return load_library(data=json.loads(SHIPPED.read_text(encoding="utf-8")))


def choose(*, library, contract, language):
    """The first variant of each clause whose conditions the contract (a plain dict of its fields) meets."""
    texts, used = {}, {}
    for clause in library:
        variant = next(v for v in clause.variants if all(c.holds(contract) for c in v.when))
        texts[clause.slot] = variant.text[language]
        used[clause.slot] = {"clause": clause.name, "variant": variant.name}
    return Selection(texts=texts, used=used)


def _clause(item, index):
    where = f"clause {item.get('name') or index}" if isinstance(item, dict) else f"clause {index}"
    if not isinstance(item, dict) or not item.get("slot") or not item.get("name") or not item.get("variants"):
        raise ClauseLibraryInvalid(f"{where}: a clause needs a slot, a name and variants")
    variants = tuple(_variant(v, f"{where}, variant {v.get('name') or i}") for i, v in enumerate(item["variants"], 1))
    defaults = [i for i, v in enumerate(variants) if not v.when]
    if not defaults:
        raise ClauseLibraryInvalid(f"{where}: add a default variant (one without conditions) for contracts no "
                                   f"other variant fits")
    if defaults[0] != len(variants) - 1:
        raise ClauseLibraryInvalid(f"{where}: the default variant {variants[defaults[0]].name} must come last; "
                                   f"the variants after it could never be chosen")
    return Clause(slot=item["slot"], name=item["name"], variants=variants)


def _variant(item, where):
    if not item.get("name") or not isinstance(item.get("text"), dict):
        raise ClauseLibraryInvalid(f"{where}: a variant needs a name and its text by language")
    missing = [language for language in LANGUAGES if not item["text"].get(language)]
    if missing:
        raise ClauseLibraryInvalid(f"{where}: add the text in {', '.join(missing)}")
    for language in LANGUAGES:
        _check_text(item["text"][language], f"{where} ({language})")
    when = tuple(_condition(c, where) for c in item.get("when") or ())
    return Variant(name=item["name"], when=when, text=dict(item["text"]))


def _check_text(text, where):
    """A clause text may name documented fields ({{ contract.amount }}), nothing else."""
    try:
        tree = CLAUSE_ENV.parse(text)
    except TemplateSyntaxError as error:
        raise ClauseLibraryInvalid(f"{where}: syntax error: {error.message}") from None
    problems = [message for _, message in analyse(tree, known_names=CLAUSE_ENV.globals).problems]
    if problems:
        raise ClauseLibraryInvalid(f"{where}: {'; '.join(problems)}")


def _condition(item, where):
    field, op, value = item.get("field"), item.get("op"), item.get("value")
    if field not in CONDITION_FIELDS:
        raise ClauseLibraryInvalid(f"{where}: unknown field {field!r}; conditions use {', '.join(CONDITION_FIELDS)}")
    if op not in OPERATORS:
        raise ClauseLibraryInvalid(f"{where}: unknown operator {op!r}; use one of {', '.join(OPERATORS)}")
    if op == "in" and not isinstance(value, list):
        raise ClauseLibraryInvalid(f"{where}: 'in' compares with a list of values")
    if field in NUMBER_FIELDS and op != "in":
        value = _number(value, where)
    elif op in ORDERING:
        raise ClauseLibraryInvalid(f"{where}: {op} compares numbers; {field} is not a number")
    return Condition(field=field, op=op, value=tuple(value) if op == "in" else value)


def _number(value, where):
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ClauseLibraryInvalid(f"{where}: {value!r} is not a number") from None
