"""Participants join from their phones: the joining row of a workshop, the phones' tokens, who
wrote which note on a phone, and the moderation inbox.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _fk(target: str, ondelete: str = "CASCADE") -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete=ondelete)


def upgrade() -> None:
    # New tables only: nothing existing is rebuilt (a rebuilt table with foreign keys on would
    # cascade to its children).
    op.create_table(
        "joining",
        sa.Column("workshop_id", sa.Integer, _fk("workshops.id"), primary_key=True),
        sa.Column("secret", sa.String(64), nullable=False, unique=True),
        sa.Column("room_code", sa.String(6), nullable=False, unique=True),
        sa.Column("host", sa.String(64), nullable=False),
        sa.Column("port", sa.Integer, nullable=False),
        sa.Column("is_on", sa.Boolean, nullable=False),
        sa.Column("anonymous", sa.Boolean, nullable=False),
        sa.Column("allow_new_names", sa.Boolean, nullable=False),
        sa.Column("moderation", sa.Boolean, nullable=False),
        sa.Column("board_id", sa.Integer, _fk("boards.id", "SET NULL"), nullable=True),
        sa.Column("locked", sa.Boolean, nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, _fk("workshops.id"), nullable=False),
        sa.Column("participant_id", sa.Integer, _fk("participants.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen", sa.DateTime, nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_devices_workshop_id", "devices", ["workshop_id"])
    op.create_index("ix_devices_participant_id", "devices", ["participant_id"])
    op.create_table(
        "phone_notes",
        sa.Column("note_id", sa.Integer, _fk("notes.id"), primary_key=True),
        sa.Column("participant_id", sa.Integer, _fk("participants.id"), nullable=False),
        sa.Column("client_key", sa.String(64), nullable=False),
        sa.UniqueConstraint("participant_id", "client_key", name="uq_phone_notes_key"),
    )
    op.create_table(
        "held_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, _fk("workshops.id"), nullable=False),
        sa.Column("board_id", sa.Integer, _fk("boards.id"), nullable=False),
        sa.Column("participant_id", sa.Integer, _fk("participants.id"), nullable=False),
        sa.Column("client_key", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("participant_id", "client_key", name="uq_held_notes_key"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_held_notes_workshop_id", "held_notes", ["workshop_id"])


def downgrade() -> None:
    op.drop_table("held_notes")
    op.drop_table("phone_notes")
    op.drop_table("devices")
    op.drop_table("joining")
