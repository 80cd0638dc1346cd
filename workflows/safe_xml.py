"""Read an uploaded BPMN or DMN source without letting a hostile one hold the server.

Every diagram a designer uploads passes through `parse_source` before anything else looks at it: the size and
the number of elements are bounded before SpiffWorkflow sees the tree (its parser slows down with the square of
the number of elements), and the XML parser loads no DTD, expands no entity and opens no file or URL.
"""

import re
from dataclasses import dataclass

from lxml import etree

from .errors import Problem, SpecError

MAX_SOURCE_BYTES = 2 * 1024 * 1024
MAX_ELEMENTS = 20_000
_CHUNK = 64 * 1024
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}


@dataclass(frozen=True)
class Limits:
    """How large one source may be; the caller may lower or raise them."""

    max_bytes: int = MAX_SOURCE_BYTES
    max_elements: int = MAX_ELEMENTS


DEFAULT_LIMITS = Limits()


def _refuse(name, message):
    return SpecError([Problem(name, None, message)])


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"


def _as_checked_bytes(name, data, limits):
    """The source as UTF-8 bytes, refused when it is too large, binary, not UTF-8 or declares a DTD."""
    if not isinstance(data, str | bytes | bytearray):
        raise _refuse(name, f"is a {type(data).__name__}, not the text of a diagram")
    too_large = f"is larger than the limit of {_megabytes(limits.max_bytes)}; split the process or remove unused parts"
    if len(data) > limits.max_bytes:  # a str's length in characters is at most its length in bytes
        raise _refuse(name, too_large)
    data = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(data) > limits.max_bytes:
        raise _refuse(name, too_large)
    _check_text(name, data)
    return data


def _check_text(name, data):
    """Refuse what is not a UTF-8 XML document without a DTD."""
    if not data.strip():
        raise _refuse(name, "is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(name, "is UTF-16 text; save it as UTF-8")
    if b"\0" in data:
        raise _refuse(name, "is a binary file, not a BPMN or DMN diagram")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(name, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    declared = _DECLARED_ENCODING.match(data)
    if declared and declared.group(1).decode("ascii", "replace").lower() not in _UTF8_NAMES:
        raise _refuse(name, f"declares the encoding '{declared.group(1).decode('ascii', 'replace')}'; save it as UTF-8")
    if _DOCTYPE.search(data):
        raise _refuse(name, "a DOCTYPE or ENTITY declaration is not allowed; remove it")


def _hardened_parser():
    return etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_blank_text=False,
    )


def _syntax_error(name, exc):
    line = f"line {exc.lineno}: " if getattr(exc, "lineno", None) else ""
    message = re.sub(r", line \d+, column \d+$", "", getattr(exc, "msg", None) or str(exc))
    return _refuse(name, f"not well-formed XML: {line}{message}")


def parse_source(name, data, limits=DEFAULT_LIMITS):
    """The root element of one source; SpecError naming the file when it is not a diagram we are willing to read."""
    data = _as_checked_bytes(name, data, limits)
    parser, elements = _hardened_parser(), 0
    try:
        for offset in range(0, len(data), _CHUNK):
            parser.feed(data[offset:offset + _CHUNK])
            elements += sum(1 for _ in parser.read_events())
            if elements > limits.max_elements:
                raise _refuse(name, f"has more than {limits.max_elements:,} elements; split the process")
        root = parser.close()
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(name, exc) from None
    if root.getroottree().docinfo.doctype:  # the scan above should have caught it; never trust one check
        raise _refuse(name, "a DOCTYPE or ENTITY declaration is not allowed; remove it")
    return root
