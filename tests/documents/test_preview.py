import io

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from service.documents.preview import sanitise, to_html
from tests.documents.conftest import make_docx


def docx_with_link(url, text):
    document = Document()
    paragraph = document.add_paragraph("See ")
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), document.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run, label = OxmlElement("w:r"), OxmlElement("w:t")
    label.text = text
    run.append(label)
    link.append(run)
    paragraph._p.append(link)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_document_becomes_html_with_its_table():
    html = to_html(data=make_docx("Hello 你好", table=[["a", "b"]]))
    assert "<p>Hello 你好</p>" in html and "<td><p>a</p></td>" in html


def test_script_text_and_javascript_links_come_out_clean():
    html = to_html(data=docx_with_link("javascript:alert(1)", "<script>alert(2)</script>"))
    assert "javascript:" not in html and "<script>" not in html
    assert "&lt;script&gt;" in html  # the text stays visible as text


def test_web_links_survive_with_a_safe_rel():
    html = to_html(data=docx_with_link("https://example.com/terms", "terms"))
    assert '<a href="https://example.com/terms" rel="noopener noreferrer nofollow">terms</a>' in html


def test_sanitise_removes_styles_events_and_remote_pictures():
    html = sanitise('<p style="background:url(http://x)" onclick="steal()">a</p><img src="http://x/t.png">'
                    '<img src="data:image/png;base64,AAAA"><iframe src="x"></iframe><a href="vbscript:x">b</a>')
    assert html == '<p>a</p><img><img src="data:image/png;base64,AAAA"><a rel="noopener noreferrer nofollow">b</a>'
