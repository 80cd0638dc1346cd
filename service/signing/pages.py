"""The signature page: who signed which version of the contract, when, from where; in English or Chinese."""

import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fpdf import FPDF, FontFace

from . import fonts, pdf
from .errors import DocumentError, HashMismatch, SigningError

COMPANY, COUNTERPARTY = "company", "counterparty"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MAX_USER_AGENT = 300  # characters shown; the full one stays in the database
_FONT = "signature-page"
_ASCII = "".join(chr(code) for code in range(32, 127))

LABELS = {
    "en": {
        "heading": "Signature page", "contract": "Contract number", "title": "Title",
        "sha256": "SHA-256 of the approved document", "pages": "Pages of the approved document",
        "statement": "Each signer below signed the approved document with the SHA-256 above. This PDF carries a "
                     "digital signature (PAdES) made after this page was added: a PDF reader shows whether the "
                     "file changed since.",
        "signatures": "Signatures", COMPANY: "Company", COUNTERPARTY: "Counterparty",
        "name": "Name", "job_title": "Title", "organisation": "Organisation", "utc": "Signed at (UTC)",
        "local": "Signed at (local time)", "ip": "IP address", "user_agent": "Browser", "seen": "SHA-256 seen",
        "seal": "Company seal (用印)", "seal_requested": "Requested", "colon": ": ",
        "footer": "Contract {number} · signature page",
    },
    "zh": {
        "heading": "签署页", "contract": "合同编号", "title": "合同名称",
        "sha256": "审批定稿文件的 SHA-256", "pages": "审批定稿文件页数",
        "statement": "以下各签署人签署的均为上述 SHA-256 所标识的审批定稿文件。本签署页加入后，本 PDF 文件附有数字签名"
                     "（PAdES）：PDF 阅读器可据此显示文件在签署后是否被改动。",
        "signatures": "签署记录", COMPANY: "本公司", COUNTERPARTY: "相对方",
        "name": "姓名", "job_title": "职务", "organisation": "单位", "utc": "签署时间（UTC）",
        "local": "签署时间（当地时间）", "ip": "IP 地址", "user_agent": "浏览器", "seen": "所见文件 SHA-256",
        "seal": "用印", "seal_requested": "已申请用印", "colon": "：",
        "footer": "合同 {number} · 签署页",
    },
}


@dataclass(frozen=True)
class Signature:
    """One signature as the page shows it; `timezone` is the IANA zone its local time is shown in."""

    name: str
    title: str
    organisation: str
    party: str  # COMPANY or COUNTERPARTY
    signed_at: datetime  # aware
    seen_sha256: str
    timezone: str = "UTC"
    ip: str = ""
    user_agent: str = ""
    seal_requested: bool = False  # a company seal (用印) step
    seal_note: str = ""


def append_signature_page(pdf_bytes, *, contract_number, title, document_sha256, signatures, language="en",
                          font_path=None):
    """The approved PDF with its signature page (signatures in the order they were made) added at its end."""
    # An incremental update: the approved bytes stay as they were, at the start of the result.
    labels = LABELS[page_language(language)]
    document_sha256 = _check_hashes(pdf_bytes, document_sha256=document_sha256, signatures=signatures)
    contract_rows = [
        (labels["contract"], contract_number), (labels["title"], title),
        (labels["sha256"], document_sha256), (labels["pages"], str(pdf.page_count(pdf_bytes))),
    ]
    groups = [_signature_rows(signature, labels, number=number) for number, signature in enumerate(signatures, 1)]
    page = _render(labels=labels, contract_number=_clean(contract_number), contract_rows=contract_rows,
                   groups=groups, font_path=font_path)
    return pdf.append_pages(pdf_bytes, pages_pdf=page)


def page_language(language):
    """'en' or 'zh' for a locale such as 'en', 'zh', 'zh_Hans_CN' or 'zh-CN'."""
    prefix = (language or "").replace("-", "_").split("_")[0].lower()
    if prefix not in LABELS:
        raise SigningError(f"No signature page in language {language!r}: use one of {', '.join(LABELS)}")
    return prefix


def _check_hashes(pdf_bytes, *, document_sha256, signatures):
    pdf.read(pdf_bytes)  # a file that is no PDF is refused as such, before its hash is compared
    expected = (document_sha256 or "").lower()
    if not _SHA256.fullmatch(expected):
        raise DocumentError(f"{document_sha256!r} is not a SHA-256: give the approved version's 64 hex digits")
    actual = pdf.sha256(pdf_bytes)
    if actual != expected:
        raise HashMismatch(f"The PDF's SHA-256 is {actual}, not the approved version's {expected}: "
                           "sign the PDF the approved version was frozen to")
    if not signatures:
        raise DocumentError("A signature page needs at least one signature")
    for signature in signatures:
        if (signature.seen_sha256 or "").lower() != expected:
            raise HashMismatch(f"{signature.name} signed the version with SHA-256 {signature.seen_sha256}, not this "
                               f"one ({expected}): that signature is void, ask them to sign this version")
    return expected


