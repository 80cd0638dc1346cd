"""Who may see a contract: decided here, asked by every service that shows contracts or their tasks."""

from sqlalchemy import exists, or_, select

from ..extensions import db
from ..inbox.models import Task
from .models import Contract

SEE_ALL_ROLES = ("legal", "finance", "manager", "executive", "signatory", "admin")


def condition(user):
    """A WHERE condition on Contract for the contracts the user may see, or None when they may see all."""
    if user.has_role(*SEE_ALL_ROLES):
        return None
    has_task = exists().where(Task.contract_id == Contract.id, Task.assignee_id == user.id)
    return or_(Contract.owner_id == user.id, has_task)


def may_view(user, contract):
    """True when the user may see the contract: a reviewing role, its owner, or someone it was assigned to."""
    visible = condition(user)
    if visible is None:
        return True
    return db.session.scalar(select(Contract.id).where(Contract.id == contract.id, visible)) is not None
