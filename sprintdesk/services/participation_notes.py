"""Notes written on phones: placed on the open board as quick entry places them (nothing
overlapped), covered in private writing, held for approval under moderation, idempotent on
the phone's own key. Each function runs inside the one transaction its caller holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from sprintdesk.domain.board import Board, Note
from sprintdesk.domain.participation import HeldNote, NoteStatus, PhoneNote
from sprintdesk.services.boards import BoardService
from sprintdesk.services.changes import Changes
from sprintdesk.services.participation_errors import ClosedError, MissingError
from sprintdesk.services.participation_place import Placement
from sprintdesk.services.participation_room import RoomContext
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import participation_repository as repo
from sprintdesk.storage.database import Transaction as Session


def _nothing() -> None:
    return None


def find_mine(session: Session, participant_id: int, key: str) -> PhoneNote | None:
    """The participant's note (or held note) with this key, wherever it is."""
    found = repo.phone_note(session, participant_id, key)
    if found is not None:
        note_id, text, covered, board_id = found
        status = NoteStatus.COVERED if covered else NoteStatus.ON_BOARD
        return PhoneNote(key, note_id, text, status, board_id)
    held = repo.held_by_key(session, participant_id, key)
    if held is not None:
        return PhoneNote(key, None, held.text, NoteStatus.WAITING, held.board_id)
    return None


def place_note(
    session: Session,
    board: Board,
    text: str,
    author_id: int | None,
    participant_id: int,
    key: str,
    placement: Placement | None = None,
) -> tuple[int, Changes, Callable[[], None]]:
    """Put a phone's note on the board: the next free place, covered in private writing.
    Returns its id, the Changes, and what to call once the transaction committed."""
    board_id = board.id or 0
    spot, stamp = placement.spot(session, board) if placement is not None else (None, (0, 0))
    grown = None
    if spot is None:
        content = boards.load_content(session, board_id)
        placed = list(content.notes)
        ((x, y),) = BoardService.new_note_spots(board, placed, content.clusters, 1)
        note = Note(text=text, x=x, y=y, author_id=author_id, covered=board.private_writing)
        grown = BoardService.grown_structure(board.structure, [*placed, note], content.clusters)
        if grown is not None:
            boards.set_structure(session, board_id, grown)
    else:
        note = Note(text=text, x=spot[0], y=spot[1], author_id=author_id, covered=board.private_writing)
    (note_id,) = boards.add_notes(session, board_id, [note])
    repo.add_phone_note(session, note_id, participant_id, key)
    changes = Changes(
        workshop_id=board.workshop_id,
        board_id=board_id,
        note_ids=frozenset({note_id}),
        structure=grown is not None,
        room=True,
    )

    def committed() -> None:
        if placement is not None:
            placement.placed(board_id, dataclasses.replace(note, id=note_id), stamp)

    return note_id, changes, committed


def write(
    session: Session,
    context: RoomContext,
    participant_id: int,
    key: str,
    text: str,
    now: dt.datetime,
    placement: Placement | None = None,
) -> tuple[PhoneNote, bool, Changes, Callable[[], None]]:
    """A new note, or the one this key already made (then ``created`` is False)."""
    existing = find_mine(session, participant_id, key)
    if existing is not None:
        return existing, False, Changes(), _nothing
    board = context.open_board()
    if context.joining.locked:
        raise ClosedError("The board is locked: no more notes for now.")
    workshop_id = context.joining.workshop_id
    if context.joining.policy.moderation:
        held = HeldNote(0, workshop_id, board.id or 0, participant_id, key, text)
        repo.add_held(session, held, now)
        mine = PhoneNote(key, None, text, NoteStatus.WAITING, board.id or 0)
        return mine, True, Changes(workshop_id=workshop_id, room=True), _nothing
    author = None if context.joining.policy.anonymous else participant_id
    note_id, changes, committed = place_note(session, board, text, author, participant_id, key, placement)
    status = NoteStatus.COVERED if board.private_writing else NoteStatus.ON_BOARD
    return PhoneNote(key, note_id, text, status, board.id or 0), True, changes, committed


def _editable(session: Session, context: RoomContext, participant_id: int, key: str) -> PhoneNote:
    mine = find_mine(session, participant_id, key)
    if mine is None:
        raise MissingError("You have no note with that key.")
    board = context.board
    if board is None or board.id != mine.board_id:
        raise ClosedError("That note's board is closed for writing.")
    if context.joining.locked:
        raise ClosedError("The board is locked: notes can no longer be changed.")
    return mine


def edit(
    session: Session, context: RoomContext, participant_id: int, key: str, text: str
) -> tuple[PhoneNote, Changes]:
    mine = _editable(session, context, participant_id, key)
    workshop_id = context.joining.workshop_id
    if mine.id is None:
        held = repo.held_by_key(session, participant_id, key)
        if held is not None:
            repo.update_held(session, held.id, text)
        return dataclasses.replace(mine, text=text), Changes(workshop_id=workshop_id, room=True)
    (note,) = boards.load_notes(session, mine.board_id, [mine.id])
    boards.update_note(session, mine.board_id, dataclasses.replace(note, text=text))
    changes = Changes(workshop_id=workshop_id, board_id=mine.board_id, note_ids=frozenset({mine.id}))
    return dataclasses.replace(mine, text=text), changes


def delete(session: Session, context: RoomContext, participant_id: int, key: str) -> Changes:
    mine = _editable(session, context, participant_id, key)
    workshop_id = context.joining.workshop_id
    if mine.id is None:
        held = repo.held_by_key(session, participant_id, key)
        if held is not None:
            repo.delete_held(session, held.id)
        return Changes(workshop_id=workshop_id, room=True)
    boards.delete_notes(session, mine.board_id, [mine.id])
    return Changes(
        workshop_id=workshop_id, board_id=mine.board_id, note_ids=frozenset({mine.id}), votes=True, room=True
    )
