"""Generated documents per second through Pactum's render path, next to raw docxtpl on the same template.

Pactum's path per document: choose the clause variants, build the context from the service's plain dicts,
fill the clauses, render with the sandboxed environment, write a reproducible zip and hash it; the template
was validated once before (the service validates on upload and keeps the result). Raw docxtpl renders the
same template with the same, already built context and saves it. The two run in alternating rounds, so that
the machine's load weighs on both alike.
Run: .venv/bin/python -m bench.documents [--n 200] [--template sales_zh_CN.docx]
"""

import argparse
import io
import os
import time

from docxtpl import DocxTemplate

from service.documents.clauses import choose, shipped_library
from service.documents.context import build_context
from service.documents.render import fill_clauses, render
from service.documents.samples import sample_inputs
from service.documents.shipped.build import HERE as SHIPPED
from service.documents.validation import validate_template

TARGET_RATIO = 0.70  # Pactum's rate / raw docxtpl's rate
ROUND = 20


def pactum(template, inputs, language):
    """One document the way the service generates it."""
    selection = choose(library=shipped_library(), contract=inputs["contract"], language=language)
    context = build_context(language=language, clauses=selection.texts, **inputs)
    return render(template=template, context=context).sha256


def raw(template, context):
    """One document with docxtpl alone."""
    document = DocxTemplate(io.BytesIO(template))
    document.render(context)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def measure(n, template, language):
    """Seconds spent on n documents each way, in alternating rounds."""
    inputs = sample_inputs()
    selection = choose(library=shipped_library(), contract=inputs["contract"], language=language)
    raw_context = fill_clauses(context=build_context(language=language, clauses=selection.texts, **inputs))
    pactum(template, inputs, language), raw(template, raw_context)  # warm both: imports, first compile
    spent = {"pactum": 0.0, "raw": 0.0}
    for start in range(0, n, ROUND):
        count = min(ROUND, n - start)
        began = time.perf_counter()
        for _ in range(count):
            pactum(template, inputs, language)
        spent["pactum"] += time.perf_counter() - began
        began = time.perf_counter()
        for _ in range(count):
            raw(template, raw_context)
        spent["raw"] += time.perf_counter() - began
    return spent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="documents each way")
    parser.add_argument("--template", default="sales_zh_CN.docx", help="a shipped template's file name")
    args = parser.parse_args()
    template = (SHIPPED / args.template).read_bytes()
    language = "zh_CN" if "zh_CN" in args.template else "en"
    validate_template(data=template, language=language)
    load_before = os.getloadavg()
    spent = measure(args.n, template, language)
    load_after = os.getloadavg()
    ours, theirs = args.n / spent["pactum"], args.n / spent["raw"]
    ratio = ours / theirs
    print(f"{args.template}, {args.n} documents each way, {os.cpu_count()} cores")
    print(f"  load average (1/5/15 min) before {'/'.join(f'{x:.2f}' for x in load_before)}, "
          f"after {'/'.join(f'{x:.2f}' for x in load_after)}")
    print(f"  Pactum render path: {ours:7.1f} documents/s ({1000 / ours:.1f} ms each)")
    print(f"  raw docxtpl:        {theirs:7.1f} documents/s ({1000 / theirs:.1f} ms each)")
    verdict = "met" if ratio >= TARGET_RATIO else "MISSED"
    print(f"  ratio {ratio:.2f} (target >= {TARGET_RATIO:.2f}: {verdict})")


if __name__ == "__main__":
    main()
