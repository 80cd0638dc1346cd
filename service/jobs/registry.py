"""Declared jobs: each domain declares its own in its jobs.py; the app factory registers them on the app.

The queue, the outbox and the sweeper know jobs by name only, so this package imports no domain.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

EXTENSION = "pactum_jobs"


@dataclass(frozen=True)
class Due:
    """Work a domain knows to be due by its own tables: what the sweeper revives when Redis lost its job."""

    key: str
    kwargs: dict
    at: datetime


@dataclass(frozen=True)
class Job:
    """A named job: `run(**kwargs)` does the work; `due(until=)` lists the work due before `until`, if any."""

    name: str
    run: Callable
    due: Callable | None = None


def job(name, *, due=None):
    """Declare a function as the job `name` (it takes ids and plain values as keyword arguments).

    `due(until=)` returns the Due items falling due before `until` by the domain's own tables, so that the
    sweeper can revive them when Redis lost their jobs. The function must be idempotent: it checks in the
    database whether its work is still to do. It never runs before the time it was scheduled for: the
    runner checks that, once, for every job.
    """

    def declare(fn):
        return Job(name, fn, due)

    return declare


def register(app, jobs):
    """Make the declared jobs known to the app (the composition root lists them)."""
    table = app.extensions.setdefault(EXTENSION, {})
    for declared in jobs:
        if declared.name in table and table[declared.name] is not declared:
            raise ValueError(f"two jobs are named {declared.name!r}")
        table[declared.name] = declared


def declared(app=None):
    """{name: Job} of the app's registered jobs."""
    return (app or current_app).extensions.get(EXTENSION, {})


def get(name, app=None):
    """The registered job with this name; ValueError naming the known ones otherwise."""
    found = declared(app).get(name)
    if found is None:
        known = ", ".join(sorted(declared(app))) or "none"
        raise ValueError(f"unknown job {name!r}; declare it with @job in its domain's jobs.py (known: {known})")
    return found
