"""What every domain's `flask` commands share: one transaction, and service errors told as command errors."""

from contextlib import contextmanager

import click

from .db import transaction
from .errors import ServiceError


@contextmanager
def committed():
    """The command's one transaction: committed when the block ends; a ServiceError says what to fix and exits 1."""
    try:
        with transaction():
            yield
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
