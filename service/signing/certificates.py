"""The company's signing certificate: a development one made on demand, or a configured real one."""

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .errors import CertificateError, CertificateExpired

DEV_ORGANISATION = "Pactum Demo Company"
_DEV_UNIT = "Development certificate, not for production"  # shown by PDF readers next to the signer
KEY_FILE, CERT_FILE, CA_FILE = "key.pem", "cert.pem", "ca.pem"
_DEV_LIFETIME = timedelta(days=3 * 365)
_CA_LIFETIME = timedelta(days=10 * 365)
_DOCUMENT_SIGNING = getattr(ExtendedKeyUsageOID, "DOCUMENT_SIGNING", x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36"))
_PEM_KEY = re.compile(rb"-----BEGIN (?:[A-Z ]+ )?PRIVATE KEY-----.+?-----END (?:[A-Z ]+ )?PRIVATE KEY-----", re.S)


@dataclass(frozen=True, repr=False)
class SigningIdentity:
    """A signing key, its certificate and the certificates above it, as pyHanko reads them."""

    certificate: asn1_x509.Certificate
    key: asn1_keys.PrivateKeyInfo
    chain: tuple[asn1_x509.Certificate, ...] = ()

    def __repr__(self):
        return f"<SigningIdentity {self.subject!r} until {self.not_after:%Y-%m-%d} sha256:{self.fingerprint[:16]}>"

    @property
    def subject(self):
        """The certificate's common name (or its whole subject when it has none)."""
        return _common_name(self.certificate)

    @property
    def not_after(self):
        return self.certificate.not_valid_after

    @property
    def fingerprint(self):
        """SHA-256 of the certificate, as hex."""
        return hashlib.sha256(self.certificate.dump()).hexdigest()

    @property
    def trust_roots(self):
        """The self-signed certificates of the chain: what verify() trusts when nothing else is configured."""
        return tuple(cert for cert in self.chain if cert.self_signed != "no")

    def check_valid(self, *, now):
        """Raise CertificateExpired unless the certificate is valid at `now`."""
        _check_period(self.certificate, now=now)


def ensure_dev_certificate(*, directory, organisation=DEV_ORGANISATION, now=None):
    """Return the development certificate in `directory`, creating a CA and a signing certificate on first use."""
    directory = Path(directory)
    now = now or datetime.now(UTC)
    if not all((directory / name).is_file() for name in (KEY_FILE, CERT_FILE, CA_FILE)):
        if directory.is_dir() and any(directory.iterdir()):
            raise CertificateError(
                f"{directory} holds files but not a complete development certificate ({KEY_FILE}, {CERT_FILE}, "
                f"{CA_FILE}): remove the directory so that a new one is made, or choose an empty one")
        _create_dev_files(directory, organisation=organisation, now=now)
    identity = _load(path=directory / CERT_FILE, key_path=directory / KEY_FILE, chain_path=directory / CA_FILE)
    try:
        identity.check_valid(now=now)
    except CertificateExpired:
        raise CertificateExpired(
            f"The development certificate in {directory} is valid from {identity.certificate.not_valid_before:%Y-%m-%d}"
            f" to {identity.not_after:%Y-%m-%d}: delete the directory and run `make demo` again to make a new one"
        ) from None
    return identity


def load_certificate(*, path, password=None, key_path=None, chain_path=None, now=None):
    """Load the company's signing identity from a PKCS#12 file or from PEM files, valid at `now`."""
    # PKCS#12: `path` and `password`. PEM: the certificate (and maybe its chain) in `path`, the key in `key_path`
    # or in `path` too, more of the chain in `chain_path`; `password` decrypts an encrypted key.
    identity = _load(path=path, password=password, key_path=key_path, chain_path=chain_path)
    identity.check_valid(now=now or datetime.now(UTC))
    return identity


def _load(*, path, password=None, key_path=None, chain_path=None):
    path = Path(path)
    data = _read(path, what="signing certificate (SIGNING_CERT_PATH)")
    secret = password.encode() if isinstance(password, str) else password
    if b"-----BEGIN" in data:
        key_source = Path(key_path) if key_path else path
        key_data = _read(key_source, what="signing key (SIGNING_KEY_PATH)") if key_path else data
        key = _pem_key(key_data, password=secret, source=key_source)
        certificate, others = _split_leaf(_pem_certificates(data, source=path), key, source=path)
    else:
        key, certificate, others = _pkcs12(data, password=secret, source=path)
    if chain_path:
        chain_path = Path(chain_path)
        others += _pem_certificates(_read(chain_path, what="certificate chain"), source=chain_path)
    identity = SigningIdentity(
        certificate=_to_asn1(certificate),
        key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        chain=tuple(_to_asn1(cert) for cert in _unique(others)),
    )
    _check_usage(certificate, source=path)
    return identity


def load_trust_roots(*, path):
    """The certificates in a PEM file, to pass to verify() as trust roots."""
    path = Path(path)
    return tuple(_to_asn1(cert) for cert in _pem_certificates(_read(path, what="trust roots"), source=path))


def _read(path, *, what):
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CertificateError(f"The {what} file {path} does not exist: check the path") from None
    except OSError as error:
        raise CertificateError(f"Cannot read the {what} file {path}: {error.strerror}") from None


def _pem_key(data, *, password, source):
    match = _PEM_KEY.search(data)
    if not match:
        raise CertificateError(f"{source} holds no PEM private key: give the key file as SIGNING_KEY_PATH")
    try:
        return serialization.load_pem_private_key(match.group(0), password=password)
    except TypeError:
        if password:  # the key is not encrypted: the password was for something else
            return serialization.load_pem_private_key(match.group(0), password=None)
        raise CertificateError(f"The private key in {source} is encrypted: set SIGNING_CERT_PASSWORD") from None
    except ValueError:
        raise CertificateError(
            f"Cannot decrypt the private key in {source}: SIGNING_CERT_PASSWORD is wrong") from None


def _pem_certificates(data, *, source):
    try:
        certificates = x509.load_pem_x509_certificates(data)
    except ValueError:
        raise CertificateError(f"{source} holds no readable PEM certificate") from None
    return certificates


def _pkcs12(data, *, password, source):
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        hint = "set SIGNING_CERT_PASSWORD" if not password else "SIGNING_CERT_PASSWORD is wrong"
        raise CertificateError(f"Cannot open {source} as PKCS#12: {hint}, or the file is not PKCS#12 "
                               "(a PEM file starts with -----BEGIN)") from None
    if key is None or certificate is None:
        raise CertificateError(f"{source} must hold the signing key and its certificate; it lacks one of them")
    return key, certificate, list(others)


def _split_leaf(certificates, key, *, source):
    public = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    for cert in certificates:
        if cert.public_key().public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.SubjectPublicKeyInfo) == public:
            return cert, [other for other in certificates if other is not cert]
    raise CertificateError(f"No certificate in {source} belongs to the private key: give the key's own certificate")


