"""Checked calls for diagram scripts: builtins and methods that one C call could make unbounded.

Every call in a script goes through `call`, which looks the callable up by what it is (so an alias such
as `j = ''.join` is checked too) and runs its check first. A callable handed to map, filter, sorted, min
or max is wrapped, so that C code calling it back is checked as well.
"""

import builtins
import decimal
from datetime import date, time
from types import BuiltinFunctionType, FunctionType, MethodDescriptorType

from .script_limits import (
    DECIMAL_CONTEXT,
    MAX_DECIMAL_DIGITS,
    MAX_FORMAT_WIDTH,
    MAX_INT_BITS,
    MAX_INT_DIGITS,
    MAX_TEXT,
    TEXT,
    check_decimal,
    check_decimal_to_int,
    check_items,
    check_length,
    check_weight,
    describe,
    refuse,
    value,
)
from .script_operators import as_text

MAX_RANGE = 100_000
_TEXT_TYPES = frozenset(TEXT)


def call(line, func, /, *args, **kwargs):
    """func(*args, **kwargs), after the check declared for func, if any."""
    # _runner inlined: this runs for every call a script makes, and under the CPU budget's trace function
    # each Python frame costs as much as the lookup itself.
    kind = type(func)
    if kind is type:
        run = _TYPES.get(func)
    elif kind is BuiltinFunctionType:
        owner = func.__self__
        if owner is builtins:
            run = _BUILTINS.get(func.__name__)
        else:
            owner = owner if type(owner) is type else type(owner)
            run = _METHODS.get((_FAMILY_OF.get(owner) or _family(owner), func.__name__))
    elif kind is FunctionType:  # an application function: scripts cannot define any
        run = None
    else:
        run = _runner(func)
    if run is None:
        return func(*args, **kwargs)
    return run(line, func, args, kwargs)


def _runner(func):
    kind = type(func)
    if kind is type:
        return _TYPES.get(func)
    if kind is BuiltinFunctionType:
        owner = func.__self__
        if owner is builtins:
            return _BUILTINS.get(func.__name__)
        return _METHODS.get((_family(owner if type(owner) is type else type(owner)), func.__name__))
    if kind is MethodDescriptorType:  # str.join(sep, items): the method taken from the type
        run = _METHODS.get((_family(func.__objclass__), func.__name__))
        return None if run is None else _unbound(run)
    return None


_FAMILIES = (str, bytes, bytearray, list, tuple, dict, set, int, decimal.Decimal, date, time)
_FAMILY_OF = {}


def _family(kind):
    """The builtin type whose methods kind has (a subclass of str checks as str)."""
    family = _FAMILY_OF.get(kind)
    if family is None:
        family = _FAMILY_OF[kind] = next((f for f in _FAMILIES if issubclass(kind, f)), kind)
    return family


def _unbound(run):
    def run_unbound(line, func, args, kwargs):
        if not args or not isinstance(args[0], func.__objclass__):
            return func(*args, **kwargs)
        return run(line, func.__get__(args[0]), args[1:], kwargs)

    return run_unbound


def checked(line, func):
    """func, or a wrapper that checks each call when C code (map, sorted's key ...) calls func back."""
    if func is None or _runner(func) is None:
        return func
    return lambda *args, **kwargs: call(line, func, *args, **kwargs)


def _name(func):
    return getattr(func, "__name__", "call")


# --- builtins and types --------------------------------------------------------------------------------

def _walks(line, func, args, kwargs):
    """list(x), tuple(x), set(x), enumerate(x), zip(x, y), reversed(x) ...: each iterable is not too long."""
    for arg in args:
        check_items(line, arg, f"{_name(func)}()")
    if func in (set, frozenset, dict) and args:
        check_weight(line, args[0], f"{_name(func)}() of {describe(args[0])}")
    return func(*args, **kwargs)


def _compares(line, func, args, kwargs):
    """sorted, min and max compare the items: not too many, no bombs, a key function that is checked."""
    items = args[0] if len(args) == 1 else args
    check_items(line, items, f"{_name(func)}()")
    check_weight(line, items, f"{_name(func)}() of {describe(items)}")
    if "key" in kwargs:
        kwargs = {**kwargs, "key": checked(line, kwargs["key"])}
    return func(*args, **kwargs)


def _maps(line, func, args, kwargs):
    """map(f, ...) and filter(f, ...): f is checked when it is called back."""
    for arg in args[1:]:
        check_items(line, arg, f"{_name(func)}()")
    if args:
        args = (checked(line, args[0]), *args[1:])
    return func(*args, **kwargs)


