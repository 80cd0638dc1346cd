"""Signing one contract: signature page, PAdES seal and verification, timed per document.

For each of N approved PDFs (20 pages of contract text): append the signature page with two
signatures (English or Chinese), seal it with the development certificate, verify it. Prints the
median and the worst time of each step in milliseconds. Needs no database and no Redis.
Run: .venv/bin/python bench/signing.py [--n 20] [--pages 20] [--language zh]
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: put the project root (service/) on the path

from service.signing import pdf  # noqa: E402
from service.signing.certificates import ensure_dev_certificate  # noqa: E402
from service.signing.pades import seal, verify  # noqa: E402
from service.signing.pages import COMPANY, COUNTERPARTY, Signature, append_signature_page  # noqa: E402


def approved_pdf(number, pages):
    document = FPDF()
    document.set_font("helvetica", size=11)
    for page in range(pages):
        document.add_page()
        document.multi_cell(w=0, text=f"Contract {number}, page {page + 1}. " + "The parties agree. " * 120)
    return bytes(document.output())


def signatures(sha):
    return [
        Signature(name="张三", title="法务总监", organisation="Pactum Demo Company", party=COMPANY,
                  signed_at=datetime.now(UTC), timezone="Asia/Shanghai", seen_sha256=sha, ip="203.0.113.7",
                  user_agent="Mozilla/5.0 Firefox/128.0", seal_requested=True, seal_note="合同专用章"),
        Signature(name="Jane Roe", title="CFO", organisation="Acme Trading Ltd.", party=COUNTERPARTY,
                  signed_at=datetime.now(UTC), timezone="Europe/Berlin", seen_sha256=sha, ip="198.51.100.23",
                  user_agent="Mozilla/5.0 Safari/605.1.15"),
    ]


def sign_one(approved, *, identity, language, number):
    """Times of the three steps, in milliseconds."""
    sha = pdf.sha256(approved)
    started = time.perf_counter()
    final = append_signature_page(approved, contract_number=f"C-{number:04d}", title="Framework agreement",
                                  document_sha256=sha, signatures=signatures(sha), language=language)
    paged = time.perf_counter()
    sealed = seal(final, signer=identity, reason="Contract signed", location="Shanghai")
    sealed_at = time.perf_counter()
    result = verify(sealed, trust_roots=identity.trust_roots)
    verified = time.perf_counter()
    assert result.valid, result.problems
    return [(paged - started) * 1000, (sealed_at - paged) * 1000, (verified - sealed_at) * 1000]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--language", default="zh")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        identity = ensure_dev_certificate(directory=Path(directory) / "dev")
        documents = [approved_pdf(number, args.pages) for number in range(args.n)]
        sign_one(documents[0], identity=identity, language=args.language, number=0)  # warm up: font, imports
        times = [sign_one(doc, identity=identity, language=args.language, number=n) for n, doc in enumerate(documents)]
    print(f"{args.n} documents of {args.pages} pages, signature page in {args.language}, "
          f"{len(documents[0]) // 1024} KiB each")
    for step, column in zip(("signature page", "seal", "verify"), zip(*times, strict=True), strict=True):
        print(f"  {step:15} median {statistics.median(column):7.1f} ms   max {max(column):7.1f} ms")
    total = [sum(row) for row in times]
    print(f"  {'all three':15} median {statistics.median(total):7.1f} ms   max {max(total):7.1f} ms")


if __name__ == "__main__":
    main()
