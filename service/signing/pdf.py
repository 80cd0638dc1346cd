"""Reading the PDF to sign, and adding pages to it as an incremental update that leaves its bytes as they were.

Because the approved PDF is never rewritten, the final PDF starts with exactly the approved bytes:
its first len(approved) bytes still hash to the approved version's SHA-256.
"""

import hashlib
import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from .errors import DocumentError

_HEADER_WINDOW = 1024  # readers accept junk before %PDF- within the first kilobyte


def sha256(data):
    """SHA-256 of the bytes, as lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def read(pdf_bytes):
    """A pyHanko reader over the PDF; DocumentError when it is not a readable, unencrypted PDF."""
    if not isinstance(pdf_bytes, bytes | bytearray) or b"%PDF-" not in pdf_bytes[:_HEADER_WINDOW]:
        raise DocumentError("The file is not a PDF: convert the approved document to PDF first")
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        reader.root  # noqa: B018 - resolves the trailer, so that a broken file fails here and not later
    except (PdfError, ValueError, KeyError) as error:
        raise DocumentError(f"The PDF cannot be read ({error}): export the document to PDF again") from None
    if reader.encrypted:
        raise DocumentError("The PDF is encrypted: export it again without a password or permissions")
    return reader


def page_count(pdf_bytes):
    """The number of pages of the PDF."""
    return int(read(pdf_bytes).root["/Pages"]["/Count"])


def update(pdf_bytes):
    """An incremental writer over the PDF: what it writes is appended after the original bytes."""
    read(pdf_bytes)
    return IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)


def append_pages(pdf_bytes, *, pages_pdf):
    """The PDF with all pages of `pages_pdf` added at its end, in one incremental update."""
    writer = update(pdf_bytes)
    source = read(pages_pdf)
    # The other file's page tree becomes one subtree of ours, so its pages keep sharing their fonts.
    subtree_ref = writer.import_object(source.root.raw_get("/Pages"))
    subtree = subtree_ref.get_object()
    root_ref = writer.root.raw_get("/Pages")
    root = root_ref.get_object()
    subtree[generic.pdf_name("/Parent")] = root_ref
    _stop_inheritance(subtree, parent=root)
    root["/Kids"].append(subtree_ref)
    root[generic.pdf_name("/Count")] = generic.NumberObject(root["/Count"] + subtree["/Count"])
    writer.update_container(root)
    writer.update_container(root["/Kids"])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stop_inheritance(subtree, *, parent):
    """A rotation or crop box set on the document's page tree must not reach the added pages."""
    if "/Rotate" in parent:
        subtree[generic.pdf_name("/Rotate")] = generic.NumberObject(0)
    if "/CropBox" in parent:
        first_page = subtree["/Kids"][0].get_object()
        subtree[generic.pdf_name("/CropBox")] = first_page.get("/MediaBox") or subtree["/MediaBox"]
