import pytest

from service.documents.errors import ConverterMissing
from service.documents.pdf import find_converter, to_pdf
from service.documents.render import render
from tests.documents.conftest import SHIPPED, make_docx, sample_context


@pytest.mark.slow
@pytest.mark.skipif(find_converter() is None, reason="LibreOffice (soffice) is not installed")
def test_a_generated_chinese_contract_converts_to_pdf():
    data = render(template=(SHIPPED / "sales_zh_CN.docx").read_bytes(), context=sample_context("zh_CN")).data
    pdf = to_pdf(data=data)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000


def test_a_missing_converter_is_said_clearly(monkeypatch):
    monkeypatch.setattr("service.documents.pdf.shutil.which", lambda name: None)
    with pytest.raises(ConverterMissing, match="PDF export needs LibreOffice"):
        to_pdf(data=make_docx("x"))
