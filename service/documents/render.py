"""Fill a template with docxtpl: a sandboxed Jinja, escaped values, clause texts filled first, a reproducible zip.

Clauses go in as escaped text through `{{ clauses.<slot> }}`, their line breaks becoming Word line breaks
(docxtpl's Listing handling): the clause takes the formatting and numbering of the paragraph it stands in.
Subdocuments would build a python-docx Document per clause and merge styles into the result; RichText
(`{{r }}`) drops the placeholder's formatting. Plain text is what docxtpl does most robustly.

The output is byte-identical for identical input: docxtpl saves through zipfile with the current time on every
member, so the archive is written again with a fixed timestamp, in the same member order.
"""

import hashlib
import io
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from .errors import RenderFailed

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
SAFE_FILTERS = frozenset({
    "abs", "attr", "batch", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first", "float",
    "groupby", "int", "join", "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr",
    "replace", "reverse", "round", "select", "selectattr", "slice", "sort", "string", "striptags", "sum", "title",
    "trim", "truncate", "unique", "upper"})  # not center, indent, wordwrap, format...: widths make huge strings
UNSAFE_GLOBALS = ("range", "lipsum")  # loops run over the contract's lists only
MAX_EXPONENT, MAX_REPEAT = 64, 10_000


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox templates run in: no attribute tricks, no huge strings or powers, no range() loops, only filters
    that cannot blow up; each distinct source is compiled once (docxtpl asks for the same source on every render).
    """

    cache_size = 64
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options):
        super().__init__(undefined=StrictUndefined, keep_trailing_newline=True, **options)
        self.filters = {name: function for name, function in self.filters.items() if name in SAFE_FILTERS}
        for name in UNSAFE_GLOBALS:
            self.globals.pop(name, None)
        self._compiled, self._lock = OrderedDict(), threading.Lock()

    def call_binop(self, context, operator, left, right):
        """Refuses 'x' * 10**9 and 9**9**9 before Python tries them."""
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"powers above {MAX_EXPONENT} are not allowed in templates")
        if operator == "*" and _repeat_length(left, right) > MAX_REPEAT:
            raise SecurityError(f"repeating text or lists beyond {MAX_REPEAT} characters or items is not allowed")
        return super().call_binop(context, operator, left, right)

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (jinja's own signature)
        if globals or template_class:
            return super().from_string(source, globals, template_class)
        with self._lock:
            template = self._compiled.get(source)
            if template is not None:
                self._compiled.move_to_end(source)
                return template
        template = super().from_string(source)
        with self._lock:
            self._compiled[source] = template
            while len(self._compiled) > self.cache_size:
                self._compiled.popitem(last=False)
        return template


DOCUMENT_ENV = _Environment(autoescape=True)  # values go into XML: escape them
CLAUSE_ENV = _Environment(autoescape=False)  # clause texts are plain text, escaped when they enter the document


@dataclass(frozen=True)
class Rendered:
    """A generated document: its bytes, SHA-256 and size."""

    data: bytes
    sha256: str
    size: int


def render(*, template, context):
    """The template (.docx bytes) filled from the context of context.build_context; raises RenderFailed."""
    filled = fill_clauses(context=context)
    document = DocxTemplate(io.BytesIO(template))
    try:
        document.render(filled, jinja_env=DOCUMENT_ENV)
    except (TemplateError, etree.LxmlError, TypeError, ValueError, LookupError, ArithmeticError) as error:
        raise RenderFailed(f"the template could not be filled: {error}") from error
    buffer = io.BytesIO()
    document.save(buffer)
    data = reproducible_zip(buffer.getvalue())
    return Rendered(data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def fill_clauses(*, context):
    """The context with each clause text filled from the same context (a clause may name contract fields)."""
    clauses = context.get("clauses") or {}
    if not clauses:
        return context
    filled = {}
    for slot, text in clauses.items():
        try:
            filled[slot] = CLAUSE_ENV.from_string(text).render(context).strip()
        except TemplateError as error:
            raise RenderFailed(f"the clause for '{slot}' could not be filled: {error}") from error
    return {**context, "clauses": filled}


def _repeat_length(left, right):
    """How long 'text' * n or [list] * n would be (0 when it is plain arithmetic)."""
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(times, int):
            return len(sequence) * times
    return 0


def reproducible_zip(data):
    """The same archive with every member dated 1980-01-01, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=ZIP_EPOCH)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(info, source.read(member))
    return buffer.getvalue()
