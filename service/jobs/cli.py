"""`flask --app wsgi worker`: run an RQ worker with Pactum's scheduler and sweeper beside it."""

import click
from flask import current_app

from . import queue, worker


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs queued now, then exit.")
@click.option("--log-level", default="INFO", show_default=True, type=click.Choice(["DEBUG", "INFO", "WARNING"]),
              help="INFO logs every job.")
def worker_command(burst, log_level):
    """Run a worker on REDIS_URL (start as many as you like, on any number of machines)."""
    app = current_app._get_current_object()
    if queue.embedded(app):
        raise click.ClickException(
            "REDIS_URL is not set. Without it jobs run inside the web process (EMBEDDED_WORKER=1); "
            "set REDIS_URL=redis://host:6379/0 to run separate workers.")
    worker.run(app, burst=burst, logging_level=log_level)
