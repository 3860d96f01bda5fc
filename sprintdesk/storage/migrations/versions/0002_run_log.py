"""The run log: every timer transition with its UTC time.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "run_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "workshop_id",
            sa.Integer,
            sa.ForeignKey("workshops.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("item_id", sa.Integer, nullable=False),
        sa.Column("target_id", sa.Integer, nullable=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("elapsed", sa.Float, nullable=False),
        sa.Column("amount", sa.Float, nullable=False),
        sa.Column("running", sa.Boolean, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_run_events_workshop_id", "run_events", ["workshop_id"])


def downgrade() -> None:
    op.drop_table("run_events")
