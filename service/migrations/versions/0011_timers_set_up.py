"""When each timer was set up (lateness counts from the later of its due time and that), the name of an
instance's next timer, and key-date reminders held until their contract is approved

Revision ID: 0011
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0006'
branch_labels = None
depends_on = None

BEFORE_APPROVAL = ("draft", "in_approval")

reminders = sa.table("reminders", sa.column("contract_id", sa.Integer), sa.column("status", sa.String))
contracts = sa.table("contracts", sa.column("id", sa.Integer), sa.column("status", sa.String))


def upgrade():
    with op.batch_alter_table('reminders') as batch_op:
        batch_op.add_column(sa.Column('set_up_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('process_instances') as batch_op:
        batch_op.add_column(sa.Column('next_timer_set_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('next_timer_name', sa.String(length=200), nullable=True))
    # Contracts not approved yet keep their reminders held: they start when the contract is approved.
    not_approved = sa.select(contracts.c.id).where(contracts.c.status.in_(BEFORE_APPROVAL))
    op.get_bind().execute(reminders.update().where(reminders.c.status == "pending",
                                                   reminders.c.contract_id.in_(not_approved)).values(status="held"))


def downgrade():
    op.get_bind().execute(reminders.update().where(reminders.c.status == "held").values(status="pending"))
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy of process_instances would break the
    # foreign keys of the tasks that point at it.
    op.drop_column('process_instances', 'next_timer_name')
    op.drop_column('process_instances', 'next_timer_set_at')
    op.drop_column('reminders', 'set_up_at')
