"""Fixtures for the signing library: a development CA, a stranger's CA, an approved PDF and its signatures."""

import io
from datetime import UTC, datetime

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from service.signing import pdf
from service.signing.certificates import ensure_dev_certificate
from service.signing.pades import seal
from service.signing.pages import COMPANY, COUNTERPARTY, Signature, append_signature_page

AMOUNT = "Amount: 1000000.00 CNY"


def make_pdf(*lines, pages=1):
    """A small PDF whose text is uncompressed, so a test can find and change it byte for byte."""
    document = FPDF()
    document.set_compression(False)
    for _ in range(pages):
        document.add_page()
        document.set_font("helvetica", size=12)
        for line in lines:
            document.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def signatures(sha256):
    """A company signatory who requests the seal, then the counterparty."""
    return [
        Signature(name="张三", title="法务总监", organisation="Pactum Demo Company", party=COMPANY,
                  signed_at=datetime(2026, 3, 1, 8, 0, tzinfo=UTC), timezone="Asia/Shanghai", seen_sha256=sha256,
                  ip="203.0.113.7", user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
                  seal_requested=True, seal_note="合同专用章，一式两份"),
        Signature(name="Jane Roe", title="CFO", organisation="Acme Trading Ltd.", party=COUNTERPARTY,
                  signed_at=datetime(2026, 3, 2, 9, 30, 15, tzinfo=UTC), timezone="Europe/Berlin",
                  seen_sha256=sha256, ip="198.51.100.23", user_agent="Mozilla/5.0 (Macintosh) Safari/605.1.15"),
    ]


def text_of(pdf_bytes, page=-1):
    return PdfReader(io.BytesIO(pdf_bytes)).pages[page].extract_text()


@pytest.fixture(scope="session")
def company(tmp_path_factory):
    return ensure_dev_certificate(directory=tmp_path_factory.mktemp("signing") / "dev")


@pytest.fixture(scope="session")
def stranger(tmp_path_factory):
    return ensure_dev_certificate(directory=tmp_path_factory.mktemp("stranger") / "dev", organisation="Mallory Ltd")


@pytest.fixture(scope="session")
def approved():
    return make_pdf("Framework agreement C-2026-0042", AMOUNT, pages=2)


@pytest.fixture(scope="session")
def final(approved):
    """The approved PDF with its English signature page."""
    return append_signature_page(approved, contract_number="C-2026-0042", title="Framework agreement",
                                 document_sha256=pdf.sha256(approved), signatures=signatures(pdf.sha256(approved)))


@pytest.fixture(scope="session")
def sealed(final, company):
    return seal(final, signer=company, reason="Contract C-2026-0042 signed", location="Shanghai",
                contact="legal@pactum.example")
