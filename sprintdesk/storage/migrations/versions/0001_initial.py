"""Workshops, participants and the agenda.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("goal", sa.Text, nullable=False),
        sa.Column("start_date", sa.Date, nullable=True),
        sa.Column("facilitator", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "workshop_id",
            sa.Integer,
            sa.ForeignKey("workshops.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_participants_workshop_id", "participants", ["workshop_id"])
    op.create_table(
        "agenda_days",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "workshop_id",
            sa.Integer,
            sa.ForeignKey("workshops.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("start_minute", sa.Integer, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_agenda_days_workshop_id", "agenda_days", ["workshop_id"])
    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "day_id",
            sa.Integer,
            sa.ForeignKey("agenda_days.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("duration_minutes", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("instructions", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_agenda_items_day_id", "agenda_items", ["day_id"])


def downgrade() -> None:
    op.drop_table("agenda_items")
    op.drop_table("agenda_days")
    op.drop_table("participants")
    op.drop_table("workshops")
