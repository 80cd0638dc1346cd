"""Counterparty signing links: expiring, single-purpose, bound to a contract and a document version."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from service.signing import links
from service.signing.errors import LinkExpired, LinkInvalid, LinkMismatch, SigningError

KEY = links.derive_key(secret="test-secret-key")
NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
SHA = "ab" * 32


def _issue(**overrides):
    return links.issue(**({"contract_id": 42, "document_sha256": SHA, "key": KEY, "now": NOW} | overrides))


def test_a_link_reads_back_its_contract_hash_nonce_and_expiry():
    link = _issue(ttl=timedelta(days=7))
    claims = links.read(link.token, key=KEY, now=NOW + timedelta(days=6))
    assert (claims.contract_id, claims.document_sha256, claims.nonce) == (42, SHA, link.nonce)
    assert claims.expires_at == link.expires_at == NOW + timedelta(days=7)
    assert claims.purpose == links.COUNTERSIGN


def test_a_link_is_url_safe_and_each_has_its_own_nonce():
    first, second = _issue(), _issue()
    assert re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", first.token)
    assert first.nonce != second.nonce and first.token != second.token


def test_an_expired_link_is_refused_from_its_expiry_on():
    link = _issue(ttl=timedelta(hours=1))
    assert links.read(link.token, key=KEY, now=link.expires_at - timedelta(seconds=1))
    with pytest.raises(LinkExpired, match="expired on 2026-03-01 09:00 UTC: ask the sender for a new one"):
        links.read(link.token, key=KEY, now=link.expires_at)


def test_any_one_character_changed_makes_the_link_invalid():
    token = _issue().token
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for at, char in enumerate(token):
        other = alphabet[(alphabet.index(char) + 1) % 64] if char != "." else "A"
        with pytest.raises(LinkInvalid, match="not valid"):
            links.read(token[:at] + other + token[at + 1:], key=KEY, now=NOW)


def test_a_cut_or_garbled_link_is_invalid():
    token = _issue().token
    for broken in (token[:-1], token.split(".")[0], token + ".x", "", "not a token", "a" * 5000, None):
        with pytest.raises(LinkInvalid):
            links.read(broken, key=KEY, now=NOW)


def test_a_link_made_with_another_key_is_invalid():
    with pytest.raises(LinkInvalid):
        links.read(_issue(key=links.derive_key(secret="other")).token, key=KEY, now=NOW)


def test_a_tampered_link_is_invalid_even_when_expired():
    token = _issue(ttl=timedelta(minutes=1)).token
    with pytest.raises(LinkInvalid):
        links.read(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), key=KEY, now=NOW + timedelta(days=1))


def test_a_link_for_another_purpose_is_invalid():
    token = _issue(purpose="view").token
    with pytest.raises(LinkInvalid):
        links.read(token, key=KEY, now=NOW)
    assert links.read(token, key=KEY, now=NOW, purpose="view").purpose == "view"


def test_binding_detects_a_new_document_version_or_another_contract():
    claims = links.read(_issue().token, key=KEY, now=NOW)
    links.require_binding(claims, contract_id=42, document_sha256=SHA)
    links.require_binding(claims, contract_id="42", document_sha256=SHA.upper())
    with pytest.raises(LinkMismatch, match=f"the link is for the version with SHA-256 {SHA}.*void"):
        links.require_binding(claims, contract_id=42, document_sha256="cd" * 32)
    with pytest.raises(LinkMismatch, match="another contract"):
        links.require_binding(claims, contract_id=43, document_sha256=SHA)


def test_misuse_by_the_caller_says_what_to_fix():
    with pytest.raises(SigningError, match="at least 32 bytes"):
        _issue(key=b"short")
    with pytest.raises(SigningError, match="aware datetime"):
        _issue(now=datetime(2026, 3, 1))
    with pytest.raises(SigningError, match="not a SHA-256"):
        _issue(document_sha256="abc")
    with pytest.raises(SigningError, match="needs a contract id"):
        _issue(contract_id=None)
    with pytest.raises(SigningError, match="must live for some time"):
        _issue(ttl=timedelta(0))
