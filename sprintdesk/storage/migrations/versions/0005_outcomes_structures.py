"""Outcomes (decisions and action items), follow-up links between workshops, board structures and personal
templates.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _fk(target: str, ondelete: str = "CASCADE") -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete=ondelete)


def upgrade() -> None:
    # A table of its own rather than a column on ``workshops``: SQLite cannot add a foreign key in
    # place, and rebuilding ``workshops`` with foreign keys on would cascade to all its children.
    op.create_table(
        "follow_ups",
        sa.Column("workshop_id", sa.Integer, _fk("workshops.id"), primary_key=True),
        sa.Column("follows_id", sa.Integer, _fk("workshops.id"), nullable=False),
    )
    op.create_index("ix_follow_ups_follows_id", "follow_ups", ["follows_id"])
    # Plain ALTER TABLE for the same reason (a rebuilt ``boards`` would take its notes with it).
    op.add_column("boards", sa.Column("structure", sa.Text, nullable=False, server_default=sa.text("''")))
    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, _fk("workshops.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("owner_id", sa.Integer, _fk("participants.id", "SET NULL"), nullable=True),
        sa.Column("due_date", sa.Date, nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("source_note_id", sa.Integer, _fk("notes.id", "SET NULL"), nullable=True),
        sa.Column("source_cluster_id", sa.Integer, _fk("clusters.id", "SET NULL"), nullable=True),
        sa.Column("source_text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("closed_at", sa.DateTime, nullable=True),
        sa.Column("closed_in_id", sa.Integer, _fk("workshops.id", "SET NULL"), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outcomes_workshop_id", "outcomes", ["workshop_id"])
    op.create_table(
        "personal_templates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(80), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("personal_templates")
    op.drop_table("outcomes")
    op.execute("ALTER TABLE boards DROP COLUMN structure")  # SQLite 3.35+
    op.drop_table("follow_ups")
