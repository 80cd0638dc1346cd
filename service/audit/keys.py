"""The audit key: configured as AUDIT_KEY, or generated once into the instance folder; never in the database."""

import hashlib
import hmac
import logging
import os
import secrets
import stat

log = logging.getLogger(__name__)
MIN_KEY_LENGTH = 16


class AuditKeyError(RuntimeError):
    """The audit key is missing, too short or unreadable: nothing can be audited until it is fixed."""


def key_file(app):
    """Where the generated key lives: AUDIT_KEY_FILE, or instance/audit.key."""
    return app.config.get("AUDIT_KEY_FILE") or os.path.join(app.instance_path, "audit.key")


def load_key(app):
    """The key as bytes: AUDIT_KEY if set, else the key file, generated (0600) the first time."""
    configured = app.config.get("AUDIT_KEY")
    if configured:
        key = configured.encode() if isinstance(configured, str) else bytes(configured)
        if len(key) < MIN_KEY_LENGTH:
            raise AuditKeyError(f"AUDIT_KEY is {len(key)} bytes; use at least {MIN_KEY_LENGTH} "
                                "(for example: python -c 'import secrets; print(secrets.token_hex(32))')")
        return key
    return _key_from_file(key_file(app))


def _key_from_file(path):
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process generated it first
        return _read(path)
    with os.fdopen(fd, "w") as file:
        file.write(secrets.token_hex(32) + "\n")
        file.flush()
        os.fsync(file.fileno())
    log.warning("generated a new audit key in %s: keep a copy outside this machine; without it the audit "
                "trail cannot be verified", path)
    return _read(path)


def _read(path):
    if stat.S_IMODE(os.stat(path).st_mode) & 0o077:
        log.warning("the audit key %s can be read by other users; chmod 600 it", path)
    with open(path) as file:
        key = file.read().strip().encode()
    if len(key) < MIN_KEY_LENGTH:
        raise AuditKeyError(f"the audit key in {path} is {len(key)} bytes; it needs at least {MIN_KEY_LENGTH}")
    return key


def key_id(key):
    """A short public name for a key, so that verify can tell a wrong key from a forged checkpoint."""
    return hmac.new(key, b"pactum audit key id", hashlib.sha256).hexdigest()[:16]
