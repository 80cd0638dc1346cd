"""`flask --app wsgi audit verify|checkpoint`: check the audit trail, and seal it with a signed checkpoint."""

import click
from flask.cli import AppGroup

from ..extensions import db
from . import service

audit_cli = AppGroup("audit", help="Check the audit trail.")


@audit_cli.command("verify")
def verify():
    """Check the audit trail against its key and its checkpoints, then checkpoint it; exit 1 if it was tampered with."""
    result = service.verify()
    db.session.rollback()  # verify only read; end its transaction before the checkpoint's own one (SQLite)
    if result.ok:
        against = (f", the newest against the checkpoint of {result.checkpoint['at']} "
                   f"({result.checkpoint['seq']} events)") if result.checkpoint else ""
        written = service.checkpoint()
        click.echo(f"audit trail intact: {result.checked} events checked{against}; "
                   f"checkpoint written at event {written['event']}")
        return
    for problem in result.problems:
        click.echo(f"audit trail broken {problem.where}: {problem.reason}", err=True)
    click.echo(f"({result.checked} events checked, {len(result.problems)} kind(s) of damage found)", err=True)
    raise SystemExit(1)


@audit_cli.command("checkpoint")
def checkpoint():
    """Write a signed checkpoint of the audit trail now, e.g. after upgrading or after checking a lost file."""
    written = service.checkpoint()
    click.echo(f"checkpoint written to {service.checkpoint_path()}: {written['seq']} events, "
               f"up to event {written['event']} ({written['at']})")
