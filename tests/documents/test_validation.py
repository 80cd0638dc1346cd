import io
import zipfile

import pytest

from service.documents.archive import Limits
from service.documents.errors import FileRejected, FileTooLarge, TemplateInvalid
from service.documents.validation import validate_template
from tests.documents.conftest import make_docx, rezip

DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def refusal(data, error=TemplateInvalid, **options):
    with pytest.raises(error) as raised:
        validate_template(data=data, **options)
    return raised.value.message


def test_a_good_template_is_accepted_with_its_fields():
    data = make_docx("Customer: {{ customer.name }}", "{{ contract.amount }} ({{ contract.amount_in_words }})",
                     table=[["{%tr for item in line_items %}", ""], ["{{ item.name }}", "{{ item.amount }}"],
                            ["{%tr endfor %}", ""]])
    check = validate_template(data=data, language="zh_CN")
    assert check.size == len(data) and len(check.sha256) == 64
    assert {"customer.name", "contract.amount_in_words", "line_items", "line_items[].name"} <= set(check.fields)


def test_syntax_error_names_its_paragraph_and_text():
    message = refusal(make_docx("Title", "Amount: {{ contract.amount }"))
    assert message == "paragraph 2 ('Amount: {{ contract.amount }'): syntax error: unexpected '}'"


def test_syntax_error_in_a_table_cell_names_the_cell():
    message = refusal(make_docx("Title", table=[["a", "b"], ["c", "{{ contract.title "]]))
    assert message.startswith("table 1, row 2, cell 2 ('{{ contract.title'): syntax error")


def test_unclosed_block_names_where_it_opens():
    message = refusal(make_docx("Intro", "{% if contract.liability_capped %}", "Capped."))
    assert "paragraph 2" in message and "never closed; add {% endif %}" in message


def test_unknown_field_is_named_with_a_suggestion():
    message = refusal(make_docx("Total: {{ contract.amout }}"))
    assert "unknown field 'contract.amout'; did you mean contract.amount?" in message


def test_unknown_item_field_is_named_as_written():
    data = make_docx("x", table=[["{%tr for item in line_items %}"], ["{{ item.nmae }}"], ["{%tr endfor %}"]])
    expected = "table 1, row 2, cell 1 ('{{ item.nmae }}'): unknown field 'item.nmae'; did you mean item.name?"
    assert expected in refusal(data)


def test_every_problem_is_listed():
    with pytest.raises(TemplateInvalid) as raised:
        validate_template(data=make_docx("{{ customer.nam }}", "{{ foo }}", "{{ contract }}"))
    assert len(raised.value.problems) == 3
    assert "unknown field 'foo'" in raised.value.problems[1]


@pytest.mark.parametrize("text, message", [
    ("{{ contract }}", "'contract' is a group of fields and cannot be printed"),
    ("{{ line_items }}", "'line_items' is a list and cannot be printed"),
    ("{{ contract.title.upper() }}", "'contract.title' is text; it has no field 'upper'"),
    ("{% for c in contract.title %}{{ c }}{% endfor %}", "'contract.title' is text, not a list"),
    ("{{ contract.amount + 1 }}", "cannot be filled: can only concatenate str"),
    ("{{r clauses.liability }}", "write {{ clauses.liability }}"),
    ("{{ ''.__class__ }}", "only the documented fields have fields"),
    ("{{ contract.title * 100000000 }}", "cannot be filled: repeating text or lists beyond 10000"),
    ("{{ 10 ** 100000000 }}", "cannot be filled: powers above 64 are not allowed"),
    ("{{ contract.title|center(1000000000) }}", "cannot be filled: No filter named 'center'"),
    ("{% for i in range(100000) %}x{% endfor %}", "unknown field 'range'"),
])
def test_wrong_types_and_unsafe_templates_are_refused(text, message):
    assert message in refusal(make_docx(text))


def test_not_a_zip_is_refused():
    assert "not a zip archive" in refusal(b"%PDF-1.4 not a docx", FileRejected)


def test_a_damaged_archive_is_refused():
    data = make_docx("{{ contract.title }}")
    assert "not a zip archive" in refusal(data[: len(data) // 2], FileRejected)


def test_a_zip_that_is_not_a_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert "not an Office document" in refusal(buffer.getvalue(), FileRejected)


def test_a_macro_enabled_document_is_refused():
    docm = rezip(make_docx("x"), replace={"[Content_Types].xml": lambda b: b.replace(DOCX.encode(), DOCM.encode())})
    assert "macro-enabled Word document (.docm)" in refusal(docm, FileRejected)


def test_a_macro_project_is_refused():
    data = rezip(make_docx("x"), add={"word/vbaProject.bin": b"\x00" * 100})
    assert "contains macros" in refusal(data, FileRejected)


def test_a_zip_bomb_is_refused_before_extraction():
    bomb = rezip(make_docx("x"), add={"word/media/zeros.bin": b"\x00" * (4 * 1024 * 1024)})
    assert len(bomb) < 100_000
    assert "looks like a zip bomb: word/media/zeros.bin expands" in refusal(bomb, FileRejected)


def test_total_uncompressed_size_is_limited():
    data = make_docx("x")
    assert "expands to" in refusal(data, FileRejected, limits=Limits(max_total=10_000))


def test_an_oversized_upload_is_refused():
    assert "the limit is" in refusal(make_docx("x"), FileTooLarge, limits=Limits(max_size=1024))


def test_extra_clause_slots_can_be_allowed():
    data = make_docx("{{ clauses.warranty }}")
    assert "unknown field 'clauses.warranty'" in refusal(data)
    assert validate_template(data=data, clause_slots=("warranty",)).fields == ("clauses.warranty",)