def _sum(line, func, args, kwargs):
    start = args[1] if len(args) > 1 else kwargs.get("start", 0)
    if isinstance(start, (*TEXT, list, tuple)):
        refuse(line, f"sum() with a start of {describe(start)} copies it once per item; "
                     "join text with ''.join() and lists with a comprehension")
    if args:
        check_items(line, args[0], "sum()")
    return func(*args, **kwargs)


def _range(line, func, args, kwargs):
    numbers = range(*args, **kwargs)
    if len(numbers) > MAX_RANGE:
        refuse(line, f"range() of {len(numbers):,} items is too large; scripts allow at most {MAX_RANGE:,}")
    return numbers


def _int(line, func, args, kwargs):
    if args and isinstance(args[0], TEXT) and len(args[0]) > MAX_INT_DIGITS:
        refuse(line, f"int() of {describe(args[0])} is too large; numbers in scripts may have at most "
                     f"{MAX_INT_DIGITS:,} digits")
    if args:
        check_decimal_to_int(line, args[0], "int()")
    return func(*args, **kwargs)


def _round(line, func, args, kwargs):
    digits = args[1] if len(args) > 1 else kwargs.get("ndigits")
    if args and digits is None:
        check_decimal_to_int(line, args[0], "round()")
    if args and isinstance(args[0], int) and isinstance(digits, int) and digits < -MAX_INT_DIGITS:
        refuse(line, f"round() to {describe(digits)} digits is too large; scripts allow at most "
                     f"{MAX_INT_DIGITS:,}")
    return func(*args, **kwargs)


def _str(line, func, args, kwargs):
    if len(args) == 1 and not kwargs:
        return as_text(line, args[0])
    return _checks_length(line, func, args, kwargs)


def _decimal_digits(source):
    if isinstance(source, TEXT):
        return len(source)
    if isinstance(source, (tuple, list)) and len(source) == 3 and isinstance(source[1], (tuple, list)):
        return len(source[1])  # Decimal((sign, digits, exponent))
    return 0


def _decimal(line, func, args, kwargs):
    if args and _decimal_digits(args[0]) > MAX_DECIMAL_DIGITS:
        refuse(line, f"Decimal() of {describe(args[0])} is too large; scripts allow at most "
                     f"{MAX_DECIMAL_DIGITS:,} characters")
    number = func(*args, **kwargs)
    if number.is_finite() and not DECIMAL_CONTEXT.Emin <= number.adjusted() <= DECIMAL_CONTEXT.Emax:
        check_decimal(line, number)
    return number


def _checks_length(line, func, args, kwargs):
    """Methods whose result is at most a few times their input (upper(), encode(), split() ...): check after."""
    result = func(*args, **kwargs)
    if isinstance(result, (*TEXT, list, tuple)):
        check_length(line, result, len(result), f"{_name(func)}()")
    return result


_BUILTINS = {
    "sorted": _compares, "min": _compares, "max": _compares, "sum": _sum, "round": _round,
}
_TYPES = {
    list: _walks, tuple: _walks, set: _walks, frozenset: _walks, dict: _walks, enumerate: _walks, zip: _walks,
    reversed: _walks, map: _maps, filter: _maps, range: _range, int: _int, str: _str,
    decimal.Decimal: _decimal,
}


# --- methods -------------------------------------------------------------------------------------------

def _join(line, func, args, kwargs):
    if len(args) != 1:
        return func(*args, **kwargs)
    items = args[0] if isinstance(args[0], (list, tuple)) else list(args[0])
    check_items(line, items, "join()")
    separator = func.__self__
    if set(map(type, items)) <= _TEXT_TYPES:  # map, not a generator: each step of a generator is a traced call
        size = sum(map(len, items)) + len(separator) * max(len(items) - 1, 0)
        check_length(line, separator, size, f"join() of {len(items):,} items")
    return func(items, **kwargs)


def _replace(line, func, args, kwargs):
    text = func.__self__
    if len(args) >= 2 and isinstance(args[0], TEXT) and isinstance(args[1], TEXT):
        old, new = args[0], args[1]
        count = text.count(old) if old else len(text) + 1
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            count = min(count, args[2])
        size = len(text) + count * (len(new) - len(old))
        check_length(line, text, size, f"replace() on {describe(text)}")
    return func(*args, **kwargs)


