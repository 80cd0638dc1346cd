"""The web blueprint and what every view shares: login guard, commit at the edge, form submission, paging."""

from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, request
from flask_login import current_user

from ..db import transaction
from ..errors import ServiceError
from ..extensions import db, login_manager
from .errors import message_for

bp = Blueprint("web", __name__)
PUBLIC = set()  # endpoints open without logging in: marked with @public
PAGE_SIZE = 20


def public(view):
    """Mark a view as open to visitors who are not logged in (the login page, the language switch)."""
    PUBLIC.add(f"{bp.name}.{view.__name__}")
    return view


@bp.before_request
def _require_login():
    if request.endpoint not in PUBLIC and not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def me():
    """The logged-in user as the model object (services store it in relationships, which a proxy breaks)."""
    return current_user._get_current_object()


def commits(view):
    """Commit once after the view ran; roll back and re-raise when it failed."""

    @wraps(view)
    def handler(*args, **kwargs):
        with transaction():
            return view(*args, **kwargs)

    return handler


def submit(form, action):
    """On a valid POST, run the action and return its result; None when the form must be shown (again).

    A service error about one of the form's fields is shown next to that field (in the form's `service_messages`
    when it has them), one about the input as a whole above the form; in both cases the transaction is rolled
    back, so bad input changes nothing.
    """
    if not form.validate_on_submit():
        return None
    try:
        return action()
    except ServiceError as exc:
        field = form[exc.field] if exc.field and exc.field in form else None
        if field is None and exc.status not in (401, 422):
            raise
        db.session.rollback()
        errors = field.errors if field is not None else form.form_errors
        errors.append(message_for(exc, getattr(form, "service_messages", None)))
        return None


def local_url(target, fallback):
    """target when it is a path on this site, else fallback: a 'next' parameter never leads elsewhere."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1


def page_number():
    """The page asked for in ?page=, at least 1."""
    return max(request.args.get("page", 1, type=int), 1)


def page_of(fetch, number, size=PAGE_SIZE):
    """One page from fetch(limit=, offset=), asking one row more to know whether a next page exists."""
    rows = fetch(limit=size + 1, offset=(number - 1) * size)
    return Page(list(rows[:size]), number, len(rows) > size)
