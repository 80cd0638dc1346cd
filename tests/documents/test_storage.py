import hashlib
import os

import pytest

from service.documents.errors import DocumentError, StoredFileMissing, Tampered
from service.documents.storage import FileStore


def test_put_and_get_by_sha256(tmp_path):
    store = FileStore(tmp_path)
    sha256 = store.put(b"contract v1")
    assert sha256 == hashlib.sha256(b"contract v1").hexdigest()
    assert store.path(sha256) == tmp_path / sha256[:2] / sha256[2:4] / sha256
    assert store.get(sha256) == b"contract v1" and store.exists(sha256)


def test_put_is_idempotent(tmp_path):
    store = FileStore(tmp_path)
    assert store.put(b"same") == store.put(b"same")
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [hashlib.sha256(b"same").hexdigest()]


def test_a_file_changed_on_disk_is_refused(tmp_path):
    store = FileStore(tmp_path)
    sha256 = store.put(b"amount: 100")
    path = store.path(sha256)
    os.chmod(path, 0o644)
    path.write_bytes(b"amount: 999")
    with pytest.raises(Tampered) as raised:
        store.get(sha256)
    assert raised.value.path == str(path) and "changed on disk" in raised.value.message


def test_putting_the_data_again_repairs_a_tampered_copy(tmp_path):
    store = FileStore(tmp_path)
    sha256 = store.put(b"original")
    os.chmod(store.path(sha256), 0o644)
    store.path(sha256).write_bytes(b"damaged")
    store.put(b"original")
    assert store.get(sha256) == b"original"


def test_missing_files_and_bad_names(tmp_path):
    store = FileStore(tmp_path)
    with pytest.raises(StoredFileMissing):
        store.get("0" * 64)
    with pytest.raises(DocumentError, match="not a SHA-256"):
        store.get("../../etc/passwd")