def _pad(line, func, args, kwargs):
    """center, ljust, rjust, zfill: the width is the result's length."""
    width = args[0] if args else kwargs.get("width", 0)
    if isinstance(width, int):
        check_length(line, func.__self__, width, f"{_name(func)}({describe(width)})")
    return func(*args, **kwargs)


def _expandtabs(line, func, args, kwargs):
    text, size = func.__self__, args[0] if args else kwargs.get("tabsize", 8)
    if isinstance(size, int) and size > 1:
        check_length(line, text, len(text) + text.count("\t" if isinstance(text, str) else b"\t") * size,
                     f"expandtabs({describe(size)})")
    return func(*args, **kwargs)


def _translate(line, func, args, kwargs):
    text, table = func.__self__, args[0] if args else None
    if isinstance(table, (dict, list, tuple)):
        check_items(line, table, "translate()")
        replacements = table.values() if isinstance(table, dict) else table
        longest = max([len(v) for v in replacements if isinstance(v, TEXT)], default=1)
        check_length(line, text, len(text) * max(longest, 1), f"translate() of {describe(text)}")
    return func(*args, **kwargs)


def _extend(line, func, args, kwargs):
    if args:
        check_items(line, args[0], "extend()")
        check_length(line, func.__self__, len(func.__self__) + _hint(args[0]), "extend()")
    return func(*args, **kwargs)


def _hint(iterable):
    try:
        return len(iterable)
    except TypeError:
        return 0


def _sort(line, func, args, kwargs):
    check_items(line, func.__self__, "sort()")
    check_weight(line, func.__self__, f"sort() of {describe(func.__self__)}")
    if "key" in kwargs:
        kwargs = {**kwargs, "key": checked(line, kwargs["key"])}
    return func(*args, **kwargs)


def _hashes_first(line, func, args, kwargs):
    """index, count, remove, get, pop ...: they compare or hash their first argument."""
    if args:
        value(line, args[0])
    return func(*args, **kwargs)


def _from_bytes(line, func, args, kwargs):
    if args and isinstance(args[0], TEXT) and len(args[0]) * 8 > MAX_INT_BITS:
        refuse(line, f"int.from_bytes() of {describe(args[0])} is too large; numbers in scripts may have "
                     f"at most {MAX_INT_DIGITS:,} digits")
    return func(*args, **kwargs)


def _to_bytes(line, func, args, kwargs):
    length = args[0] if args else kwargs.get("length", 1)
    if isinstance(length, int) and length > MAX_TEXT:
        refuse(line, f"to_bytes({describe(length)}) is too large; scripts allow at most {MAX_TEXT:,} bytes")
    return func(*args, **kwargs)


def _as_integer_ratio(line, func, args, kwargs):
    check_decimal_to_int(line, func.__self__, "as_integer_ratio()")
    return func(*args, **kwargs)


def _strftime(line, func, args, kwargs):
    template = args[0] if args else kwargs.get("format", "")
    if isinstance(template, str) and len(template) > MAX_FORMAT_WIDTH:
        refuse(line, f"strftime() with a format of {len(template):,} characters is too long; "
                     f"scripts allow at most {MAX_FORMAT_WIDTH:,}")
    return func(*args, **kwargs)


_TEXT_METHODS = {
    "join": _join, "replace": _replace, "center": _pad, "ljust": _pad, "rjust": _pad, "zfill": _pad,
    "expandtabs": _expandtabs, "translate": _translate,
    **dict.fromkeys(["split", "rsplit", "splitlines", "encode", "decode", "upper", "lower", "title", "capitalize",
                     "swapcase", "casefold", "hex"], _checks_length),
}
_METHODS = {
    **{(family, name): run for family in TEXT for name, run in _TEXT_METHODS.items()},
    (list, "extend"): _extend, (list, "sort"): _sort,
    **{(family, name): _hashes_first for family, name in [
        (list, "index"), (list, "count"), (list, "remove"), (tuple, "index"), (tuple, "count"), (dict, "get"),
        (dict, "pop"), (dict, "setdefault"), (set, "add"), (set, "remove"), (set, "discard")]},
    (dict, "fromkeys"): _walks,
    (int, "from_bytes"): _from_bytes, (int, "to_bytes"): _to_bytes,
    (decimal.Decimal, "as_integer_ratio"): _as_integer_ratio,
    (date, "strftime"): _strftime, (time, "strftime"): _strftime,
}
