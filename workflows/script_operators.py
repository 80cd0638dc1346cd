"""Checked operators and formatting for diagram scripts: `**`, `*`, `+`, `<<`, `%` and f-string fields.

script_rewrite.py turns `a ** b` into `power(line, a, b)` and so on; each checks the size of what the
operator would make before it runs, with the limits of script_limits.py.
"""

import decimal
import math
import operator
import re

from .script_limits import (
    CONTAINERS,
    MAX_FORMAT_WIDTH,
    MAX_INT_BITS,
    MAX_INT_DIGITS,
    MAX_TEXT,
    TEXT,
    check_decimal_to_int,
    check_int_bits,
    check_length,
    check_weight,
    describe,
    refuse,
)

SEQUENCES = (str, bytes, bytearray, list, tuple)
_FAST_NUMBERS = frozenset({int, float, bool, decimal.Decimal})  # + and % on two of these are cheap


def _check_pow(line, base, exponent):
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 1 and abs(base) > 1:
        check_int_bits(line, math.log2(abs(base)) * exponent, f"{describe(base)} ** {describe(exponent)}")


def _check_mul(line, a, b):
    if isinstance(a, int) and isinstance(b, int):
        if a.bit_length() + b.bit_length() > MAX_INT_BITS:
            check_int_bits(line, a.bit_length() + b.bit_length() - 1, f"{describe(a)} * {describe(b)}")
        return
    sequence, times = (a, b) if isinstance(b, int) else (b, a)
    if isinstance(sequence, SEQUENCES) and isinstance(times, int) and times > 1:
        check_length(line, sequence, len(sequence) * times, f"repeating {describe(sequence)} {times:,} times")
        if isinstance(sequence, (list, tuple)) and sequence:
            check_weight(line, sequence, f"repeating {describe(sequence)} {times:,} times", times=times)


def _check_add(line, a, b):
    if isinstance(a, SEQUENCES) and isinstance(b, SEQUENCES):
        check_length(line, a, len(a) + len(b), f"joining {describe(a)} and {describe(b)}")


def _check_lshift(line, a, b):
    if isinstance(a, int) and isinstance(b, int) and a and b > 0:
        check_int_bits(line, a.bit_length() + b, f"{describe(a)} << {describe(b)}")


