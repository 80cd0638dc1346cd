"""A template as Jinja sees it, one line per paragraph, each line knowing where it is in the document.

docxtpl joins the runs of a paragraph before Jinja reads it; joining each paragraph's text the same way gives a
source whose line numbers name paragraphs, so an error can say "table 1, row 2, cell 3" and show the text.
"""

import re
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

W_P, W_T, W_TBL, W_TR, W_TC = (qn(f"w:{tag}") for tag in ("p", "t", "tbl", "tr", "tc"))
# docxtpl's own tags: {%p if %} (whole paragraph), {%tr for %} (table row), {%tc %}, {%r %}, {{r x }}, {{p x }}.
DOCXTPL_PREFIX = re.compile(r"(\{[{%])-?(?:p|tr|tc|r)\s")
MERGE_TAGS = re.compile(r"\{%\s*[vh]m\s*%\}")
TAG = re.compile(r"\{[{%#].*?[}%#]\}")
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")  # docxtpl fills these too


@dataclass(frozen=True)
class Line:
    """A paragraph's text as written, and where it is: 'paragraph 12', 'table 1, row 2, cell 3', 'header 1, ...'."""

    where: str
    text: str


def template_lines(document):
    """The body, headers, footers and document properties of a python-docx Document, as lines."""
    lines = _part_lines(document.element.body, "")
    for kind, label in ((RT.HEADER, "header"), (RT.FOOTER, "footer")):
        parts = [rel.target_part for rel in document.part.rels.values() if rel.reltype == kind]
        for number, part in enumerate(parts, 1):
            lines += _part_lines(parse_xml(part.blob), f"{label} {number}, ")
    properties = document.core_properties
    lines += [Line(f"document property '{name}'", getattr(properties, name) or "") for name in PROPERTIES]
    return lines


def jinja_source(lines):
    """The Jinja source of the lines: docxtpl's tag prefixes dropped, curly quotes inside tags made straight."""
    return "\n".join(jinja_text(line.text) for line in lines)


def jinja_text(text):
    """One paragraph's text the way docxtpl hands it to Jinja."""
    text = MERGE_TAGS.sub("", DOCXTPL_PREFIX.sub(r"\1 ", text))
    return TAG.sub(lambda match: match.group(0).translate(QUOTES), text)


def _part_lines(root, prefix):
    tables = {table: number for number, table in enumerate(root.iter(W_TBL), 1)}
    lines, count = [], 0
    for paragraph in root.iter(W_P):
        cell = next(paragraph.iterancestors(W_TC), None)
        if cell is None:
            count += 1
            where = f"{prefix}paragraph {count}"
        else:
            where = prefix + _cell_where(cell, tables)
        lines.append(Line(where, _own_text(paragraph)))
    return lines


def _cell_where(cell, tables):
    row, table = next(cell.iterancestors(W_TR)), next(cell.iterancestors(W_TBL))
    rows = [r for r in table.iter(W_TR) if next(r.iterancestors(W_TBL)) is table]
    cells = [c for c in row.iter(W_TC) if next(c.iterancestors(W_TR)) is row]
    return f"table {tables[table]}, row {rows.index(row) + 1}, cell {cells.index(cell) + 1}"


def _own_text(paragraph):
    """The paragraph's text without that of paragraphs nested in it (text boxes)."""
    return "".join(t.text or "" for t in paragraph.iter(W_T) if next(t.iterancestors(W_P)) is paragraph)
