"""`flask --app wsgi tasks escalate`: remind and escalate overdue tasks, start due absences."""

import click
from flask.cli import AppGroup

from ..cli import committed
from . import escalation

tasks_cli = AppGroup("tasks", help="Task inbox upkeep.")


@tasks_cli.command("escalate")
def escalate():
    """Remind holders of due tasks and escalate those overdue twice their time (safe to run again)."""
    with committed():
        result = escalation.sweep()
    click.echo(f"reminded {len(result.reminded)} task(s), escalated {len(result.escalated)} task(s)")
