"""Counterparty signing links: an expiring token, no login, for one purpose, one contract and one document version.

token = base64url(payload) "." base64url(HMAC-SHA256(key, domain + payload)), where payload is compact JSON
{"c": contract id, "e": expiry (Unix seconds), "h": the version's SHA-256, "n": nonce, "p": purpose, "v": 1}.
The token is signed, not encrypted: whoever holds it can read the contract id and hash, which are no secret
to the counterparty it is sent to. read() checks the token alone; whether its nonce was already used (the
link consumed) is the database's to record and to check.
"""

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from .errors import LinkExpired, LinkInvalid, LinkMismatch, SigningError

COUNTERSIGN = "countersign"
DEFAULT_TTL = timedelta(days=14)
MIN_KEY_BYTES = 32
_DOMAIN = b"pactum.signing-link.v1\x00"
_VERSION = 1
_MAX_TOKEN = 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
_INVALID = ("This signing link is not valid (it was changed, cut short, or made for something else): "
            "open the link exactly as it was sent, or ask the sender for a new one")


class IssuedLink(NamedTuple):
    token: str
    expires_at: datetime
    nonce: str  # store it: it tells one issued link from another, and records its use


@dataclass(frozen=True)
class Claims:
    """What a genuine, unexpired link says."""

    contract_id: int | str
    document_sha256: str
    nonce: str
    expires_at: datetime
    purpose: str


def issue(*, contract_id, document_sha256, key, now, ttl=DEFAULT_TTL, purpose=COUNTERSIGN):
    """A new link token for `contract_id` and the document version with `document_sha256`, valid for `ttl`."""
    _require_aware(now)
    if isinstance(contract_id, bool) or not isinstance(contract_id, int | str) or contract_id in ("", None):
        raise SigningError(f"A signing link needs a contract id (an int or a string), not {contract_id!r}")
    if not _SHA256.fullmatch(str(document_sha256)):
        raise SigningError(f"{document_sha256!r} is not a SHA-256: give the document version's 64 lowercase hex digits")
    if ttl <= timedelta(0):
        raise SigningError(f"A signing link must live for some time, not {ttl}")
    expires = int((now + ttl).timestamp())
    nonce = secrets.token_urlsafe(16)
    payload = json.dumps({"c": contract_id, "e": expires, "h": document_sha256, "n": nonce, "p": purpose,
                          "v": _VERSION}, separators=(",", ":"), sort_keys=True).encode()
    token = f"{_encode(payload)}.{_encode(_mac(_key(key), payload))}"
    return IssuedLink(token=token, expires_at=datetime.fromtimestamp(expires, UTC), nonce=nonce)


def read(token, *, key, now, purpose=COUNTERSIGN):
    """The claims of a genuine, unexpired link; LinkInvalid or LinkExpired otherwise."""
    _require_aware(now)
    secret = _key(key)
    if not isinstance(token, str) or len(token) > _MAX_TOKEN or token.count(".") != 1:
        raise LinkInvalid(_INVALID)
    encoded_payload, encoded_mac = token.split(".")
    payload, mac = _decode(encoded_payload), _decode(encoded_mac)
    if not hmac.compare_digest(mac, _mac(secret, payload)):
        raise LinkInvalid(_INVALID)
    claims = _claims(payload)
    if claims.purpose != purpose:
        raise LinkInvalid(_INVALID)
    if now >= claims.expires_at:
        raise LinkExpired(f"This signing link expired on {claims.expires_at:%Y-%m-%d %H:%M} UTC: "
                          "ask the sender for a new one")
    return claims


def require_binding(claims, *, contract_id, document_sha256):
    """Raise LinkMismatch unless the link was issued for this contract and its current document version."""
    if str(claims.contract_id) != str(contract_id):
        raise LinkMismatch("This signing link belongs to another contract: open the link you were sent for this one")
    if claims.document_sha256 != str(document_sha256).lower():
        raise LinkMismatch(
            f"The document changed after this link was sent (the link is for the version with SHA-256 "
            f"{claims.document_sha256}, the contract's document is now {document_sha256}): signatures of the earlier "
            "version are void; ask the sender for a new link")


def derive_key(*, secret, label="pactum signing links"):
    """A key for these links derived from a longer-lived secret (e.g. SECRET_KEY), so that each use has its own."""
    secret = secret.encode() if isinstance(secret, str) else secret
    if not secret:
        raise SigningError("Cannot derive a signing link key from an empty secret: set SECRET_KEY")
    return hmac.new(secret, label.encode(), hashlib.sha256).digest()


def _claims(payload):
    try:
        data = json.loads(payload)
        if data["v"] != _VERSION or not isinstance(data["e"], int):
            raise ValueError("unknown version")  # a valid MAC over such a payload: our key, another program
        return Claims(contract_id=data["c"], document_sha256=data["h"], nonce=data["n"],
                      expires_at=datetime.fromtimestamp(data["e"], UTC), purpose=data["p"])
    except (ValueError, KeyError, TypeError, OverflowError):
        raise LinkInvalid(_INVALID) from None


def _key(key):
    secret = key.encode() if isinstance(key, str) else key
    if not isinstance(secret, bytes) or len(secret) < MIN_KEY_BYTES:
        raise SigningError(f"The signing link key must be at least {MIN_KEY_BYTES} bytes: "
                           "use derive_key(secret=SECRET_KEY) or a random key (SIGNING_LINK_KEY)")
    return secret


def _mac(secret, payload):
    return hmac.new(secret, _DOMAIN + payload, hashlib.sha256).digest()


def _encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _decode(text):
    """Strict base64url: a character changed in the unused low bits of the last one is a change too."""
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise LinkInvalid(_INVALID) from None
    if _encode(data) != text:
        raise LinkInvalid(_INVALID)
    return data


def _require_aware(now):
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise SigningError("`now` must be an aware datetime (UTC), so that link expiry does not depend on the server")
