"""Every domain's models, imported in one place so that the metadata is complete."""

from .audit.models import AuditEvent
from .auth.models import ApiToken, User, UserRole
from .contracts.models import Contract
from .customers.models import Customer
from .inbox.models import Absence, Task
from .jobs.models import OutboxEntry
from .key_dates.models import KeyDate, Reminder
from .notifications.models import Notification, NotificationPreference
from .processes.models import ProcessInstance, ProcessVersion
from .rates.models import ExchangeRate
from .timers.models import TimerFiring

__all__ = ["ApiToken", "AuditEvent", "Contract", "Customer", "ProcessInstance", "ProcessVersion", "Task",
           "User", "UserRole"]
__all__ += ["KeyDate", "Notification", "NotificationPreference", "OutboxEntry", "Reminder", "TimerFiring"]
__all__ += ["Absence", "ExchangeRate"]
