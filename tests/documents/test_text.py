from service.documents.render import render
from service.documents.samples import CONTRACT
from service.documents.text import DELETE, EQUAL, INSERT, paragraphs, redline, redline_documents, redline_html
from tests.documents.conftest import SHIPPED, make_docx, sample_context


def test_paragraphs_and_table_rows_are_extracted():
    data = make_docx("Title", "", "Body text", table=[["Item", "Price"], ["Sensor", "¥10.00"]])
    assert paragraphs(data=data) == ["Title", "Body text", "Item | Price", "Sensor | ¥10.00"]


def test_redline_marks_words_inside_a_changed_paragraph():
    pieces = redline(old=["Title", "The price is CNY 100."], new=["Title", "The price is CNY 120."])
    assert pieces == [(EQUAL, "Title\nThe price is CNY "), (DELETE, "100."), (INSERT, "120."), (EQUAL, "\n")]


def test_redline_compares_chinese_by_character():
    pieces = redline(old=["人民币壹佰元整"], new=["人民币壹佰贰拾元整"])
    assert pieces == [(EQUAL, "人民币壹佰"), (INSERT, "贰拾"), (EQUAL, "元整\n")]


def test_unrelated_paragraphs_are_replaced_whole():
    pieces = redline(old=["Keep", "Term one year."], new=["Keep", "A new clause on audits.", "Another"])
    assert pieces == [(EQUAL, "Keep\n"), (DELETE, "Term one year.\n"), (INSERT, "A new clause on audits.\nAnother\n")]


def test_redline_of_two_generated_versions():
    template = (SHIPPED / "sales_zh_CN.docx").read_bytes()
    old = render(template=template, context=sample_context("zh_CN")).data
    new_context = sample_context("zh_CN", contract={**CONTRACT, "amount": "123466.00"})
    new = render(template=template, context=new_context).data
    changes = [(op, text) for op, text in redline_documents(old=old, new=new) if op != EQUAL]
    assert changes == [(DELETE, "¥123,456.00"), (INSERT, "¥123,466.00"), (DELETE, "伍"), (INSERT, "陆")]


def test_redline_html_escapes_and_marks():
    html = redline_html([(EQUAL, "a < b\n"), (DELETE, "old"), (INSERT, "<new>")])
    assert html == "a &lt; b<br>\n<del>old</del><ins>&lt;new&gt;</ins>"
