"""Typed SQLAlchemy 2.0 mappings. Repositories turn these into domain dataclasses;
nothing outside ``storage/`` ever sees an ORM row."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from sprintdesk.storage.types import UTCDateTime


class Base(DeclarativeBase):
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        dt.date: Date(),
        str: String(),
    }


class WorkshopRow(Base):
    __tablename__ = "workshops"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    goal: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[dt.date | None]
    facilitator: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]

    participants: Mapped[list[ParticipantRow]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        order_by="ParticipantRow.position",
        passive_deletes=True,
    )
    days: Mapped[list[DayRow]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        order_by="DayRow.position",
        passive_deletes=True,
    )


class ParticipantRow(Base):
    __tablename__ = "participants"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))

    workshop: Mapped[WorkshopRow] = relationship(back_populates="participants")


class DayRow(Base):
    __tablename__ = "agenda_days"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")
    start_minute: Mapped[int] = mapped_column(Integer)

    workshop: Mapped[WorkshopRow] = relationship(back_populates="days")
    items: Mapped[list[ItemRow]] = relationship(
        back_populates="day",
        cascade="all, delete-orphan",
        order_by="ItemRow.position",
        passive_deletes=True,
    )


class ItemRow(Base):
    __tablename__ = "agenda_items"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("agenda_days.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    instructions: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    board_id: Mapped[int | None] = mapped_column(
        ForeignKey("boards.id", ondelete="SET NULL", name="fk_agenda_items_board_id")
    )

    day: Mapped[DayRow] = relationship(back_populates="items")


class RunEventRow(Base):
    """The run log (revision 0002). Item ids are kept without a foreign key so the log
    survives an item being deleted and restored by undo."""

    __tablename__ = "run_events"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    target_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[dt.datetime]
    elapsed: Mapped[float] = mapped_column(Float)
    amount: Mapped[float] = mapped_column(Float, default=0.0)
    running: Mapped[bool] = mapped_column(Boolean)


class BoardRow(Base):
    """Revision 0003: affinity-mapping boards and their content."""

    __tablename__ = "boards"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    private_writing: Mapped[bool] = mapped_column(Boolean, default=False)
    # Revision 0005: background structure (columns, quadrants, 2x2 grid) as JSON; "" for none.
    structure: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))


class ClusterRow(Base):
    __tablename__ = "clusters"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    color: Mapped[str] = mapped_column(String(20))
    collapsed: Mapped[bool] = mapped_column(Boolean, default=False)


class NoteRow(Base):
    __tablename__ = "notes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    color: Mapped[str] = mapped_column(String(20))
    covered: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_votes: Mapped[int] = mapped_column(Integer, default=0)


class VoteSessionRow(Base):
    __tablename__ = "vote_sessions"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    budget: Mapped[int] = mapped_column(Integer)
    supervote_budget: Mapped[int] = mapped_column(Integer)
    allow_stacking: Mapped[bool] = mapped_column(Boolean)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[dt.datetime]


class VoteRow(Base):
    __tablename__ = "votes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"))
    supervote: Mapped[bool] = mapped_column(Boolean, default=False)


class FollowUpRow(Base):
    """Revision 0005: ``workshop_id`` is a follow-up of ``follows_id``; its open action items carry
    over. A workshop follows at most one other, so a series is a chain."""

    __tablename__ = "follow_ups"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    follows_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)


class OutcomeRow(Base):
    """Revision 0005: a decision or an action item. Carried-over action items stay rows of the
    workshop that made them, so closing one anywhere in a series closes it everywhere."""

    __tablename__ = "outcomes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # "decision" | "action"
    text: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))
    due_date: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(10), default="open")  # "open" | "done" | "dropped"
    source_note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id", ondelete="SET NULL"))
    source_cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="SET NULL"))
    # What the note or cluster said when the outcome was made from it (kept if it is deleted).
    source_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None]
    closed_in_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))


class PersonalTemplateRow(Base):
    """Revision 0005: a template the facilitator saved; ``body`` is a template file (JSON)."""

    __tablename__ = "personal_templates"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class JoiningRow(Base):
    """Revision 0006: participants joining from their phones, one row per workshop. The row
    stays when joining stops (``is_on`` 0) so that opening again reuses the secret and the
    code, and a restart after a crash comes back on the same address."""

    __tablename__ = "joining"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64), unique=True)
    room_code: Mapped[str] = mapped_column(String(6), unique=True)
    host: Mapped[str] = mapped_column(String(64), default="")
    port: Mapped[int] = mapped_column(Integer, default=0)
    is_on: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    allow_new_names: Mapped[bool] = mapped_column(Boolean, default=True)
    moderation: Mapped[bool] = mapped_column(Boolean, default=False)
    board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id", ondelete="SET NULL"))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


class DeviceRow(Base):
    """Revision 0006: a phone's token (its SHA-256; the token itself is never stored)."""

    __tablename__ = "devices"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    last_seen: Mapped[dt.datetime]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class PhoneNoteRow(Base):
    """Revision 0006: who wrote a note on a phone and with which client-made key (also in
    anonymous mode, where ``notes.author_id`` stays NULL so nothing shows the author)."""

    __tablename__ = "phone_notes"
    __table_args__ = (UniqueConstraint("participant_id", "client_key", name="uq_phone_notes_key"),)

    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    client_key: Mapped[str] = mapped_column(String(64))


class HeldNoteRow(Base):
    """Revision 0006: a phone's note waiting in the facilitator's moderation inbox."""

    __tablename__ = "held_notes"
    __table_args__ = (
        UniqueConstraint("participant_id", "client_key", name="uq_held_notes_key"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    client_key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
