"""Grouping notes that sit next to an existing cluster: the new frame keeps clear of it."""

from __future__ import annotations

import dataclasses

from sprintdesk.domain.board_geometry import GAP, NOTE_WIDTH, cluster_size
from sprintdesk.domain.workshop import Workshop
from sprintdesk.services.boards import BoardService
from sprintdesk.storage.database import Database


def _frame(service: BoardService, board_id: int, cluster_id: int) -> tuple[float, float, float, float]:
    content = service.load(board_id)
    cluster = next(c for c in content.clusters if c.id == cluster_id)
    width, height = cluster_size(len(content.notes_in(cluster_id)))
    return cluster.x, cluster.y, cluster.x + width, cluster.y + height


def test_a_new_cluster_does_not_cover_its_neighbour(db: Database, sprint: Workshop) -> None:
    service = BoardService(db)
    board_id, _ = service.create(sprint.id or 0, "Affinity")
    first_ids, _ = service.add_notes(board_id, ["a1", "a2", "a3", "a4"], at=(0.0, 0.0))
    first, _ = service.group(board_id, first_ids, "First theme")
    left, top, right, bottom = _frame(service, board_id, first)
    # Two loose notes just to the right of the first frame's notes: grouping them in place
    # would put the new frame's corner inside the first one.
    loose, _ = service.add_notes(board_id, ["b1", "b2"], at=(right - NOTE_WIDTH / 2, top + 80.0))
    second, _ = service.group(board_id, loose, "Second theme")
    new = _frame(service, board_id, second)
    assert new[0] >= right + GAP or new[1] >= bottom + GAP  # clear of the first frame
    assert _frame(service, board_id, first) == (left, top, right, bottom)  # the first did not move
    members = service.load(board_id).notes_in(second)
    assert sorted(n.text for n in members) == ["b1", "b2"]
    assert all(n.x >= new[0] and n.y >= new[1] for n in members)  # its notes moved with it


def test_a_cluster_with_room_stays_where_its_notes_were(db: Database, sprint: Workshop) -> None:
    service = BoardService(db)
    board_id, _ = service.create(sprint.id or 0, "Affinity")
    ids, _ = service.add_notes(board_id, ["x", "y"], at=(400.0, 300.0))
    cluster_id, _ = service.group(board_id, ids, "Alone")
    cluster = next(c for c in service.load(board_id).clusters if c.id == cluster_id)
    assert dataclasses.astuple(cluster)[1:3] == (400.0 - 24.0, 300.0 - 64.0)
