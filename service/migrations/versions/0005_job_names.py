"""Jobs are declared by their domains: renamed jobs, and no `early` argument (the runner checks the time)

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

RENAMED = {"timers.fire_instance": "processes.fire_timers", "timers.send_reminder": "key_dates.send_reminder"}
DROPPED_ARGUMENTS = ("early", "due")  # `due` was the firing job's own copy of its time; its job key holds it

outbox = sa.table("outbox", sa.column("id", sa.Integer), sa.column("job", sa.String),
                  sa.column("kwargs", sa.JSON), sa.column("handed_at", sa.DateTime))


def upgrade():
    connection = op.get_bind()
    rows = connection.execute(sa.select(outbox.c.id, outbox.c.job, outbox.c.kwargs)
                              .where(outbox.c.handed_at.is_(None))).all()
    for row in rows:
        kwargs = {k: v for k, v in (row.kwargs or {}).items() if k not in DROPPED_ARGUMENTS}
        connection.execute(outbox.update().where(outbox.c.id == row.id)
                           .values(job=RENAMED.get(row.job, row.job), kwargs=kwargs))
    for old, new in RENAMED.items():
        connection.execute(outbox.update().where(outbox.c.job == old).values(job=new))


def downgrade():
    for old, new in RENAMED.items():
        op.get_bind().execute(outbox.update().where(outbox.c.job == new).values(job=old))
