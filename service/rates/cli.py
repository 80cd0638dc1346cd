"""`flask --app wsgi rates set|list`: the exchange rates to CNY."""

from datetime import date

import click
from flask.cli import AppGroup

from ..cli import committed
from . import service

rates_cli = AppGroup("rates", help="Exchange rates to CNY.")


@rates_cli.command("set")
@click.argument("currency")
@click.argument("rate")
@click.option("--from", "effective", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="First day the rate holds (default: today).")
def set_rate(currency, rate, effective):
    """Set CURRENCY's RATE (CNY for one unit), e.g. `rates set USD 7.10`."""
    with committed():
        row = service.set_rate(currency=currency, rate=rate, effective_date=effective.date() if effective else None,
                               actor=None)
    click.echo(f"1 {row.currency} = {row.rate.normalize():f} CNY from {row.effective_date.isoformat()}")


@rates_cli.command("list")
def list_rates():
    """The rates in force today."""
    rows = service.current_rates()
    for row in rows:
        click.echo(f"{row.currency}  {row.rate.normalize():f}  since {row.effective_date.isoformat()}")
    if not rows:
        click.echo(f"no rates yet (as of {date.today().isoformat()}); contracts in CNY need none")
