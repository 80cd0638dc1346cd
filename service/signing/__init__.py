"""Signing core: a pure library (no Flask, no database) that the signing process and its pages are built on.

The flow it serves:
1. The approved document version is frozen to PDF; its SHA-256 identifies that version everywhere after
   (`pdf.sha256`). A signature binds its signer to that exact hash.
2. Internal signatories (lane `signatory`) sign in order; steps that the table marks request the company
   seal (用印) with a note. Each signature records name, title, organisation, time, IP, user agent and
   the hash the signer saw.
3. The counterparty signs through a link (`links.issue` / `links.read` / `links.require_binding`): no
   login, bound to the contract, the document hash and a nonce that the database stores to refuse reuse.
4. The final PDF is the approved PDF plus a signature page in English or Chinese
   (`pages.append_signature_page`), added as an incremental update so that the approved bytes stay as
   they were, then sealed with the company certificate (`pades.seal`; certificates from
   `certificates.ensure_dev_certificate` or `certificates.load_certificate`).
5. The sealed PDF is stored as a new immutable document version; anyone can check it (`pades.verify`).
   A new version of the approved document voids the signatures: every signature and every link names the
   hash it was made for, and `HashMismatch` / `LinkMismatch` refuse any other.

Every error is a `errors.SigningError` (a ServiceError) whose message says what to fix.
"""
