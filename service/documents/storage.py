"""Content-addressed files: a file's name is its SHA-256, and every read checks that it still is.

Files live at <root>/<aa>/<bb>/<sha256>, written to a temporary file in the same folder and renamed into
place, so a reader never sees half a file and writing the same content twice changes nothing.
Nothing here deletes: whether a file may go is for the service to decide.
"""

import hashlib
import os
import re
import tempfile
from pathlib import Path

from .errors import DocumentError, StoredFileMissing, Tampered

SHA256 = re.compile(r"[0-9a-f]{64}")


class FileStore:
    """Files by SHA-256 under one root folder."""

    def __init__(self, root):
        self.root = Path(root)

    def path(self, sha256):
        """Where the file with this SHA-256 lives (whether or not it exists)."""
        if not isinstance(sha256, str) or not SHA256.fullmatch(sha256):
            raise DocumentError(f"{sha256!r} is not a SHA-256 (64 lowercase hexadecimal characters)")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data):
        """Stores the bytes (once) and returns their SHA-256; a damaged copy on disk is replaced."""
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.path(sha256)
        if path.exists() and _digest(path) == sha256:
            return sha256
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o444)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return sha256

    def get(self, sha256):
        """The bytes stored under this SHA-256; StoredFileMissing, or Tampered when they changed on disk."""
        path = self.path(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise StoredFileMissing(f"the stored file {sha256} is missing from {path.parent}") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise Tampered(f"the stored file {path} was changed on disk: its content no longer matches its SHA-256; "
                           f"restore it from a backup", path=str(path))
        return data

    def exists(self, sha256):
        """Whether a file with this SHA-256 is stored (its content is checked on get, not here)."""
        return self.path(sha256).is_file()


def _digest(path):
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