def _signature_rows(signature, labels, *, number):
    """A heading for the signature and its rows of (label, value)."""
    if signature.party not in (COMPANY, COUNTERPARTY):
        raise SigningError(f"The party of {signature.name} is {signature.party!r}: use 'company' or 'counterparty'")
    if signature.signed_at.tzinfo is None:
        raise SigningError(f"The signing time of {signature.name} has no time zone: give an aware datetime")
    try:
        zone = ZoneInfo(signature.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SigningError(f"Unknown time zone {signature.timezone!r} for {signature.name}: "
                           "use an IANA name such as Asia/Shanghai") from None
    utc, local = signature.signed_at.astimezone(UTC), signature.signed_at.astimezone(zone)
    rows = [
        (labels["name"], signature.name), (labels["job_title"], signature.title),
        (labels["organisation"], signature.organisation),
        (labels["utc"], f"{utc:%Y-%m-%d %H:%M:%S} UTC"),
        (labels["local"], f"{local:%Y-%m-%d %H:%M:%S} {signature.timezone} (UTC{_offset(local)})"),
        (labels["ip"], signature.ip or "-"),
        (labels["user_agent"], _shorten(signature.user_agent or "-", _MAX_USER_AGENT)),
        (labels["seen"], signature.seen_sha256.lower()),
    ]
    if signature.seal_requested:
        note = _clean(signature.seal_note)
        rows.append((labels["seal"], labels["seal_requested"] + (labels["colon"] + note if note else "")))
    return f"{number}. {labels[signature.party]}", rows


def _render(*, labels, contract_number, contract_rows, groups, font_path):
    """The signature page(s) as a PDF of their own, in a font cut down to exactly the text they show."""
    footer = labels["footer"].format(number=contract_number)
    texts = [labels["heading"], labels["statement"], labels["signatures"], footer]
    texts += [_clean(text) for row in contract_rows for text in row]
    for heading, rows in groups:
        texts += [heading] + [_clean(text) for row in rows for text in row]
    font = fonts.subset_truetype(path=fonts.find_font(path=font_path), text="".join(texts) + _ASCII)
    with tempfile.TemporaryDirectory(prefix="pactum-signature-page-") as directory:
        font_file = Path(directory) / "font.ttf"
        font_file.write_bytes(font)  # fpdf2 reads fonts from files only
        page = _Page(footer=footer)
        page.add_font(_FONT, "", str(font_file))
        page.set_font(_FONT, size=9)
        page.add_page()
        _write(page, labels=labels, contract_rows=contract_rows, groups=groups)
        return bytes(page.output())


def _write(page, *, labels, contract_rows, groups):
    page.set_font(size=16)
    page.cell(text=labels["heading"], new_x="LMARGIN", new_y="NEXT")
    page.ln(3)
    page.set_font(size=9)
    _table(page, [(label, _clean(value)) for label, value in contract_rows])
    page.ln(3)
    page.multi_cell(w=0, text=labels["statement"], align="L", new_x="LMARGIN", new_y="NEXT")
    page.ln(4)
    page.set_font(size=12)
    page.cell(text=labels["signatures"], new_x="LMARGIN", new_y="NEXT")
    page.ln(2)
    page.set_font(size=9)
    for heading, rows in groups:
        _table(page, [(label, _clean(value)) for label, value in rows], heading=heading)
        page.ln(3)


def _table(page, rows, *, heading=None):
    shaded = FontFace(fill_color=(232, 236, 242))
    with page.table(col_widths=(48, 126), width=174, align="LEFT", first_row_as_headings=False, text_align="LEFT",
                    line_height=5, padding=1.2) as table:
        if heading:
            table.row().cell(heading, colspan=2, style=shaded)
        for label, value in rows:
            row = table.row()
            row.cell(label, style=shaded)
            row.cell(value)


class _Page(FPDF):
    """A4 pages whose footer names the contract and counts the signature pages."""

    def __init__(self, *, footer):
        super().__init__(format="A4")
        self.footer_text = footer
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_creator("Pactum")

    def footer(self):
        self.set_y(-13)
        self.set_font(size=8)
        self.cell(w=0, text=f"{self.footer_text} {self.page_no()}/{{nb}}", align="C")


def _clean(text):
    """Text as the page shows it: a string without control characters (line breaks are kept)."""
    return _CONTROL.sub("", str(text if text is not None else ""))


def _offset(moment):
    """+08:00 rather than +0800."""
    offset = moment.strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def _shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "…"
