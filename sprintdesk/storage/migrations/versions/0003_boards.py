"""Boards with notes and clusters, dot votes, and the link from an agenda item to a board.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _fk(target: str, ondelete: str = "CASCADE") -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "boards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, _fk("workshops.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("private_writing", sa.Boolean, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_boards_workshop_id", "boards", ["workshop_id"])
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("board_id", sa.Integer, _fk("boards.id"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("x", sa.Float, nullable=False),
        sa.Column("y", sa.Float, nullable=False),
        sa.Column("color", sa.String(20), nullable=False),
        sa.Column("collapsed", sa.Boolean, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_clusters_board_id", "clusters", ["board_id"])
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("board_id", sa.Integer, _fk("boards.id"), nullable=False),
        sa.Column("cluster_id", sa.Integer, _fk("clusters.id", "SET NULL"), nullable=True),
        sa.Column("author_id", sa.Integer, _fk("participants.id", "SET NULL"), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("x", sa.Float, nullable=False),
        sa.Column("y", sa.Float, nullable=False),
        sa.Column("color", sa.String(20), nullable=False),
        sa.Column("covered", sa.Boolean, nullable=False),
        sa.Column("imported_votes", sa.Integer, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_notes_board_id", "notes", ["board_id"])
    op.create_index("ix_notes_cluster_id", "notes", ["cluster_id"])
    op.create_table(
        "vote_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("board_id", sa.Integer, _fk("boards.id"), nullable=False),
        sa.Column("budget", sa.Integer, nullable=False),
        sa.Column("supervote_budget", sa.Integer, nullable=False),
        sa.Column("allow_stacking", sa.Boolean, nullable=False),
        sa.Column("revealed", sa.Boolean, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_vote_sessions_board_id", "vote_sessions", ["board_id"])
    op.create_table(
        "votes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, _fk("vote_sessions.id"), nullable=False),
        sa.Column("participant_id", sa.Integer, _fk("participants.id"), nullable=False),
        sa.Column("note_id", sa.Integer, _fk("notes.id"), nullable=False),
        sa.Column("supervote", sa.Boolean, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_votes_session_id", "votes", ["session_id"])
    with op.batch_alter_table("agenda_items") as batch:
        batch.add_column(sa.Column("board_id", sa.Integer, nullable=True))
        batch.create_foreign_key(
            "fk_agenda_items_board_id", "boards", ["board_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("agenda_items") as batch:
        batch.drop_constraint("fk_agenda_items_board_id", type_="foreignkey")
        batch.drop_column("board_id")
    for table in ("votes", "vote_sessions", "notes", "clusters", "boards"):
        op.drop_table(table)
