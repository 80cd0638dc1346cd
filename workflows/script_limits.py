"""Size limits for diagram scripts, and the checks that refuse a value or an operation past them.

The CPU budget (scripting.py) looks at the clock between lines only, so a single line such as
`7 ** 10000000` or `'a' * 10**10` would hold a worker for as long as that one C call takes. The script
is rewritten (script_rewrite.py) so that such operations go through checks first (script_operators.py,
script_calls.py, built on the ones here); a check refuses with ScriptTooLarge, naming the line and what
was too large, and stops the script, so that catching the error does not help.
"""

import decimal
import math
import operator
import threading
from datetime import date, datetime, time, timedelta, timezone
from itertools import chain

from .errors import ScriptTooLarge

MAX_INT_DIGITS = 4_300  # Python's own limit for converting between int and str
MAX_INT_BITS = math.ceil(MAX_INT_DIGITS * math.log2(10))
MAX_TEXT = 10_000_000  # characters of one str or bytes, and of any value written out (str(), repr, JSON)
MAX_ITEMS = 1_000_000  # items of one list, tuple, set or dict, and items one call may walk
MAX_FORMAT_WIDTH = 10_000  # a width or precision in a format spec or a %-format
MAX_DECIMAL_DIGITS = MAX_INT_DIGITS  # characters of the text a Decimal is made from
MAX_DEPTH = 100  # levels of containers inside containers
DECIMAL_CONTEXT = decimal.Context(prec=28, Emax=999_999, Emin=-999_999,
                                  traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])

TEXT = (str, bytes, bytearray)
_LOG2_10 = math.log2(10)
_local = threading.local()


def refuse(line, message):
    """Raise ScriptTooLarge; the running script is stopped too, so that catching the error does not help."""
    error = ScriptTooLarge(message, line)
    sandbox = getattr(_local, "sandbox", None)
    if sandbox is not None:
        sandbox.stop(error)
    raise error


def bind(sandbox):
    """The sandbox running a script in this thread (None when none): refuse() stops it, stopped() asks it."""
    _local.sandbox = sandbox


def stopped():
    """Raise the error that stopped the running script, if it was stopped (its first line in every except
    and finally block: Python unsets a trace function that raised, so the CPU budget cannot do it there)."""
    sandbox = getattr(_local, "sandbox", None)
    if sandbox is not None:
        sandbox.check()


def describe(value):
    """A short description of a value for an error message (never its whole text)."""
    if isinstance(value, bool) or not isinstance(value, (int, *TEXT, list, tuple, dict, set, frozenset)):
        return type(value).__name__
    if isinstance(value, int):
        return str(value) if value.bit_length() <= 64 else f"a number of about {_digits(value):,} digits"
    if isinstance(value, TEXT):
        return repr(value) if len(value) <= 20 else f"a text of {len(value):,} characters"
    return f"a {type(value).__name__} of {len(value):,} item{'' if len(value) == 1 else 's'}"


def _digits(number):
    return int(abs(number).bit_length() / _LOG2_10) + 1


# --- numbers -------------------------------------------------------------------------------------------

def check_int_bits(line, bits, what):
    if bits > MAX_INT_BITS:
        refuse(line, f"{what} would have about {int(bits / _LOG2_10):,} digits; "
                     f"numbers in scripts may have at most {MAX_INT_DIGITS:,}")


def check_decimal_to_int(line, value, what):
    """Converting a Decimal such as 1E+999999 to an int would build all its digits."""
    if isinstance(value, decimal.Decimal) and value.is_finite() and value.adjusted() > MAX_INT_DIGITS:
        refuse(line, f"{what} of {value} would have {value.adjusted() + 1:,} digits; "
                     f"numbers in scripts may have at most {MAX_INT_DIGITS:,}")


def check_decimal(line, value):
    """A Decimal a script makes stays within the script context's exponent range."""
    if value.is_finite() and not DECIMAL_CONTEXT.Emin <= value.adjusted() <= DECIMAL_CONTEXT.Emax:
        refuse(line, f"Decimal {value} is out of range; scripts allow exponents from "
                     f"{DECIMAL_CONTEXT.Emin:,} to {DECIMAL_CONTEXT.Emax:,}")


# --- sizes of values -----------------------------------------------------------------------------------

def check_length(line, value, length, what):
    """A str or bytes has at most MAX_TEXT characters, a list or tuple at most MAX_ITEMS items."""
    limit, unit = (MAX_TEXT, "characters") if isinstance(value, TEXT) else (MAX_ITEMS, "items")
    if length > limit:
        refuse(line, f"{what} would make {length:,} {unit}; scripts allow at most {limit:,}")


