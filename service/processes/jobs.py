"""Jobs of the processes domain."""

from ..jobs import job
from . import firing, service


@job(service.FIRE_TIMERS, due=firing.due_instances)
def fire_timers(*, instance_id):
    """Fire a process instance's due timers."""
    return firing.fire(instance_id=instance_id)


JOBS = (fire_timers,)
