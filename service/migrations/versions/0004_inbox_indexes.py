"""inbox indexes: one per role's unclaimed queue and one per user's own tasks, both in inbox order

The inbox lists open tasks assigned to the user or unclaimed in one of their roles, escalated first, then
soonest due. With 100,000 open tasks the old indexes (role, due_at, id) and (assignee_id) made both
databases fetch and sort every matching task for each page (45-120 ms); these give each queue in order,
and their trailing columns (what the inbox views test) let the view counts read the index alone.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

INBOX_ORDER = [sa.text('escalated DESC'), sa.text('(due_at IS NULL)'), 'due_at', 'id']
UNCLAIMED = sa.text("status = 'open' AND assignee_id IS NULL")
ASSIGNED = sa.text("status = 'open' AND assignee_id IS NOT NULL")
OPEN = sa.text("status = 'open'")


def upgrade():
    op.drop_index('ix_tasks_open_role_due', table_name='tasks')
    op.drop_index('ix_tasks_open_assignee', table_name='tasks')
    op.create_index('ix_tasks_open_unclaimed', 'tasks', ['role', *INBOX_ORDER, 'assignee_id', 'claimed_at'], unique=False,
                    postgresql_where=UNCLAIMED, sqlite_where=UNCLAIMED)
    op.create_index('ix_tasks_open_assigned', 'tasks', ['assignee_id', *INBOX_ORDER, 'role', 'claimed_at'], unique=False,
                    postgresql_where=ASSIGNED, sqlite_where=ASSIGNED)


def downgrade():
    op.drop_index('ix_tasks_open_assigned', table_name='tasks')
    op.drop_index('ix_tasks_open_unclaimed', table_name='tasks')
    op.create_index('ix_tasks_open_assignee', 'tasks', ['assignee_id'], unique=False,
                    postgresql_where=OPEN, sqlite_where=OPEN)
    op.create_index('ix_tasks_open_role_due', 'tasks', ['role', 'due_at', 'id'], unique=False,
                    postgresql_where=OPEN, sqlite_where=OPEN)
