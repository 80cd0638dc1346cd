import io

import pytest
from docx import Document

from service.documents.errors import RenderFailed
from service.documents.render import render
from service.documents.samples import CUSTOMER
from service.documents.text import paragraphs
from service.documents.validation import validate_template
from tests.documents.conftest import MANIFEST, SHIPPED, make_docx, sample_context


def document_text(data):
    return "\n".join(paragraphs(data=data))


@pytest.mark.parametrize("entry", MANIFEST, ids=[entry["file"] for entry in MANIFEST])
def test_every_shipped_template_validates_and_renders(entry):
    template = (SHIPPED / entry["file"]).read_bytes()
    validate_template(data=template, language=entry["language"])
    result = render(template=template, context=sample_context(entry["language"]))
    text = document_text(result.data)
    assert "{{" not in text and "{%" not in text
    assert CUSTOMER["name"] in text and "PC-2026-0007" in text


def test_chinese_sales_contract_holds_the_contract_values():
    result = render(template=(SHIPPED / "sales_zh_CN.docx").read_bytes(), context=sample_context("zh_CN"))
    text = document_text(result.data)
    assert "本合同总金额为¥123,456.00（大写：人民币壹拾贰万叁仟肆佰伍拾陆元整），含增值税。" in text
    assert "本合同自2026年1月1日起生效，有效期至2027年12月31日止" in text
    assert "Pressure sensor PS-200 | 100 | pcs | ¥1,000.00 | ¥100,000.00" in text
    assert "中华人民共和国法律" in text  # the governing-law clause for CN


def test_english_sales_contract_holds_the_contract_values():
    result = render(template=(SHIPPED / "sales_en.docx").read_bytes(), context=sample_context("en"))
    text = document_text(result.data)
    assert "The total contract amount is CNY 123,456.00 (in words: CNY one hundred twenty-three thousand" in text
    assert "until 31 December 2027" in text
    assert "Payment | 31 March 2026 | CNY 61,728.00 | First instalment" in text
    assert "shall not exceed CNY 123,456.00" in text  # the liability clause, filled from the contract


def test_rendering_twice_gives_identical_bytes():
    template, context = (SHIPPED / "order_en.docx").read_bytes(), sample_context("en")
    first, second = render(template=template, context=context), render(template=template, context=context)
    assert first.data == second.data and first.sha256 == second.sha256


def test_values_are_escaped_for_word():
    context = sample_context("en", customer={**CUSTOMER, "name": "Smith & <Sons> \"Ltd\""})
    result = render(template=make_docx("{{ customer.name }}"), context=context)
    assert Document(io.BytesIO(result.data)).paragraphs[0].text == "Smith & <Sons> \"Ltd\""


def test_clause_line_breaks_stay_in_their_paragraph():
    context = {**sample_context("en"), "clauses": {"liability": "First line.\nSecond line."}}
    result = render(template=make_docx("Before", "5. {{ clauses.liability }}", "After"), context=context)
    texts = [p.text for p in Document(io.BytesIO(result.data)).paragraphs]
    assert texts == ["Before", "5. First line.\nSecond line.", "After"]


def test_the_sandbox_refuses_unsafe_attributes():
    with pytest.raises(RenderFailed, match="could not be filled"):
        render(template=make_docx("{{ ''.__class__.__mro__ }}"), context=sample_context("en"))
