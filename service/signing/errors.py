"""The signing library's exceptions: one tree, each message says what to fix.

They derive from the service's ServiceError, so the one error handler of the API and the web UI
translates them without knowing this package.
"""

from ..errors import ServiceError


class SigningError(ServiceError):
    """Base class of everything service.signing raises."""

    status, code = 422, "signing_error"


class CertificateError(SigningError):
    """The signing certificate cannot be used: missing, unreadable, wrong password, not for signing."""

    status, code = 500, "signing_certificate"


class CertificateExpired(CertificateError):
    """The signing certificate is outside its validity period."""

    code = "signing_certificate_expired"


class DocumentError(SigningError):
    """The PDF to sign cannot be used: not a PDF, encrypted, or not the version it claims to be."""

    code = "signing_document"


class HashMismatch(DocumentError):
    """A hash someone saw, or a link was bound to, is not the hash of the document being signed."""

    status, code = 409, "signing_hash_mismatch"


class FontMissing(SigningError):
    """No font with Chinese glyphs is available for the signature page."""

    status, code = 500, "signing_font_missing"


class LinkError(SigningError):
    """A counterparty signing link cannot be used."""

    status, code = 404, "signing_link"


class LinkInvalid(LinkError):
    """The link was cut, changed, made with another key or for another purpose."""

    code = "signing_link_invalid"


class LinkExpired(LinkError):
    """The link was genuine but its time is over."""

    status, code = 410, "signing_link_expired"


class LinkMismatch(LinkError):
    """The link is genuine but bound to another contract or another document version."""

    status, code = 409, "signing_link_mismatch"
