"""The job decorator: a fresh app context and session per job, one commit, rollback and re-raise on failure."""

from functools import cache, wraps

from flask import current_app, has_app_context

from ..db import transaction


@cache
def _standalone_app():
    # Only for a plain `rq worker` process, which has no app: build one, once, on the first job.
    from .. import create_app

    return create_app()


def _app():
    return current_app._get_current_object() if has_app_context() else _standalone_app()


def job(fn):
    """Make fn a queue job: it runs in its own app context and transaction, committed when it returns."""

    @wraps(fn)
    def run(**kwargs):
        with _app().app_context(), transaction():
            return fn(**kwargs)

    return run
