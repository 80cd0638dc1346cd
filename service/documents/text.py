"""The text of a .docx and the difference between two versions: paragraphs, with words inside changed paragraphs.

A redline is a list of (op, text) with op one of "equal", "insert", "delete"; each changed paragraph is
followed by a paragraph break ("equal", "\\n"), so that the list renders directly as text, <ins> and <del>.
"""

import difflib
import html
import io
import re

from docx import Document
from docx.oxml.ns import qn

from .errors import FileRejected

W_P, W_TBL, W_TR, W_TC = (qn(f"w:{tag}") for tag in ("p", "tbl", "tr", "tc"))
CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"  # punctuation, ideographs, full-width forms
TOKEN = re.compile(rf"\s+|[{CJK}]|[^\s{CJK}]+")
EQUAL, INSERT, DELETE = "equal", "insert", "delete"
SIMILAR = 0.5  # paragraphs at least this alike are compared word by word


def paragraphs(*, data):
    """The document's text, one entry per body paragraph and per table row (cells joined by ' | ')."""
    try:
        document = Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors... on damaged packages
        raise FileRejected(f"the document cannot be opened as a Word document ({error})") from None
    return [text for text in _block_texts(document.element.body) if text.strip()]


def _block_texts(body):
    for child in body:
        if child.tag == W_P:
            yield _text(child)
        elif child.tag == W_TBL:
            for row in child.iter(W_TR):
                cells = [c for c in row if c.tag == W_TC]
                yield " | ".join(" ".join(_text(p) for p in cell.iter(W_P)).strip() for cell in cells)


def _text(paragraph):
    return "".join(node.text or "" for node in paragraph.iter(qn("w:t")))


def redline(*, old, new):
    """(op, text) pieces turning the old paragraphs into the new ones, word by word inside changed paragraphs."""
    pieces = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            pieces += [(EQUAL, text + "\n") for text in old[a0:a1]]
        else:
            pieces += _replaced(old[a0:a1], new[b0:b1])
    return _merge(pieces)


def _replaced(old, new):
    """Paragraphs that still resemble each other get a word diff; the others are deleted, then inserted, whole."""
    pieces, deleted, inserted, i, j = [], [], [], 0, 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and _similar(old[i], new[j]):
            pieces += deleted + inserted + words(old=old[i], new=new[j]) + [(EQUAL, "\n")]
            deleted, inserted, i, j = [], [], i + 1, j + 1
        elif i < len(old) and len(old) - i >= len(new) - j:
            deleted.append((DELETE, old[i] + "\n"))
            i += 1
        else:
            inserted.append((INSERT, new[j] + "\n"))
            j += 1
    return pieces + deleted + inserted


def _similar(old, new):
    return difflib.SequenceMatcher(a=old, b=new, autojunk=False).ratio() >= SIMILAR


def redline_documents(*, old, new):
    """The redline between two .docx files given as bytes."""
    return redline(old=paragraphs(data=old), new=paragraphs(data=new))


def words(*, old, new):
    """(op, text) pieces within one paragraph; Chinese is compared character by character, other text by word."""
    before, after = TOKEN.findall(old), TOKEN.findall(new)
    pieces = []
    for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append((EQUAL, "".join(before[a0:a1])))
            continue
        if a1 > a0:
            pieces.append((DELETE, "".join(before[a0:a1])))
        if b1 > b0:
            pieces.append((INSERT, "".join(after[b0:b1])))
    return pieces


def changed(pieces):
    """Whether a redline holds any insertion or deletion."""
    return any(op != EQUAL for op, _ in pieces)


def _merge(pieces):
    merged = []
    for op, text in pieces:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        elif text:
            merged.append((op, text))
    return merged


def redline_html(pieces):
    """The redline as HTML: insertions in <ins>, deletions in <del>, paragraph breaks as <br>, all text escaped."""
    tags = {INSERT: ("<ins>", "</ins>"), DELETE: ("<del>", "</del>"), EQUAL: ("", "")}
    return "".join(tags[op][0] + html.escape(text).replace("\n", "<br>\n") + tags[op][1] for op, text in pieces)
