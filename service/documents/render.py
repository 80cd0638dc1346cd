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
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import RenderFailed

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class _Environment(ImmutableSandboxedEnvironment):
    """A sandbox that compiles each distinct source once: docxtpl asks for the same body source on every render."""

    cache_size = 64

    def __init__(self, **options):
        super().__init__(undefined=StrictUndefined, keep_trailing_newline=True, **options)
        self._compiled, self._lock = OrderedDict(), threading.Lock()

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
    except TemplateError as error:
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
