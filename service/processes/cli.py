"""`flask --app wsgi bpmn deploy`: validate and deploy diagrams from a directory."""

import click
from flask import current_app
from flask.cli import AppGroup

from ..cli import committed
from . import service

bpmn_cli = AppGroup("bpmn", help="Deploy BPMN/DMN process versions.")


@bpmn_cli.command("deploy")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False))
def deploy(path):
    """Validate and deploy every diagram in PATH (default: bpmn/); unchanged ones are skipped."""
    with committed():
        results = service.deploy_directory(directory=path or current_app.config["BPMN_DIR"])
    for version, created in results:
        state = "deployed" if created else "unchanged"
        click.echo(f"{version.process_id} version {version.version} {state} ({version.sha256[:12]})")
