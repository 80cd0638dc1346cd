"""The signature page: every value of every signature, in English and in Chinese, with the CJK font embedded."""

import dataclasses
import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from service.signing import pdf
from service.signing.errors import DocumentError, FontMissing, HashMismatch, SigningError
from service.signing.pages import COUNTERPARTY, Signature, append_signature_page, page_language
from tests.signing.conftest import make_pdf, signatures, text_of


def _append(approved, language="en", **overrides):
    sha = pdf.sha256(approved)
    arguments = dict(contract_number="C-2026-0042", title="框架协议 Framework agreement", document_sha256=sha,
                     signatures=signatures(sha), language=language) | overrides
    return append_signature_page(approved, **arguments)


def _embedded_fonts(pdf_bytes, page=-1):
    fonts = PdfReader(io.BytesIO(pdf_bytes)).pages[page]["/Resources"]["/Font"].values()
    descendants = [font.get_object()["/DescendantFonts"][0].get_object() for font in fonts]
    return {str(font["/BaseFont"]): sorted(k for k in font["/FontDescriptor"] if k.startswith("/FontFile"))
            for font in descendants}


def test_english_page_shows_the_contract_and_every_signature(approved, final):
    sha = pdf.sha256(approved)
    text = text_of(final)
    assert pdf.page_count(final) == pdf.page_count(approved) + 1
    for value in ("Signature page", "C-2026-0042", "Framework agreement", sha, "Pages of the approved", "张三",
                  "法务总监", "Pactum Demo Company", "Company", "2026-03-01 08:00:00 UTC",
                  "2026-03-01 16:00:00 Asia/Shanghai (UTC+08:00)", "203.0.113.7", "Firefox/128.0",
                  "Company seal (用印)", "Requested: 合同专用章，一式两份", "Jane Roe", "CFO", "Acme Trading Ltd.",
                  "Counterparty", "2026-03-02 09:30:15 UTC", "2026-03-02 10:30:15 Europe/Berlin (UTC+01:00)",
                  "198.51.100.23", "Safari/605.1.15"):
        assert value in text, value
    assert text.count(sha) == 3  # the document's, and the one each signer saw
    assert text.count("Company seal") == 1  # only the step that requested the seal shows one


def test_chinese_page_renders_with_an_embedded_cjk_font(approved):
    final = _append(approved, language="zh_Hans_CN")
    text = text_of(final)
    for value in ("签署页", "合同编号", "C-2026-0042", "框架协议", "签署记录", "本公司", "相对方", "签署时间（UTC）",
                  "用印", "已申请用印：合同专用章，一式两份", "张三", "Jane Roe", pdf.sha256(approved)):
        assert value in text, value
    [(name, files)] = _embedded_fonts(final).items()
    assert "NotoSansCJK" in name and files == ["/FontFile2"]


def test_the_approved_bytes_stay_as_they_were(approved, final):
    assert final[: len(approved)] == approved
    assert pdf.sha256(final[: len(approved)]) == pdf.sha256(approved)
    assert text_of(final, page=0) == text_of(approved, page=0)


def test_many_signatures_continue_on_more_pages(approved):
    sha = pdf.sha256(approved)
    first = signatures(sha)[1]
    many = [dataclasses.replace(first, name=f"Signer {n}", signed_at=first.signed_at + timedelta(minutes=n))
            for n in range(12)]
    final = _append(approved, signatures=many)
    added = pdf.page_count(final) - pdf.page_count(approved)
    assert added >= 2
    text = "".join(text_of(final, page=-1 - n) for n in range(added))
    assert all(f"Signer {n}\n" in text for n in range(12))
    assert f"signature page {added}/{added}" in text


def test_a_pdf_that_is_not_the_approved_version_is_refused(approved):
    with pytest.raises(HashMismatch, match="not the approved version's"):
        _append(approved, document_sha256="0" * 64)
    with pytest.raises(DocumentError, match="is not a SHA-256"):
        _append(approved, document_sha256="abc")


def test_a_signature_of_another_version_is_void(approved):
    sha = pdf.sha256(approved)
    stale = [*signatures(sha)[:1], dataclasses.replace(signatures(sha)[1], seen_sha256="f" * 64)]
    with pytest.raises(HashMismatch, match="Jane Roe signed the version with SHA-256 f{64}.*void"):
        _append(approved, signatures=stale)


def test_bad_input_says_what_to_fix(approved):
    sha = pdf.sha256(approved)
    signer = Signature(name="A", title="B", organisation="C", party=COUNTERPARTY,
                       signed_at=datetime(2026, 3, 1, tzinfo=UTC), seen_sha256=sha)
    with pytest.raises(DocumentError, match="not a PDF"):
        append_signature_page(b"plain text", contract_number="C", title="T", document_sha256=pdf.sha256(b"plain text"),
                              signatures=[signer])
    with pytest.raises(DocumentError, match="at least one signature"):
        _append(approved, signatures=[])
    with pytest.raises(SigningError, match="has no time zone"):
        _append(approved, signatures=[dataclasses.replace(signer, signed_at=datetime(2026, 3, 1))])
    with pytest.raises(SigningError, match="Unknown time zone 'Mars/Olympus'"):
        _append(approved, signatures=[dataclasses.replace(signer, timezone="Mars/Olympus")])
    with pytest.raises(SigningError, match="use 'company' or 'counterparty'"):
        _append(approved, signatures=[dataclasses.replace(signer, party="witness")])


def test_page_language_follows_the_locale():
    assert [page_language(x) for x in ("en", "en_GB", "zh", "zh_Hans_CN", "zh-CN")] == ["en", "en", "zh", "zh", "zh"]
    with pytest.raises(SigningError, match="No signature page in language 'fr'"):
        page_language("fr")


def test_a_configured_font_that_is_missing_is_named(approved, tmp_path):
    with pytest.raises(FontMissing, match="does not exist"):
        _append(approved, font_path=tmp_path / "none.ttf")


def test_control_characters_from_a_browser_do_not_reach_the_page(approved):
    sha = pdf.sha256(approved)
    odd = dataclasses.replace(signatures(sha)[1], user_agent="Evil\x00Agent\x1b[31m/1.0")
    assert "EvilAgent[31m/1.0" in text_of(_append(approved, signatures=[odd]))


def test_an_approved_pdf_of_many_pages_keeps_them_in_order():
    approved = make_pdf("Statement of work", pages=5)
    final = _append(approved)
    assert [text_of(final, page=n).startswith("Statement of work") for n in range(6)] == [True] * 5 + [False]
