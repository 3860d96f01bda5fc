"""agenda_items gets AUTOINCREMENT back (the batch rebuild in 0003 dropped it), so a new item
never takes the id of a deleted one and, with it, that item's run-log time.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_items", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
        pass


def downgrade() -> None:
    with op.batch_alter_table("agenda_items", recreate="always"):
        pass
