"""Seal the final PDF with the company's PAdES signature, and tell whether a PDF changed since it was sealed.

The seal is an invisible certification signature (PAdES B-B, ETSI.CAdES.detached, SHA-256, the whole
certificate chain embedded, DocMDP "no changes"): the signature page shows people who signed, and the
reader's signature panel shows the seal. Readers flag any later change except long-term validation
data (DSS) and document timestamps.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from . import pdf
from .errors import DocumentError, SigningError

SEAL_FIELD = "PactumSeal"
_KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})
_HARMLESS = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)  # DSS and document timestamps


@dataclass(frozen=True)
class Verification:
    """What verify() found: `valid` is the bottom line; `problems` says why not, in words for people."""

    valid: bool
    intact: bool  # the signed bytes are unchanged
    trusted: bool  # the signer's certificate chains to one of the trust roots
    changed_after_signing: bool  # an incremental update after the seal changes more than DSS/timestamps
    signer: str | None
    signed_at: datetime | None
    problems: tuple[str, ...] = ()


def outside_event_loop(call):
    """Run a pyHanko call that uses asyncio.run() inside; in a thread of its own when this thread runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def seal(pdf_bytes, *, signer, reason, location, contact=None, now=None):
    """The PDF with the company's PAdES seal made with `signer` (a certificates.SigningIdentity)."""
    signer.check_valid(now=now or datetime.now(UTC))
    writer = pdf.update(pdf_bytes)
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD, reason=reason, location=location, contact_info=contact, name=signer.subject,
        md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        certify=True, docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    cms_signer = signers.SimpleSigner(signing_cert=signer.certificate, signing_key=signer.key,
                                      cert_registry=SimpleCertificateStore.from_certs(signer.chain))
    try:
        out = outside_event_loop(lambda: signers.PdfSigner(metadata, signer=cms_signer).sign_pdf(writer,
                                                                                               in_place=False))
    except PyHankoSigningError as error:
        raise DocumentError(f"The PDF cannot be sealed ({error}): seal the final PDF once, "
                            "made from an approved PDF that carries no certification signature") from None
    return out.getvalue()


def verify(pdf_bytes, *, trust_roots, now=None):
    """Whether the PDF's signatures are intact, trusted and unchanged since; never raises for a bad file."""
    roots = [_asn1(root) for root in trust_roots]
    if not roots:
        raise SigningError("verify() needs at least one trust root: pass the CA certificates to trust")
    try:
        embedded = pdf.read(pdf_bytes).embedded_signatures
    except (DocumentError, PdfError):
        return _unreadable("The file is not a complete, readable, unencrypted PDF: it has no seal to check")
    if not embedded:
        return _unreadable("The PDF carries no digital signature: it was not sealed, or the seal was removed")
    checks = [_check(signature, roots=roots, now=now) for signature in embedded]
    last = checks[-1]
    problems = tuple(problem for check in checks for problem in check.problems)
    return Verification(
        valid=not problems, intact=all(check.intact for check in checks),
        trusted=all(check.trusted for check in checks),
        changed_after_signing=any(check.changed_after_signing for check in checks),
        signer=last.signer, signed_at=last.signed_at, problems=problems,
    )


def _check(embedded, *, roots, now):
    """One signature's Verification."""
    moment = now or datetime.now(UTC)
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail", moment=moment)
    try:
        status = outside_event_loop(lambda: validate_pdf_signature(
            embedded, signer_validation_context=context, key_usage_settings=_KEY_USAGE))
    except (SignatureValidationError, PdfError, ValueError) as error:
        return Verification(valid=False, intact=False, trusted=False, changed_after_signing=False,
                            signer=None, signed_at=None,
                            problems=(f"The signature in field {embedded.field_name} cannot be checked: {error}",))
    signer = _name(status.signing_cert)
    changed = status.intact and (status.modification_level not in _HARMLESS or not status.docmdp_ok)
    problems = []
    if not status.intact:
        problems.append(f"The content signed by {signer} was changed: the file's bytes no longer match the signature")
    elif not status.valid:
        problems.append(f"The signature of {signer} does not verify with its certificate: the signature was altered")
    if status.intact and status.valid and not status.trusted:
        problems.append(_untrusted(status, signer, moment=moment))
    if changed:
        problems.append(f"The file was changed after {signer} signed it: a later update adds or alters content "
                        f"({_level(status.modification_level)})")
    return Verification(valid=not problems, intact=status.intact, trusted=status.trusted,
                        changed_after_signing=changed, signer=signer, signed_at=_signed_at(status),
                        problems=tuple(problems))


def _untrusted(status, signer, *, moment):
    certificate = status.signing_cert
    if status.revoked:
        return f"The certificate of {signer} is revoked"
    if not certificate.not_valid_before <= moment < certificate.not_valid_after:
        return (f"The certificate of {signer} is valid from {certificate.not_valid_before:%Y-%m-%d} to "
                f"{certificate.not_valid_after:%Y-%m-%d}, not at {moment:%Y-%m-%d}: without a timestamp (PAdES B-T) "
                "the seal cannot be shown to predate its expiry")
    issuer = _name(certificate, field="issuer")
    return (f"The certificate of {signer} (issued by {issuer}) is not trusted here: if that CA is yours, "
            "add it to the trust roots (SIGNING_TRUST_ROOTS)")


def _level(level):
    return level.name.lower().replace("_", " ") if level is not None else "unknown change"


def _signed_at(status):
    timestamp = getattr(status, "timestamp_validity", None)
    if timestamp is not None and timestamp.valid and timestamp.intact:
        return timestamp.timestamp
    return status.signer_reported_dt


def _name(certificate, *, field="subject"):
    name = getattr(certificate, field)
    return name.native.get("common_name") or name.human_friendly


def _unreadable(problem):
    return Verification(valid=False, intact=False, trusted=False, changed_after_signing=False,
                        signer=None, signed_at=None, problems=(problem,))


def _asn1(root):
    """Trust roots as pyHanko wants them, from asn1crypto or cryptography certificates or PEM/DER bytes."""
    if isinstance(root, asn1_x509.Certificate):
        return root
    if isinstance(root, x509.Certificate):
        return asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))
    if isinstance(root, bytes) and root.lstrip().startswith(b"-----BEGIN"):
        return _asn1(x509.load_pem_x509_certificate(root))
    if isinstance(root, bytes):
        return asn1_x509.Certificate.load(root)
    raise SigningError(f"A trust root must be a certificate, not {type(root).__name__}")
