"""`flask --app wsgi timers status`: are timers firing on time?"""

import click
from flask.cli import AppGroup

from . import service

timers_cli = AppGroup("timers", help="Timer health.")


def _ms(value):
    return "-" if value is None else f"{value / 1000:.3f} s"


@timers_cli.command("status")
@click.option("--hours", default=24, show_default=True, help="Report the firings of this many hours.")
def status(hours):
    """Pending, due and overdue timers, and lateness percentiles of recent firings."""
    h = service.health(viewer=None, hours=hours)
    next_due = h["next_due"].isoformat(timespec="seconds") if h["next_due"] else "-"
    click.echo(f"timers pending {h['pending']}, due now {h['due']}, overdue {h['overdue']}, "
               f"stopped by an error {h['failing']}; next due {next_due}")
    click.echo(f"outbox entries waiting for Redis: {h['waiting_in_outbox']}")
    late = h["lateness_ms"]
    click.echo(f"fired in the last {hours} h: {h['fired']}, early {h['early']}; lateness p50 {_ms(late['p50'])}, "
               f"p90 {_ms(late['p90'])}, p99 {_ms(late['p99'])}, max {_ms(late['max'])}")
    if h["overdue"] or h["failing"]:
        raise SystemExit(1)
