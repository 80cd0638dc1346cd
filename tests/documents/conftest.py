"""Fixtures for the documents domain: small .docx files made in the test, the shipped templates, a sample context."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from docx import Document

from service.documents.clauses import choose, shipped_library
from service.documents.context import build_context
from service.documents.samples import CONTRACT, sample_inputs

SHIPPED = Path(__file__).resolve().parents[2] / "service" / "documents" / "shipped"
MANIFEST = json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))["templates"]


def make_docx(*paragraphs, table=None):
    """A .docx with these paragraphs, then a table given as rows of cell texts."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rezip(data, *, replace=None, add=None):
    """The archive with some members' content replaced ({name: function(bytes) -> bytes}) or added ({name: bytes})."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            target.writestr(member.filename, (replace or {}).get(member.filename, lambda b: b)(content))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def sample_context(language, **changes):
    """The sample contract's context with the shipped clauses chosen for it."""
    inputs = sample_inputs(**changes)
    selection = choose(library=shipped_library(), contract=inputs["contract"], language=language)
    return build_context(language=language, clauses=selection.texts, **inputs)


@pytest.fixture
def contract():
    return dict(CONTRACT)
