"""Writes the shipped templates (six kinds, English and Chinese) and manifest.json next to this file.

Run: python -m service.documents.shipped.build. The output is byte-identical on every run, so the committed
.docx files change only when this script or the wording in texts_en.py / texts_zh.py changes.
"""

import io
import json
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..render import reproducible_zip
from . import texts_en, texts_zh

HERE = Path(__file__).resolve().parent
KINDS = ("sales", "service", "nda", "framework", "order", "amendment")
WORDING = {"en": texts_en, "zh_CN": texts_zh}
FONTS = {"en": ("Times New Roman", "SimSun", 11), "zh_CN": ("Times New Roman", "SimSun", 10.5)}
LANGUAGE_NAMES = {"en": ("English", "英文"), "zh_CN": ("Chinese", "中文")}
FIXED_TIME = datetime(2026, 1, 1)


def build_all(folder=HERE):
    """Writes every template and the manifest; returns the manifest."""
    manifest = []
    for kind in KINDS:
        for language in WORDING:
            name = f"{kind}_{language}.docx"
            (folder / name).write_bytes(build(kind=kind, language=language))
            manifest.append({"file": name, "kind": kind, "language": language, "name": _names(kind, language)})
    text = json.dumps({"templates": manifest}, ensure_ascii=False, indent=2) + "\n"
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    return manifest


def build(*, kind, language):
    """One template as .docx bytes."""
    wording = WORDING[language]
    document = Document()
    _setup(document, language)
    _title(document, wording, kind)
    _parties(document, wording)
    _paragraph(document, wording.RECITALS[kind], language)
    for number, (heading, blocks) in enumerate(wording.SECTIONS[kind], 1):
        _heading(document, _numbered(number, heading, language))
        for block in blocks:
            _block(document, block, wording, language)
    _signatures(document, wording, language)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue())


def _names(kind, language):
    en_kind, zh_kind = (texts_en.TITLES[kind].capitalize(), texts_zh.TITLES[kind])
    en_language, zh_language = LANGUAGE_NAMES[language]
    return {"en": f"{en_kind} ({en_language})", "zh_CN": f"{zh_kind}（{zh_language}）"}


def _setup(document, language):
    latin, east_asian, size = FONTS[language]
    style = document.styles["Normal"]
    style.font.name, style.font.size = latin, Pt(size)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    style.paragraph_format.space_after = Pt(4)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{ contract.number }}    ")
    _page_field(footer)
    properties = document.core_properties
    properties.author = properties.last_modified_by = "Pactum"
    properties.created = properties.modified = FIXED_TIME
    properties.revision, properties.title = 1, ""


def _page_field(paragraph):
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _title(document, wording, kind):
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(wording.TITLES[kind])
    run.bold, run.font.size = True, Pt(18)
    subtitle = document.add_paragraph("{{ contract.title }}")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for key in ("number", "date"):
        document.add_paragraph(wording.TEXTS[key]).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _parties(document, wording):
    table = document.add_table(rows=1, cols=2)
    for cell, key in zip(table.rows[0].cells, ("customer", "supplier"), strict=True):
        label, lines = wording.TEXTS[key]
        cell.paragraphs[0].add_run(label).bold = True
        for line in lines:
            cell.add_paragraph(line)
    document.add_paragraph()


def _heading(document, text):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before, paragraph.paragraph_format.keep_with_next = Pt(8), True
    paragraph.add_run(text).bold = True


def _numbered(number, heading, language):
    if language == "zh_CN":
        return f"第{_chinese_ordinal(number)}条　{heading}"
    return f"{number}. {heading}"


def _chinese_ordinal(number):
    ordinals = texts_zh.ORDINALS
    if number <= 10:
        return ordinals[number - 1]
    return "十" + ordinals[number - 11] if number < 20 else str(number)


def _paragraph(document, text, language):
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if language == "zh_CN":
        paragraph.paragraph_format.first_line_indent = Pt(21)
    return paragraph


def _block(document, block, wording, language):
    if block == texts_en.LINE_ITEMS:
        _line_items(document, wording)
    elif block == texts_en.KEY_DATES:
        _key_dates(document, wording)
    else:
        _paragraph(document, block, language)


def _line_items(document, wording):
    number, item, quantity, unit, price, amount, total = wording.TEXTS["items"]
    _loop_table(document, (number, item, quantity, unit, price, amount), "item", "line_items",
                ("number", "name", "quantity", "unit", "unit_price", "amount"))
    row = document.tables[-1].add_row().cells
    row[1].text, row[5].text = total, "{{ line_items_total }}"
    document.add_paragraph()


def _key_dates(document, wording):
    _loop_table(document, wording.TEXTS["dates"], "date", "key_dates", ("kind", "date", "amount", "label"))
    document.add_paragraph()


def _loop_table(document, headings, item, items, fields):
    """A bordered table: a heading row, then one row per item through docxtpl's {%tr for %} rows."""
    table = document.add_table(rows=4, cols=len(headings))
    table.style, table.alignment = document.styles["Table Grid"], WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    table.rows[1].cells[0].text = f"{{%tr for {item} in {items} %}}"
    for cell, field in zip(table.rows[2].cells, fields, strict=True):
        cell.text = f"{{{{ {item}.{field} }}}}"
    table.rows[3].cells[0].text = "{%tr endfor %}"


def _signatures(document, wording, language):
    customer, supplier, signature, name, day, seal = wording.TEXTS["sign"]
    _paragraph(document, wording.TEXTS["closing"], language).paragraph_format.space_before = Pt(12)
    table = document.add_table(rows=1, cols=2)
    parties = ((customer, "{{ customer.name }}", "{{ customer.contact }}"),
               (supplier, "{{ company.name }}", "{{ company.representative }}"))
    for cell, (label, party, person) in zip(table.rows[0].cells, parties, strict=True):
        cell.paragraphs[0].add_run(label).bold = True
        for line in (party, "", signature, f"{name}{person}", day, seal):
            cell.add_paragraph(line)


if __name__ == "__main__":
    for entry in build_all():
        print(entry["file"], entry["name"]["en"])
