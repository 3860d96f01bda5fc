"""Copying a workshop's boards (with their notes, clusters and agenda links) into another
workshop, for "Duplicate". Votes are not copied: a vote belongs to the session it was cast in.

Columns are copied generically, so a column added to boards, notes or clusters later is copied
too without touching this module."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from sprintdesk.storage.models import Base, BoardRow, ClusterRow, ItemRow, NoteRow


def _values(row: Base, leave_out: set[str]) -> dict[str, object]:
    return {
        column.key: getattr(row, column.key)
        for column in row.__table__.columns
        if column.key not in leave_out
    }


def copy_boards(
    session: Session,
    source_workshop_id: int,
    target_workshop_id: int,
    item_ids: Mapping[int, int],
    participant_ids: Mapping[int, int],
) -> dict[int, int]:
    """Copy every board of ``source_workshop_id`` into ``target_workshop_id``; ``item_ids`` and
    ``participant_ids`` map the source's ids to the copy's (agenda links and note authors follow
    them; an author with no counterpart becomes none). Returns old board id -> new board id."""
    board_ids: dict[int, int] = {}
    boards = session.scalars(
        select(BoardRow).where(BoardRow.workshop_id == source_workshop_id).order_by(BoardRow.position)
    ).all()
    for board in boards:
        copy = BoardRow(**_values(board, {"id", "workshop_id"}), workshop_id=target_workshop_id)
        session.add(copy)
        session.flush()
        board_ids[board.id] = copy.id
        cluster_ids: dict[int, int] = {}
        for cluster in session.scalars(select(ClusterRow).where(ClusterRow.board_id == board.id)):
            new_cluster = ClusterRow(**_values(cluster, {"id", "board_id"}), board_id=copy.id)
            session.add(new_cluster)
            session.flush()
            cluster_ids[cluster.id] = new_cluster.id
        query = select(NoteRow).where(NoteRow.board_id == board.id).order_by(NoteRow.id)
        notes = session.scalars(query).all()
        session.add_all(
            NoteRow(
                **_values(note, {"id", "board_id", "cluster_id", "author_id"}),
                board_id=copy.id,
                cluster_id=cluster_ids.get(note.cluster_id) if note.cluster_id is not None else None,
                author_id=participant_ids.get(note.author_id) if note.author_id is not None else None,
            )
            for note in notes
        )
    for old_item, new_item in item_ids.items():
        board_id = session.scalar(select(ItemRow.board_id).where(ItemRow.id == old_item))
        if board_id is not None and board_id in board_ids:
            row = session.get(ItemRow, new_item)
            if row is not None:
                row.board_id = board_ids[board_id]
    session.flush()
    return board_ids
