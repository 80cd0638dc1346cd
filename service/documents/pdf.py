"""A .docx as PDF through LibreOffice headless.

Each conversion runs in its own temporary folder with its own LibreOffice profile, so parallel conversions
(several workers) never share, lock or corrupt a profile; a fresh profile costs a second or two per conversion.
"""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import ConversionFailed, ConverterMissing

TIMEOUT = 120  # seconds; a first start of LibreOffice on a slow machine takes a while
CANDIDATES = ("soffice", "libreoffice")


def find_converter():
    """The path of LibreOffice's soffice, or None when it is not installed."""
    return next((path for path in map(shutil.which, CANDIDATES) if path), None)


def to_pdf(*, data, timeout=TIMEOUT, soffice=None):
    """The PDF bytes of a .docx; ConverterMissing without LibreOffice, ConversionFailed when it fails or times out."""
    soffice = soffice or find_converter()
    if not soffice:
        raise ConverterMissing("PDF export needs LibreOffice, which is not installed on the server; "
                               "ask an administrator to install it (Debian: apt-get install libreoffice-writer)")
    with tempfile.TemporaryDirectory(prefix="pactum-pdf-") as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(data)
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)]
        _run(command, timeout=timeout, cwd=work)
        result = work / "out" / "document.pdf"
        if not result.exists():
            raise ConversionFailed("LibreOffice produced no PDF; the document may be damaged")
        return result.read_bytes()


def _run(command, *, timeout, cwd):
    """Runs LibreOffice in its own process group, so that a timeout ends it and every helper it started."""
    environment = {**os.environ, "HOME": str(cwd)}
    with subprocess.Popen(command, cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          start_new_session=True) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionFailed(f"LibreOffice did not finish the PDF within {timeout} seconds") from None
    if process.returncode != 0:
        tail = output.decode(errors="replace").strip()[-300:]
        raise ConversionFailed(f"LibreOffice failed to convert the document (exit {process.returncode}): {tail}")
