"""`flask --app wsgi audit verify`: check the audit trail."""

import click
from flask.cli import AppGroup

from . import service

audit_cli = AppGroup("audit", help="Check the audit trail.")


@audit_cli.command("verify")
def verify():
    """Check the hash chain of the audit trail; exit 1 at the first broken link."""
    result = service.verify()
    if result.ok:
        click.echo(f"audit trail intact: {result.checked} events checked")
        return
    click.echo(f"audit trail broken at event {result.broken_at}: {result.reason} "
               f"({result.checked} events before it are intact)", err=True)
    raise SystemExit(1)
