"""Phones on a structured board (issue 13 with issue 12's geometry): on a Start / Stop /
Continue board a phone picks the column, and its note lands inside that column, never on
another note, also through the moderation inbox; a column that is not on the board is refused
with one line and nothing written. Before, phone notes went in a row below the columns (the
walkthrough found them straddling the Start|Stop line and the exports counting them as Start)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sprintdesk.domain.board_geometry import overlaps
from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.participation import JoinPolicy
from sprintdesk.services.bundle import Services
from sprintdesk.services.participation import ParticipationService
from sprintdesk.storage.database import Database

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from participation_setup import dump, make_room

COLUMNS = ("Start", "Stop", "Continue")


def _phone_on_columns(
    services: Services, reopen: Callable[[], Database], clock: FakeClock, moderation: bool = False
) -> tuple[ParticipationService, int, int, int]:
    room = make_room(services)
    board_id, _ = services.boards.create(room.workshop_id, "Retro")
    services.boards.structures.apply(board_id, "columns", COLUMNS)
    server_side = ParticipationService(reopen(), clock, own_connection=True)
    joining, _ = server_side.open_joining(room.workshop_id, "127.0.0.1", 8765)
    server_side.set_policy(room.workshop_id, JoinPolicy(moderation=moderation, board_id=board_id))
    joined, _ = server_side.join(joining.secret, name="Phone", workshop_id=room.workshop_id)
    return server_side, room.workshop_id, board_id, int(joined["participant"]["id"])  # type: ignore[index]


def test_a_phone_chooses_the_column_and_its_notes_land_inside_it(
    services: Services, reopen: Callable[[], Database], clock: FakeClock
) -> None:
    server_side, workshop_id, board_id, phone = _phone_on_columns(services, reopen, clock)
    room_state = server_side.room_state(workshop_id)  # what the page shows as the column picker
    assert room_state["board"]["regions"] == list(COLUMNS)  # type: ignore[index]
    for index in range(36):
        column = index % 3
        note, created, _ = server_side.write_note(
            workshop_id, phone, f"key-{index:04}", f"{COLUMNS[column]} idea {index}", column
        )
        assert created
    content = services.boards.load(board_id)
    structure = content.board.structure
    assert structure is not None
    by_text = {n.text: n for n in content.notes}
    for index in range(36):
        note = by_text[f"{COLUMNS[index % 3]} idea {index}"]
        region = structure.region_of_note(note)
        assert region is not None and region.title == COLUMNS[index % 3], (index, note.x, note.y)
    assert overlaps(content.notes, content.clusters) == []


def test_without_a_choice_a_note_still_lands_clear_of_the_others(
    services: Services, reopen: Callable[[], Database], clock: FakeClock
) -> None:
    server_side, workshop_id, board_id, phone = _phone_on_columns(services, reopen, clock)
    for index in range(5):
        server_side.write_note(workshop_id, phone, f"key-{index:04}", f"no column {index}")
    content = services.boards.load(board_id)
    assert overlaps(content.notes, content.clusters) == []


@pytest.mark.parametrize("region", [3, -1, "Stop", True, 1.5])
def test_a_column_not_on_the_board_is_refused_and_nothing_written(
    services: Services, reopen: Callable[[], Database], clock: FakeClock, db_path: Path, region: object
) -> None:
    server_side, workshop_id, _board_id, phone = _phone_on_columns(services, reopen, clock)
    before = dump(db_path)
    with pytest.raises(ValidationError, match="column"):
        server_side.write_note(workshop_id, phone, "key-0001", "Lost?", region)
    assert dump(db_path) == before


def test_a_held_note_keeps_its_column_until_approved(
    services: Services, reopen: Callable[[], Database], clock: FakeClock
) -> None:
    server_side, workshop_id, board_id, phone = _phone_on_columns(services, reopen, clock, moderation=True)
    server_side.write_note(workshop_id, phone, "key-0001", "Keep the demos", 2)
    (held,) = services.participation.held_notes(workshop_id)
    services.participation.approve(held.id)
    content = services.boards.load(board_id)
    (note,) = [n for n in content.notes if n.text == "Keep the demos"]
    assert content.board.structure is not None
    region = content.board.structure.region_of_note(note)
    assert region is not None and region.title == "Continue"
