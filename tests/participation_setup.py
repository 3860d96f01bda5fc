"""A workshop ready for phones, shared by the service and web tests: the sample workshop (four
people, Dana the Decider), a board "Ideas" with two clustered notes and one loose note, linked
to the first agenda item, so phones write there before and while the run starts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sprintdesk.samples import add_workshop, people_of
from sprintdesk.services.bundle import Services

TABLES = (
    "workshops",
    "participants",
    "boards",
    "notes",
    "clusters",
    "vote_sessions",
    "votes",
    "joining",
    "devices",
    "phone_notes",
    "held_notes",
    "run_events",
)


@dataclass(frozen=True)
class Room:
    workshop_id: int
    board_id: int
    people: dict[str, int]
    note_ids: list[int]
    cluster_id: int
    first_item: int
    second_item: int


def make_room(services: Services) -> Room:
    workshop_id = add_workshop(services)
    board_id, _ = services.boards.create(workshop_id, "Ideas")
    ids, _ = services.boards.add_notes(board_id, ["Faster checkout", "Fewer fields", "Dark mode"])
    cluster_id, _ = services.boards.group(board_id, ids[:2], "Speed")
    items = services.workshops.get(workshop_id).items()
    services.boards.link_item(items[0].id or 0, board_id)
    return Room(
        workshop_id,
        board_id,
        people_of(services, workshop_id),
        ids,
        cluster_id,
        items[0].id or 0,
        items[1].id or 0,
    )


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every committed row of the tables phones can touch, through a separate SQLite connection."""
    connection = sqlite3.connect(path)
    try:
        return {table: connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in TABLES}
    finally:
        connection.close()
