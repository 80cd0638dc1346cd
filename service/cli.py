"""Operator commands: `flask --app wsgi users|bpmn|audit|demo ...` (and `db upgrade` from Flask-Migrate)."""

import click
from flask import current_app
from flask.cli import AppGroup

from .audit import service as audit
from .auth import service as auth
from .auth.models import ROLES
from .errors import ServiceError
from .extensions import db
from .processes import service as processes

users_cli = AppGroup("users", help="Manage users.")
bpmn_cli = AppGroup("bpmn", help="Deploy BPMN/DMN process versions.")
audit_cli = AppGroup("audit", help="Check the audit trail.")


def _fail(exc):
    db.session.rollback()
    raise click.ClickException(exc.message) from exc


@users_cli.command("create")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES), help="Repeatable.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--email", default=None)
@click.option("--locale", type=click.Choice(["en", "zh_CN"]), default=None)
def create_user(username, roles, password, email, locale):
    """Create a user with one or more roles."""
    try:
        user = auth.create_user(username=username, password=password, roles=roles, email=email, locale=locale)
        db.session.commit()
    except ServiceError as exc:
        _fail(exc)
    click.echo(f"created user {user.username} with roles {', '.join(user.roles)}")


@bpmn_cli.command("deploy")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False))
def deploy(path):
    """Validate and deploy every diagram in PATH (default: bpmn/); unchanged ones are skipped."""
    directory = path or current_app.config["BPMN_DIR"]
    try:
        results = processes.deploy_directory(directory=directory)
        db.session.commit()
    except ServiceError as exc:
        _fail(exc)
    for version, created in results:
        state = "deployed" if created else "unchanged"
        click.echo(f"{version.process_id} version {version.version} {state} ({version.sha256[:12]})")


@audit_cli.command("verify")
def verify():
    """Check the audit trail against its key and its checkpoints, then checkpoint it; exit 1 if it was tampered with."""
    result = audit.verify()
    db.session.rollback()  # verify only read; end its transaction before the checkpoint's own one (SQLite)
    if result.ok:
        against = (f", the newest against the checkpoint of {result.checkpoint['at']} "
                   f"({result.checkpoint['seq']} events)") if result.checkpoint else ""
        written = audit.checkpoint()
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
    written = audit.checkpoint()
    click.echo(f"checkpoint written to {audit.checkpoint_path()}: {written['seq']} events, "
               f"up to event {written['event']} ({written['at']})")


@click.command("demo")
def demo():
    """Seed demo users for every role, customers and contracts in several states."""
    from .demo import seed

    logins = seed()
    db.session.commit()
    click.echo("Demo data ready. Log in at http://127.0.0.1:5000 with:")
    for username, password, roles in logins:
        click.echo(f"  {username:<10} {password:<14} {', '.join(roles)}")


def register(app):
    """Add the command groups to the app's CLI."""
    from .inbox.cli import tasks_cli
    from .jobs.cli import worker_command
    from .rates.cli import rates_cli
    from .timers.cli import timers_cli

    for group in (users_cli, bpmn_cli, audit_cli, demo, worker_command, timers_cli, rates_cli, tasks_cli):
        app.cli.add_command(group)
