"""Attachments (price lists, scans, counterparty drafts): type sniffed from the bytes, size limit, a safe file name."""

import posixpath
import re
import unicodedata
from dataclasses import dataclass

from .archive import Limits, check_size, open_office_file
from .errors import FileRejected

ATTACHMENT_LIMITS = Limits(max_size=20 * 1024 * 1024)
MAX_NAME = 120  # characters, extension included
TYPES = {  # kind: (media type, extensions, what a person calls it)
    "pdf": ("application/pdf", (".pdf",), "a PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",),
             "a Word document"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "an Excel workbook"),
    "png": ("image/png", (".png",), "a PNG image"),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg"), "a JPEG image"),
    "csv": ("text/csv", (".csv",), "a CSV file"),
    "txt": ("text/plain", (".txt",), "a text file"),
}
MAGIC = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"PK\x03\x04", "zip"))
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # text files hold none of these
FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


@dataclass(frozen=True)
class Attachment:
    """An accepted attachment: its sanitised file name, sniffed kind and media type, size."""

    filename: str
    kind: str
    media_type: str
    size: int


def validate_attachment(*, data, filename, limits=ATTACHMENT_LIMITS):
    """An Attachment for acceptable bytes; FileTooLarge or FileRejected (unknown type, extension that lies)."""
    check_size(data, limits=limits, what="the attachment")
    kind = sniff(data=data, limits=limits)
    name = sanitise_filename(filename)
    media_type, extensions, label = TYPES[kind]
    stem, extension = posixpath.splitext(name)
    if kind in ("txt", "csv") and extension.lower() in (".txt", ".csv"):
        kind = extension.lower()[1:]
        media_type = TYPES[kind][0]
    elif extension.lower() not in extensions:
        if extension and extension.lower() in {ext for _, exts, _ in TYPES.values() for ext in exts}:
            raise FileRejected(f"'{name}' is {label}, not what its extension says; rename it to {stem}{extensions[0]}")
        name = _fit(name, extensions[0])
    return Attachment(filename=name, kind=kind, media_type=media_type, size=len(data))


def sniff(*, data, limits=ATTACHMENT_LIMITS):
    """The kind of file from its first bytes (zip archives opened to tell .docx from .xlsx); FileRejected if none."""
    for magic, kind in MAGIC:
        if data.startswith(magic):
            if kind == "zip":
                return open_office_file(data=data, limits=limits, what="the attachment")[1]
            return kind
    if _is_text(data):
        return "txt"
    raise FileRejected("the attachment is not a PDF, Word, Excel, PNG, JPEG, text or CSV file; "
                       "convert it to one of these")


def _is_text(data):
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return CONTROL.search(text) is None


def sanitise_filename(filename):
    """A file name safe to store and to offer for download: no folders, control characters or reserved names."""
    name = unicodedata.normalize("NFC", str(filename or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(char for char in name if not unicodedata.category(char).startswith("C"))
    name = re.sub(r"\s+", " ", FORBIDDEN.sub("_", name)).strip(" .")
    stem, extension = posixpath.splitext(name)
    if not stem or stem.lower() in RESERVED:
        stem = f"attachment{'-' + stem if stem else ''}"
    return _fit(stem, extension)


def _fit(stem, extension):
    """stem + extension, the stem cut so that the whole stays within MAX_NAME characters."""
    extension = extension[:16]
    return stem[: MAX_NAME - len(extension)].rstrip(" .") + extension
