"""Check an uploaded template before it is stored: a real .docx, no macros, no zip bomb, Jinja that parses,
only documented fields, and a trial fill with a sample contract. Every problem says where it is.
"""

import hashlib
import io
import re
from dataclasses import dataclass

from docx import Document
from jinja2 import TemplateError, TemplateSyntaxError

from . import fields as documented
from .analysis import analyse
from .archive import TEMPLATE_LIMITS, open_office_file
from .context import build_context
from .errors import FileRejected, RenderFailed, TemplateInvalid
from .render import DOCUMENT_ENV, render
from .samples import sample_inputs
from .sources import jinja_source, template_lines

RICH_TAG = re.compile(r"\{\{\s*[rp]\s+([^}]*)\}\}")
BLOCK_TAG = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s*(\w+)")
BLOCKS = ("for", "if", "macro", "call", "filter", "with", "raw", "autoescape")
RUNTIME_ERRORS = (TemplateError, TypeError, ValueError, LookupError, ArithmeticError, AttributeError)


@dataclass(frozen=True)
class TemplateCheck:
    """What an accepted template is: its SHA-256, size and the documented fields it uses."""

    sha256: str
    size: int
    fields: tuple


def validate_template(*, data, language="en", limits=TEMPLATE_LIMITS, clause_slots=()):
    """A TemplateCheck for acceptable .docx bytes; else FileTooLarge, FileRejected or TemplateInvalid."""
    _, kind = open_office_file(data=data, limits=limits, what="the template")
    if kind != "docx":
        raise FileRejected("the template is a spreadsheet; upload a Word document (.docx)")
    lines = template_lines(_document(data))
    source = jinja_source(lines)
    table = documented.with_clause_slots(clause_slots)
    tree = _parse(source, lines)
    analysis = analyse(tree, fields=table, known_names=DOCUMENT_ENV.globals)
    problems = _rich_text_problems(lines) + [_located(lines, lineno, message) for lineno, message in analysis.problems]
    if problems:
        raise TemplateInvalid("; ".join(problems), problems=problems)
    _trial(data, source, lines, language, table)
    return TemplateCheck(sha256=hashlib.sha256(data).hexdigest(), size=len(data), fields=tuple(sorted(analysis.used)))


def _document(data):
    try:
        return Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors... on damaged packages
        raise FileRejected(f"the template is a damaged Word document and cannot be opened ({error})") from None


def _parse(source, lines):
    try:
        return DOCUMENT_ENV.parse(source)
    except TemplateSyntaxError as error:
        if error.message and error.message.startswith("Unexpected end of template"):
            opener = _unclosed_block(lines)
            if opener is not None:
                raise TemplateInvalid(_unclosed_message(lines, *opener)) from None
        message = f"syntax error: {error.message}"
        raise TemplateInvalid(_located(lines, _opening_line(lines, error.lineno), message)) from None


def _opening_line(lines, lineno):
    """Jinja reports a tag left open on the line where it gave up; the tag was opened on the last line that
    leaves one open."""
    for number in range(min(lineno or 0, len(lines)), 0, -1):
        text = lines[number - 1].text
        if text.count("{{") > text.count("}}") or text.count("{%") > text.count("%}"):
            return number
    return lineno


def _unclosed_block(lines):
    """(line index, tag) of the innermost block that is opened and never closed, or None."""
    stack = []
    for index, line in enumerate(lines):
        for tag in BLOCK_TAG.findall(line.text):
            if tag in BLOCKS:
                stack.append((index, tag))
            elif tag.startswith("end") and stack and stack[-1][1] == tag[3:]:
                stack.pop()
    return stack[-1] if stack else None


def _unclosed_message(lines, index, tag):
    line = lines[index]
    return (f"syntax error in {line.where} ({_quote(line.text)}): this {{% {tag} %}} is never closed; "
            f"add {{% end{tag} %}} where it should end")


def _rich_text_problems(lines):
    return [f"{line.where} ({_quote(line.text)}): {{{{{match.group(0)[2:3]} ...}}}} inserts rich text or a "
            f"subdocument, but Pactum's fields are text: write {{{{ {match.group(1).strip()} }}}}"
            for line in lines for match in RICH_TAG.finditer(line.text)]


def _trial(data, source, lines, language, table):
    """Fills the template with a sample contract: first as lines (errors located), then through docxtpl."""
    slots = {path.split(".", 1)[1]: "Sample clause." for path in table if path.startswith("clauses.")}
    context = build_context(language=language, clauses=slots, **sample_inputs())
    try:
        DOCUMENT_ENV.from_string(source).render(context)
    except RUNTIME_ERRORS as error:
        lineno = getattr(error, "lineno", None) or _template_lineno(error)
        raise TemplateInvalid(_located(lines, lineno, f"cannot be filled: {error}")) from None
    try:
        render(template=data, context=context)
    except RenderFailed as error:
        raise TemplateInvalid(f"the template cannot be filled with a sample contract: {error.message}") from None


def _template_lineno(error):
    """The template line the error happened on, from the frames Jinja puts in the traceback."""
    lineno, traceback = None, error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            lineno = traceback.tb_lineno
        traceback = traceback.tb_next
    return lineno


def _located(lines, lineno, message):
    if lineno is None or not 0 < lineno <= len(lines):
        return message
    line = lines[lineno - 1]
    return f"{line.where} ({_quote(line.text)}): {message}"


def _quote(text, limit=80):
    text = text.strip()
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
