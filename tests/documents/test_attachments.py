import pytest

from service.documents.archive import Limits
from service.documents.attachments import sanitise_filename, validate_attachment
from service.documents.errors import FileRejected, FileTooLarge
from tests.documents.conftest import make_docx

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


@pytest.mark.parametrize("data, name, kind", [
    (b"%PDF-1.7 ...", "报价单.pdf", "pdf"),
    (PNG, "scan.png", "png"),
    (b"\xff\xd8\xff\xe0 jpeg", "scan.JPG", "jpeg"),
    ("名称,价格\n传感器,10\n".encode(), "价格表.csv", "csv"),
    (b"plain notes", "notes.txt", "txt"),
])
def test_types_are_sniffed_from_content(data, name, kind):
    attachment = validate_attachment(data=data, filename=name)
    assert (attachment.kind, attachment.filename, attachment.size) == (kind, name, len(data))


def test_office_files_are_told_apart_and_checked():
    assert validate_attachment(data=make_docx("x"), filename="draft.docx").kind == "docx"


def test_an_extension_that_lies_is_refused():
    with pytest.raises(FileRejected, match="'invoice.pdf' is a PNG image.*rename it to invoice.png"):
        validate_attachment(data=PNG, filename="invoice.pdf")


def test_a_missing_extension_is_added():
    assert validate_attachment(data=PNG, filename="scan").filename == "scan.png"


def test_unknown_types_and_large_files_are_refused():
    with pytest.raises(FileRejected, match="not a PDF, Word, Excel"):
        validate_attachment(data=b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), filename="tool.pdf")
    with pytest.raises(FileTooLarge):
        validate_attachment(data=PNG, filename="a.png", limits=Limits(max_size=10))


@pytest.mark.parametrize("name, safe", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\王\\合同 草稿.docx", "合同 草稿.docx"),
    ("evil\u202egpj.exe\x00.pdf", "evilgpj.exe.pdf"),
    ("CON.txt", "attachment-CON.txt"),
    ("...", "attachment"),
    ('a<b>:"c"|?*.pdf', "a_b___c____.pdf"),
])
def test_filenames_are_sanitised(name, safe):
    assert sanitise_filename(name) == safe


def test_long_names_keep_their_extension():
    name = sanitise_filename("合" * 300 + ".pdf")
    assert len(name) == 120 and name.endswith("合.pdf")