_PERCENT_FIELD = re.compile(r"%(\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.DOTALL)


def _check_percent(line, template, values):
    """printf-style formatting: widths and precisions (`*` ones too), Decimals it makes ints of, bombs."""
    text = template if isinstance(template, str) else bytes(template).decode("latin-1")
    arguments = values if isinstance(values, tuple) else (values,)
    position = 0
    for key, width, precision, kind in _PERCENT_FIELD.findall(text) if "%" in text else ():
        for number in (width, precision):
            if number == "*":  # the width is the next argument
                number = arguments[position] if position < len(arguments) else 0
                position += 1
            if isinstance(number, str) and (len(number) > 6 or number and int(number) > MAX_FORMAT_WIDTH) or \
                    isinstance(number, int) and abs(number) > MAX_FORMAT_WIDTH:
                shown = number[:20] if isinstance(number, str) else describe(number)
                refuse(line, f"a %-format width of {shown} is too large; scripts allow at most {MAX_FORMAT_WIDTH:,}")
        position += 0 if key or kind == "%" else 1
    for argument in (*arguments, *(values.values() if isinstance(values, dict) else ())):
        check_decimal_to_int(line, argument, "formatting a Decimal")
    check_weight(line, values, "formatting a value")


def _check_mod(line, a, b):
    if isinstance(a, TEXT):
        _check_percent(line, a, b)


_CHECKS = {"**": _check_pow, "*": _check_mul, "+": _check_add, "<<": _check_lshift, "%": _check_mod}
_INPLACE = {"**": operator.ipow, "*": operator.imul, "+": operator.iadd, "<<": operator.ilshift,
            "%": operator.imod}
_NOT_SEQUENCES = frozenset({float, decimal.Decimal})  # times one of these is never a repetition


def power(line, a, b):
    """a ** b"""
    _check_pow(line, a, b)
    return a ** b


def multiply(line, a, b):
    """a * b"""
    if type(a) not in _NOT_SEQUENCES and type(b) not in _NOT_SEQUENCES:
        _check_mul(line, a, b)
    return a * b


def add(line, a, b):
    """a + b"""
    if type(a) not in _FAST_NUMBERS:
        _check_add(line, a, b)
    return a + b


def lshift(line, a, b):
    """a << b"""
    _check_lshift(line, a, b)
    return a << b


def modulo(line, a, b):
    """a % b: for text, printf-style formatting"""
    if not isinstance(a, TEXT):
        return a % b
    _check_percent(line, a, b)
    text = a % b
    check_length(line, text, len(text), "the %-formatted text")
    return text


def inplace(line, target, op, operand):
    """target op= operand (in place for a list, as `+=` is)."""
    _CHECKS[op](line, target, operand)
    result = _INPLACE[op](target, operand)
    if op == "%" and isinstance(result, TEXT):
        check_length(line, result, len(result), "the %-formatted text")
    return result


def inplace_item(line, container, key, op, operand):
    """container[key] op= operand"""
    container[key] = inplace(line, container[key], op, operand)


def inplace_attribute(line, owner, name, op, operand):
    """owner.name op= operand (the name was checked like any attribute a script uses)"""
    setattr(owner, name, inplace(line, getattr(owner, name), op, operand))


# --- formatting ----------------------------------------------------------------------------------------

_NUMBERS_IN_SPEC = re.compile(r"\d+")


def check_spec(line, spec, item):
    """A format spec's widths and precisions are small, and a Decimal does not write out a million digits."""
    if len(spec) > MAX_FORMAT_WIDTH:
        refuse(line, f"a format spec of {len(spec):,} characters is too long; "
                     f"scripts allow at most {MAX_FORMAT_WIDTH:,}")
    for number in _NUMBERS_IN_SPEC.findall(spec):
        if len(number) > 6 or int(number) > MAX_FORMAT_WIDTH:
            refuse(line, f"the format spec {spec[:40]!r} asks for a width or precision of {number[:20]}; "
                         f"scripts allow at most {MAX_FORMAT_WIDTH:,}")
    if isinstance(item, decimal.Decimal) and item.is_finite() and abs(item.adjusted()) > MAX_INT_DIGITS:
        refuse(line, f"formatting Decimal {item} with {spec!r} could write {abs(item.adjusted()):,} digits; "
                     f"scripts allow at most {MAX_INT_DIGITS:,}")


def as_text(line, item, convert=str):
    """str(item), repr(item) or ascii(item), refused before it runs when item writes out too much."""
    if type(item) in CONTAINERS:
        check_weight(line, item, f"writing out {describe(item)}")
    text = convert(item)
    check_length(line, text, len(text), f"writing out {describe(item)}")
    return text


_CONVERSIONS = {ord("s"): str, ord("r"): repr, ord("a"): ascii}


def format_value(line, item, conversion, spec):
    """One {field} of an f-string, with its !conversion and :spec, checked before it is formatted."""
    kind = type(item)
    if not spec and conversion == -1 and (kind is int or (kind is str and len(item) <= MAX_TEXT)):
        return item if kind is str else format(item)  # the common case, without a frame more
    if conversion in _CONVERSIONS:
        item = as_text(line, item, _CONVERSIONS[conversion])
    if type(item) is str and not spec:
        check_length(line, item, len(item), "this f-string field")
        return item
    check_spec(line, spec, item)
    if type(item) in CONTAINERS:
        check_weight(line, item, f"formatting {describe(item)}")
    text = format(item, spec)
    check_length(line, text, len(text), f"formatting {describe(item)}")
    return text