def _check_usage(certificate, *, source):
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise CertificateError(f"The certificate in {source} may not sign documents (its key usage has neither "
                               "digitalSignature nor nonRepudiation): ask the CA for a document signing certificate")


def _check_period(certificate, *, now):
    name = _common_name(certificate)
    if now < certificate.not_valid_before:
        raise CertificateExpired(f"The signing certificate {name} is valid only from "
                                 f"{certificate.not_valid_before:%Y-%m-%d %H:%M} UTC: check the server's clock")
    if now >= certificate.not_valid_after:
        raise CertificateExpired(f"The signing certificate {name} expired on "
                                 f"{certificate.not_valid_after:%Y-%m-%d %H:%M} UTC: renew it")


def _common_name(certificate):
    names = certificate.subject.native
    return names.get("common_name") or certificate.subject.human_friendly


def _to_asn1(certificate):
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _unique(certificates):
    seen, kept = set(), []
    for cert in certificates:
        if cert.fingerprint(hashes.SHA256()) not in seen:
            seen.add(cert.fingerprint(hashes.SHA256()))
            kept.append(cert)
    return kept


def _create_dev_files(directory, *, organisation, now):
    """Write the files into a private staging directory, then rename it into place: all or nothing."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))  # mode 0700
    try:
        ca_key, ca_cert = _make_ca(organisation=organisation, now=now)
        key, cert = _make_signing(organisation=organisation, issuer_key=ca_key, issuer=ca_cert, now=now)
        pem = serialization.Encoding.PEM
        _write(staging / KEY_FILE, key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption()), mode=0o600)
        _write(staging / CERT_FILE, cert.public_bytes(pem), mode=0o644)
        _write(staging / CA_FILE, ca_cert.public_bytes(pem), mode=0o644)
        try:
            os.rename(staging, directory)
        except OSError:
            if not (directory / KEY_FILE).is_file():  # not another process that won the race: a real problem
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write(path, data, *, mode):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def _make_ca(*, organisation, now):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} Development CA"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)])
    usage = x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                          encipher_only=False, decipher_only=False)
    cert = (_builder(name, name, key.public_key(), now=now, lifetime=_CA_LIFETIME)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(usage, critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def _make_signing(*, organisation, issuer_key, issuer, now):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, organisation),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, _DEV_UNIT)])
    usage = x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False)
    issuer_ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (_builder(name, issuer.subject, key.public_key(), now=now, lifetime=_DEV_LIFETIME)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .add_extension(x509.ExtendedKeyUsage([_DOCUMENT_SIGNING]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(issuer_ski), critical=False)
            .sign(issuer_key, hashes.SHA256()))
    return key, cert



def _builder(subject, issuer, public_key, *, now, lifetime):
    start = now - timedelta(hours=1)  # tolerate a little clock skew between machines
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
            .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(start + lifetime))