def check_items(line, iterable, what):
    """An iterable a call walks in C holds at most MAX_ITEMS items (by its length or length hint)."""
    try:
        count = operator.length_hint(iterable)
    except TypeError:
        return
    if count > MAX_ITEMS:
        refuse(line, f"{what} over {count:,} items is too large; scripts allow at most {MAX_ITEMS:,}")


_ATOM_WEIGHTS = {type(None): 4, bool: 5, float: 24, decimal.Decimal: 32, date: 32, datetime: 48, time: 32,
                 timedelta: 48, timezone: 40, complex: 48}
CONTAINERS = frozenset({list, tuple, dict, set, frozenset, type({}.keys()), type({}.values()), type({}.items())})


def _atom_weight(value):
    kind = type(value)
    if kind is str or kind is bytes or kind is bytearray:
        return len(value) + 2
    if kind is int:
        return int(value.bit_length() / _LOG2_10) + 2
    return _ATOM_WEIGHTS.get(kind, 32)


class _TooHeavy(Exception):
    pass


def weigh(value, limit=MAX_TEXT):
    """Roughly how many characters value writes out to (str(), repr, JSON), shared members counted each time.

    [b] * 1000 where b = [a] * 1000 is small in memory but writes out a thousand copies of b: comparing,
    hashing, printing or serialising it costs what it writes out. Each container is walked once (its weight
    is remembered), so the walk costs what the value holds, not what it writes out. Raise _TooHeavy past
    limit, when the walk would visit more than MAX_ITEMS members, or nest deeper than MAX_DEPTH.
    """
    if type(value) not in CONTAINERS:
        return _atom_weight(value)
    return _Weighing(limit).walk(value, 0)


class _Weighing:
    def __init__(self, limit):
        self.limit, self.steps, self.done, self.open = limit, 0, {}, set()

    def walk(self, container, depth):
        ident = id(container)
        known = self.done.get(ident)
        if known is not None:
            return known
        if ident in self.open or depth > MAX_DEPTH:
            if depth > MAX_DEPTH:
                raise _TooHeavy(depth)
            return 5  # a container inside itself writes out as [...]
        self.open.add(ident)
        total = 2 + (self._add(container.keys(), depth) if type(container) is dict else 0)
        total += self._add(container.values() if type(container) is dict else container, depth)
        self.steps += len(container)
        if total > self.limit or self.steps > MAX_ITEMS:
            raise _TooHeavy(self.steps)
        self.open.discard(ident)
        self.done[ident] = total
        return total

    def _add(self, members, depth):
        total = 0
        for member in members:
            kind = type(member)
            if kind is str:  # the common atoms inline: this loop is the cost of every check of a nested value
                total += len(member) + 4
            elif kind in CONTAINERS:
                total += self.walk(member, depth + 1) + 2
            elif kind is int:
                total += int(member.bit_length() / _LOG2_10) + 4
            else:
                total += _atom_weight(member) + 2
            if total > self.limit:
                raise _TooHeavy(total)
        return total


def check_weight(line, value, what, times=1):
    """Refuse when value (repeated `times` times) writes out to more than MAX_TEXT characters."""
    if type(value) not in CONTAINERS:
        if times == 1:
            return
        weight = _atom_weight(value)
    else:
        try:
            weight = weigh(value, MAX_TEXT // times)
        except _TooHeavy:
            weight = None
    if weight is None or weight * times > MAX_TEXT:
        refuse(line, f"{what} would write out to more than {MAX_TEXT:,} characters (shared members count "
                     f"each time), or nests more than {MAX_DEPTH} levels deep; scripts allow at most {MAX_TEXT:,}")


def items(line, iterable):
    """An iterable unpacked with * into a list, tuple or set, or assigned to a slice: not too long."""
    check_items(line, iterable, f"unpacking {describe(iterable)}")
    return iterable


_ORDERINGS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
              ">=": operator.ge}


def compare(line, op, a, b):
    """a op b: comparing costs what the smaller side writes out, so when both sides are containers neither may
    be a bomb (with an atom on either side the comparison stops at once, or is linear in a text)."""
    if type(a) in CONTAINERS and type(b) in CONTAINERS:
        value(line, a)
        value(line, b)
    if op == "in":
        return a in b
    if op == "not in":
        return a not in b
    return _ORDERINGS[op](a, b)


def value(line, item):
    """A value about to be compared or hashed: its cost is what it writes out, so it must not be a bomb."""
    kind = type(item)
    if kind in CONTAINERS:
        members = chain.from_iterable(item.items()) if kind is dict else item
        if not CONTAINERS.isdisjoint(map(type, members)):  # only nested containers can share members
            check_weight(line, item, f"comparing or hashing {describe(item)}")
    return item
