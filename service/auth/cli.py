"""`flask --app wsgi users create`: operator commands for users."""

import click
from flask.cli import AppGroup

from ..cli import committed
from ..web.i18n import LOCALES
from . import service
from .models import ROLES

users_cli = AppGroup("users", help="Manage users.")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES), help="Repeatable.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--email", default=None)
@click.option("--locale", type=click.Choice(LOCALES), default=None)
def create_user(username, roles, password, email, locale):
    """Create a user with one or more roles."""
    with committed():
        user = service.create_user(username=username, password=password, roles=roles, email=email, locale=locale)
    click.echo(f"created user {user.username} with roles {', '.join(user.roles)}")
