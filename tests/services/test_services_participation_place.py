"""Phone notes on a big board (issue 13): the room's server keeps the board's layout between its
own writes, yet every note lands exactly where quick entry's rule puts it, never on another,
also when the facilitator moves, adds and groups notes in between (from another connection)."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

from sprintdesk.domain.board_geometry import overlaps
from sprintdesk.domain.clock import FakeClock
from sprintdesk.services.boards import BoardService
from sprintdesk.services.bundle import Services
from sprintdesk.services.participation import ParticipationService
from sprintdesk.storage.database import Database

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from participation_setup import make_room


def test_cached_layout_places_like_quick_entry_and_sees_the_facilitators_changes(
    services: Services, reopen: Callable[[], Database], clock: FakeClock
) -> None:
    room = make_room(services)
    services.boards.add_notes(room.board_id, [f"wall {i}" for i in range(300)])
    server_side = ParticipationService(reopen(), clock, own_connection=True)  # as the room's server
    joining, _ = server_side.open_joining(room.workshop_id, "127.0.0.1", 8765)
    joined, _ = server_side.join(joining.secret, name="Phone")
    phone = int(joined["participant"]["id"])  # type: ignore[index]
    rng = random.Random(13)
    for index in range(120):
        if index % 15 == 7:  # the facilitator acts on the board through the interface's connection
            content = services.boards.load(room.board_id)
            loose = [n for n in content.notes if n.cluster_id is None]
            picked = rng.sample(loose, 3)
            choice = rng.choice(["move", "add", "group"])
            if choice == "move":
                spot = BoardService.new_note_spots(content.board, list(content.notes), content.clusters, 1)[0]
                services.boards.move_notes(room.board_id, [(picked[0].id or 0, spot[0], spot[1])])
            elif choice == "add":
                services.boards.add_notes(room.board_id, ["typed by the facilitator"])
            else:
                services.boards.group(room.board_id, [n.id or 0 for n in picked], f"Theme {index}")
        content = services.boards.load(room.board_id)
        expected = BoardService.new_note_spots(content.board, list(content.notes), content.clusters, 1)[0]
        note, created, _ = server_side.write_note(
            room.workshop_id, phone, f"phone-key-{index:04}", f"phone {index}"
        )
        assert created
        placed = {n.id: n for n in services.boards.load(room.board_id).notes}[int(str(note["id"]))]
        assert (placed.x, placed.y) == expected, index
    content = services.boards.load(room.board_id)
    assert overlaps(content.notes, content.clusters) == []


def test_the_vote_list_kept_by_the_server_follows_its_own_writes_and_the_facilitators(
    services: Services, reopen: Callable[[], Database], clock: FakeClock
) -> None:
    from sprintdesk.domain.voting import VoteRules

    room = make_room(services)
    server_side = ParticipationService(reopen(), clock, own_connection=True)
    joining, _ = server_side.open_joining(room.workshop_id, "127.0.0.1", 8765)
    joined, _ = server_side.join(joining.secret, name="Phone")
    phone = int(joined["participant"]["id"])  # type: ignore[index]
    services.voting.start(room.board_id, VoteRules(budget=3))

    def texts() -> list[object]:
        return [item["text"] for item in server_side.my_vote(room.workshop_id, phone)["items"]]  # type: ignore[union-attr]

    assert texts() == ["Faster checkout", "Fewer fields", "Dark mode"]
    server_side.write_note(room.workshop_id, phone, "phone-key-0001", "From the phone")
    assert texts()[-1] == "From the phone"
    server_side.edit_note(room.workshop_id, phone, "phone-key-0001", "Edited on the phone")
    assert texts()[-1] == "Edited on the phone"
    server_side.delete_note(room.workshop_id, phone, "phone-key-0001")
    assert texts() == ["Faster checkout", "Fewer fields", "Dark mode"]
    services.boards.delete_notes(room.board_id, [room.note_ids[2]])  # the facilitator's connection
    assert texts() == ["Faster checkout", "Fewer fields"]
