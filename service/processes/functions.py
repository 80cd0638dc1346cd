"""What diagram scripts may call from the service: one explicit table (workflows/scripting.py holds the rest)."""

from sqlalchemy import select

from ..auth.models import User, UserRole
from ..extensions import db
from ..rates import service as rates


def to_cny(amount, currency):
    """The amount in CNY at today's rate; a currency without a rate fails the step with a 422 naming `currency`."""
    return rates.to_cny(amount, currency)


def role_members(role):
    """The usernames of the active users holding a role now, sorted."""
    return list(db.session.scalars(
        select(User.username).join(UserRole).where(UserRole.role == str(role), User.active.is_(True))
        .order_by(User.username)))


SCRIPT_FUNCTIONS = {"to_cny": to_cny, "role_members": role_members}
