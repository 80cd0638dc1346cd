"""The company seal: a PAdES signature that pyHanko validates, and verify() that tells any change."""

import io
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import add_validation_info, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from service.signing import pdf
from service.signing.errors import CertificateExpired, DocumentError, SigningError
from service.signing.pades import SEAL_FIELD, outside_event_loop, seal, verify
from service.signing.pages import append_signature_page
from tests.signing.conftest import AMOUNT, signatures, text_of


def _change_byte(data, old, new):
    at = data.index(old)
    return data[:at] + new + data[at + len(new):]


def _append_update(sealed, content):
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=content)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_sealed_pdf_validates_with_pyhanko_against_the_dev_ca(sealed, company):
    [signature] = PdfFileReader(io.BytesIO(sealed)).embedded_signatures
    context = ValidationContext(trust_roots=list(company.trust_roots))
    status = outside_event_loop(lambda: validate_pdf_signature(signature, context))
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert signature.field_name == SEAL_FIELD
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert signature.docmdp_level.name == "NO_CHANGES"  # a certification signature
    embedded = {choice.chosen.subject.native["common_name"] for choice in signature.signed_data["certificates"]}
    assert embedded == {"Pactum Demo Company", "Pactum Demo Company Development CA"}  # the whole chain


def test_verify_reports_a_good_seal(sealed, company):
    result = verify(sealed, trust_roots=company.trust_roots)
    assert (result.valid, result.intact, result.trusted, result.changed_after_signing) == (True, True, True, False)
    assert result.signer == "Pactum Demo Company" and result.problems == ()
    assert abs(result.signed_at - datetime.now(UTC)) < timedelta(minutes=5)


def test_the_seal_keeps_reason_location_and_contact(sealed):
    [signature] = PdfFileReader(io.BytesIO(sealed)).embedded_signatures
    fields = signature.sig_object
    assert (fields["/Reason"], fields["/Location"], fields["/ContactInfo"]) == (
        "Contract C-2026-0042 signed", "Shanghai", "legal@pactum.example")


def test_one_byte_changed_inside_the_signed_range_breaks_integrity(sealed, company):
    tampered = _change_byte(sealed, AMOUNT.encode(), b"Amount: 9")
    result = verify(tampered, trust_roots=company.trust_roots)
    assert not result.valid and not result.intact
    assert "was changed: the file's bytes no longer match the signature" in result.problems[0]


def test_a_changed_signature_value_does_not_verify(sealed, company):
    start = sealed.index(b"/Contents <") + len(b"/Contents <")
    cms = sealed[start:sealed.index(b">", start)].rstrip(b"0")  # the reserved space is padded with zeros
    at = start + len(cms) - 20  # inside the signature value, the last field of the CMS structure
    flipped = b"0" if sealed[at:at + 1] != b"0" else b"1"
    result = verify(sealed[:at] + flipped + sealed[at + 1:], trust_roots=company.trust_roots)
    assert not result.valid and "does not verify with its certificate" in result.problems[0]


def test_an_incremental_update_that_changes_content_is_reported(sealed, company):
    changed = _append_update(sealed, b"BT /F1 24 Tf 100 700 Td (PAID IN FULL) Tj ET")
    result = verify(changed, trust_roots=company.trust_roots)
    assert result.intact and result.trusted and result.changed_after_signing and not result.valid
    assert "The file was changed after Pactum Demo Company signed it" in result.problems[0]


def test_a_pdf_sealed_by_another_certificate_is_not_trusted(final, company, stranger):
    forged = seal(final, signer=stranger, reason="Signed", location="Elsewhere")
    result = verify(forged, trust_roots=company.trust_roots)
    assert result.intact and not result.trusted and not result.valid
    assert result.signer == "Mallory Ltd"
    assert "not trusted here" in result.problems[0] and "Mallory Ltd Development CA" in result.problems[0]
    assert verify(forged, trust_roots=stranger.trust_roots).valid


def test_files_without_a_good_seal_are_reported_not_raised(approved, sealed, company):
    for data, problem in ((approved, "carries no digital signature"), (b"GIF89a", "not a complete, readable"),
                          (sealed[: len(sealed) // 2], "not a complete"), (sealed[:-200], "not a complete")):
        result = verify(data, trust_roots=company.trust_roots)
        assert not result.valid and not result.intact and problem in result.problems[0]


def test_trust_roots_may_be_given_as_der_or_pem(sealed, company):
    pem = company.trust_roots[0].dump()
    assert verify(sealed, trust_roots=[pem]).valid
    as_pem = x509.load_der_x509_certificate(pem).public_bytes(serialization.Encoding.PEM)
    assert verify(sealed, trust_roots=[as_pem]).valid
    with pytest.raises(SigningError, match="at least one trust root"):
        verify(sealed, trust_roots=[])


def test_a_seal_checked_after_the_certificate_expired_says_why(sealed, company):
    result = verify(sealed, trust_roots=company.trust_roots, now=company.not_after + timedelta(days=1))
    assert not result.valid and "without a timestamp (PAdES B-T)" in result.problems[0]


def test_an_expired_certificate_does_not_seal(final, company):
    with pytest.raises(CertificateExpired, match="expired on"):
        seal(final, signer=company, reason="r", location="l", now=company.not_after + timedelta(seconds=1))


def test_a_sealed_pdf_is_not_sealed_twice(sealed, company):
    with pytest.raises(DocumentError, match="cannot be sealed"):
        seal(sealed, signer=company, reason="again", location="Shanghai")


def test_validation_data_added_later_keeps_the_seal_valid(sealed, company):
    [signature] = PdfFileReader(io.BytesIO(sealed)).embedded_signatures
    context = ValidationContext(trust_roots=list(company.trust_roots), allow_fetching=False)
    with_dss = outside_event_loop(lambda: add_validation_info(signature, context, force_write=True)).getvalue()
    assert len(with_dss) > len(sealed)
    assert verify(with_dss, trust_roots=company.trust_roots).valid


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_a_libreoffice_pdf_with_a_chinese_signature_page_seals_and_verifies(tmp_path, company):
    source = tmp_path / "contract.html"
    source.write_text("<html><body><h1>框架协议</h1><p>合同金额：1,000,000.00 元</p></body></html>", encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    approved = (tmp_path / "contract.pdf").read_bytes()
    sha = pdf.sha256(approved)
    final = append_signature_page(approved, contract_number="C-2026-0042", title="框架协议", document_sha256=sha,
                                  signatures=signatures(sha), language="zh")
    result = verify(seal(final, signer=company, reason="合同已签署", location="上海"), trust_roots=company.trust_roots)
    assert result.valid and result.problems == ()
    assert final.startswith(approved) and "已申请用印" in text_of(final)
