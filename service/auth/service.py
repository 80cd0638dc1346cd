"""Users, passwords, API tokens, and who may do what."""

import hashlib
import secrets
from functools import cache

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..audit import service as audit
from ..db import utcnow
from ..errors import Conflict, Invalid, Unauthorized
from ..extensions import db
from ..web.i18n import LOCALES
from .models import ROLES, ApiToken, User, UserRole


@cache
def _dummy_hash():
    # Checked when the user does not exist, so that timing does not tell which part was wrong.
    return generate_password_hash("pactum-dummy-password")


def _hash(password):
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def get_by_username(username):
    """The user with this username, or None."""
    return db.session.scalar(select(User).where(User.username == username))


def get(user_id):
    """The user with this id, or None."""
    return db.session.get(User, user_id)


def create_user(*, username, password, roles, email=None, display_name="", locale=None, actor=None):
    """Create a user with roles; the password is stored as a scrypt hash."""
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise Invalid(f"unknown role(s) {', '.join(unknown)}; use {', '.join(ROLES)}", field="roles")
    if not username or len(username) > 64:
        raise Invalid("a username of 1 to 64 characters is required", field="username")
    if len(password or "") < 8:
        raise Invalid("the password must have at least 8 characters", field="password")
    if locale and locale not in LOCALES:
        raise Invalid(f"unknown language {locale}; use {', '.join(LOCALES)}", field="locale")
    if get_by_username(username):
        raise Conflict(f"the username {username} is taken", field="username")
    user = User(username=username, email=email, display_name=display_name or username,
                password_hash=_hash(password), locale=locale)
    user.role_rows = [UserRole(role=r) for r in sorted(set(roles))]
    db.session.add(user)
    db.session.flush()
    audit.record(actor=actor, action="user.created", object_type="user", object_id=user.id,
                 data={"username": username, "roles": sorted(set(roles))})
    return user


def authenticate(*, username, password):
    """The active user with these credentials, or Unauthorized without saying which part was wrong."""
    user = get_by_username(username or "")
    valid = check_password_hash(user.password_hash if user else _dummy_hash(), password or "")
    if not (user and valid and user.active):
        raise Unauthorized("wrong username or password")
    return user


def set_locale(*, user, locale):
    """Store the language the user reads the web UI in."""
    if locale not in LOCALES:
        raise Invalid(f"unknown language {locale}; use {', '.join(LOCALES)}", field="locale")
    if user.locale != locale:
        user.locale = locale
        audit.record(actor=user, action="user.locale_changed", object_type="user", object_id=user.id,
                     data={"locale": locale})
    return user


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, user):
    """A new bearer token for the user; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + current_app.config["API_TOKEN_TTL"]
    db.session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token), expires_at=expires_at))
    audit.record(actor=user, action="token.issued", object_type="user", object_id=user.id)
    return token, expires_at


def user_for_token(token):
    """The user a valid, unexpired, unrevoked token belongs to, or Unauthorized."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token or "")))
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow() or not row.user.active:
        raise Unauthorized("the token is missing, expired or revoked; request a new one at /api/v1/auth/token")
    return row.user


def revoke_token(*, token, user):
    """Revoke one of the user's tokens."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
    if row and row.user_id == user.id and row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(actor=user, action="token.revoked", object_type="user", object_id=user.id)
