"""audit keyed: each event says how its hash is made, and its position in the chain

Events written before this revision keep their plain SHA-256 hash (scheme 'sha256'); the application writes
new events with an HMAC-SHA256 under a key kept outside the database (scheme 'hmac'), and from the first
keyed event on, the whole chain must be keyed. `seq` numbers the events in chain order, so that a signed
checkpoint can say how many events the log had without counting them.

After upgrading, run `flask --app wsgi audit checkpoint` once: it seals the plain chain with a checkpoint.
Downgrading drops both columns; events written with the key no longer verify with the plain rule.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scheme', sa.String(length=8), nullable=False, server_default='sha256'))
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
    # UPDATE ... FROM: PostgreSQL, and SQLite since 3.33
    op.execute("UPDATE audit_events SET seq = numbered.n"
               " FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM audit_events) AS numbered"
               " WHERE audit_events.id = numbered.id")
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=False)


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('seq')
        batch_op.drop_column('scheme')
