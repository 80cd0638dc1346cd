"""Every domain's models, imported in one place so that the metadata is complete."""

from .audit.models import AuditEvent
from .auth.models import ApiToken, User, UserRole
from .contracts.models import Contract
from .customers.models import Customer
from .inbox.models import Task
from .processes.models import ProcessInstance, ProcessVersion

__all__ = ["ApiToken", "AuditEvent", "Contract", "Customer", "ProcessInstance", "ProcessVersion", "Task",
           "User", "UserRole"]
