"""What RQ runs: a registered job in a fresh app context and one transaction, never before its time.

Every job goes through execute(): it commits when the job returns, rolls back and re-raises when it
fails, and puts a job that started before the time it was scheduled for (clock skew, another scheduler)
back on the schedule for that time, under a follow-up key, instead of running it.
"""

import re
from datetime import datetime
from functools import cache

from flask import current_app, has_app_context

from ..db import transaction, utcnow
from . import outbox, registry

_EARLY = re.compile(r"-early(\d+)$")


@cache
def _standalone_app():
    # Only for a plain `rq worker` process, which has no app: build one, once, on the first job.
    from .. import create_app

    return create_app()


def _app():
    return current_app._get_current_object() if has_app_context() else _standalone_app()


def early_key(key):
    """The key of a job put back because it started early: key-early1, then key-early2 ..."""
    found = _EARLY.search(key)
    count = int(found.group(1)) + 1 if found else 1
    return f"{key[:found.start()] if found else key}-early{count}"


def execute(name, key, kwargs, not_before=None):
    """Run the registered job `name` with kwargs in its own app context and transaction (RQ's entry point)."""
    with _app().app_context(), transaction():
        declared = registry.get(name)
        if not_before is not None:
            run_at = datetime.fromisoformat(not_before)
            if utcnow() < run_at:
                outbox.schedule(job=name, key=early_key(key), run_at=run_at, **kwargs)
                return "early"
        return declared.run(**kwargs)
