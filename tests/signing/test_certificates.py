"""The company's signing certificate: the development one made on demand, a configured one loaded from files."""

import os
import stat
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from service.signing.certificates import (
    CA_FILE,
    CERT_FILE,
    KEY_FILE,
    ensure_dev_certificate,
    load_certificate,
    load_trust_roots,
)
from service.signing.errors import CertificateError, CertificateExpired


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_dev_certificate_is_made_once_with_a_private_key(tmp_path):
    directory = tmp_path / "instance" / "signing"
    first = ensure_dev_certificate(directory=directory)
    files = {name: (directory / name).read_bytes() for name in (KEY_FILE, CERT_FILE, CA_FILE)}
    again = ensure_dev_certificate(directory=directory)
    assert again.fingerprint == first.fingerprint
    assert files == {name: (directory / name).read_bytes() for name in files}
    assert _mode(directory / KEY_FILE) == 0o600 and _mode(directory) == 0o700
    assert [p.name for p in tmp_path.joinpath("instance").iterdir()] == ["signing"]  # no staging left behind


def test_dev_certificate_names_the_company_and_chains_to_its_ca(company):
    assert company.subject == "Pactum Demo Company"
    assert company.certificate.subject.native["organizational_unit_name"].startswith("Development")
    [root] = company.trust_roots
    assert root.subject.native["common_name"] == "Pactum Demo Company Development CA"
    assert company.certificate.issuer == root.subject
    assert company.certificate.key_usage_value.native == {"digital_signature", "non_repudiation"}
    assert "Pactum Demo Company" in repr(company) and "PRIVATE" not in repr(company)


def test_a_directory_with_other_files_is_not_taken_over(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(CertificateError, match="not a complete development certificate"):
        ensure_dev_certificate(directory=tmp_path)


def test_an_expired_dev_certificate_says_how_to_make_a_new_one(tmp_path):
    ensure_dev_certificate(directory=tmp_path / "dev", now=datetime(2015, 1, 1, tzinfo=UTC))
    with pytest.raises(CertificateExpired, match="to 2017-12-30: delete the directory and run `make demo` again"):
        ensure_dev_certificate(directory=tmp_path / "dev")


def _pkcs12(identity_dir, path, password):
    key = serialization.load_pem_private_key((identity_dir / KEY_FILE).read_bytes(), None)
    cert = x509.load_pem_x509_certificate((identity_dir / CERT_FILE).read_bytes())
    ca = x509.load_pem_x509_certificate((identity_dir / CA_FILE).read_bytes())
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"pactum", key, cert, [ca], encryption))
    return path


@pytest.fixture
def dev_dir(tmp_path):
    ensure_dev_certificate(directory=tmp_path / "dev")
    return tmp_path / "dev"


def test_pkcs12_with_its_password_loads_key_certificate_and_chain(dev_dir, tmp_path):
    path = _pkcs12(dev_dir, tmp_path / "company.p12", b"s3cret")
    identity = load_certificate(path=path, password="s3cret")
    assert identity.fingerprint == load_certificate(path=dev_dir / CERT_FILE, key_path=dev_dir / KEY_FILE).fingerprint
    assert len(identity.trust_roots) == 1


def test_pkcs12_without_or_with_a_wrong_password_says_so(dev_dir, tmp_path):
    path = _pkcs12(dev_dir, tmp_path / "company.p12", b"s3cret")
    with pytest.raises(CertificateError, match="set SIGNING_CERT_PASSWORD"):
        load_certificate(path=path)
    with pytest.raises(CertificateError, match="SIGNING_CERT_PASSWORD is wrong"):
        load_certificate(path=path, password="guess")


def test_encrypted_pem_key_needs_its_password(dev_dir, tmp_path):
    key = serialization.load_pem_private_key((dev_dir / KEY_FILE).read_bytes(), None)
    encrypted = tmp_path / "key.pem"
    encrypted.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.BestAvailableEncryption(b"s3cret")))
    with pytest.raises(CertificateError, match="encrypted: set SIGNING_CERT_PASSWORD"):
        load_certificate(path=dev_dir / CERT_FILE, key_path=encrypted)
    with pytest.raises(CertificateError, match="SIGNING_CERT_PASSWORD is wrong"):
        load_certificate(path=dev_dir / CERT_FILE, key_path=encrypted, password="guess")
    assert load_certificate(path=dev_dir / CERT_FILE, key_path=encrypted, password="s3cret").subject


def test_one_pem_file_may_hold_key_certificate_and_chain(dev_dir, tmp_path):
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(b"".join((dev_dir / name).read_bytes() for name in (CA_FILE, KEY_FILE, CERT_FILE)))
    identity = load_certificate(path=bundle)
    assert identity.subject == "Pactum Demo Company" and len(identity.chain) == 1


def test_missing_files_and_a_foreign_key_are_named(dev_dir, tmp_path):
    with pytest.raises(CertificateError, match="does not exist: check the path"):
        load_certificate(path=tmp_path / "nowhere.p12")
    ensure_dev_certificate(directory=tmp_path / "other")
    with pytest.raises(CertificateError, match="No certificate in .* belongs to the private key"):
        load_certificate(path=dev_dir / CERT_FILE, key_path=tmp_path / "other" / KEY_FILE)


def test_a_configured_certificate_past_its_end_is_refused(dev_dir):
    later = datetime.now(UTC) + timedelta(days=4 * 365)
    with pytest.raises(CertificateExpired, match="expired on .*renew it"):
        load_certificate(path=dev_dir / CERT_FILE, key_path=dev_dir / KEY_FILE, now=later)


def test_trust_roots_load_from_a_pem_file(dev_dir):
    roots = load_trust_roots(path=dev_dir / CA_FILE)
    assert len(roots) == 1 and roots[0].subject == roots[0].issuer
