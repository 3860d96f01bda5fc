"""Tidy board on a full quadrant: clusters that no longer fit are never moved into the region
below (review finding: 18 notes in "Says" became 12 + 6 in "Does"), and since issue 12 never
left over each other either: what does not fit moves to the nearest free place."""

from __future__ import annotations

import dataclasses
from collections import Counter

from sprintdesk.domain.board_geometry import arrange_cluster, overlaps
from sprintdesk.ui.workshop.window import TAB_BOARDS


def test_tidy_keeps_every_cluster_of_a_full_quadrant_in_it(desk, workshop_id, qtbot) -> None:  # type: ignore[no-untyped-def]
    board_id, changes = desk.boards.create(workshop_id, "Empathy")
    window = desk.open_workshop(workshop_id)
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    desk.hub.publish(changes)
    panel = window.boards
    qtbot.waitUntil(lambda: panel.board_actions.board_id == board_id)
    _board, structure, changed = desk.boards.structures.apply(
        board_id, "quadrants", ["Says", "Thinks", "Does", "Feels"]
    )
    desk.hub.publish(changed)
    says = structure.regions[0]
    for k in range(3):  # three clusters of six dragged, overlapping, into "Says"
        ids, _ = desk.boards.add_notes(board_id, [f"c{k} n{i}" for i in range(6)])
        cluster_id, _ = desk.boards.group(board_id, ids, f"Cluster {k}")
        content = desk.boards.load(board_id)
        cluster = next(c for c in content.clusters if c.id == cluster_id)
        moved = dataclasses.replace(cluster, x=says.left + 40 + 60 * k, y=says.top + 140 + 60 * k)
        desk.boards.update_cluster(board_id, moved)
        members = [n for n in content.notes if n.cluster_id == cluster_id]
        spots = arrange_cluster(moved, members)
        desk.boards.update_notes(
            board_id, [dataclasses.replace(n, x=x, y=y) for n, (x, y) in zip(members, spots, strict=True)]
        )

    def regions() -> Counter[str]:
        found = (structure.region_of_note(n) for n in desk.boards.load(board_id).notes)
        return Counter(region.title if region else "outside" for region in found)

    assert regions() == Counter({"Says": 18})
    panel.reload()
    panel.tools["tidy"].trigger()
    found = regions()
    assert set(found) <= {"Says", "outside"} and found["Says"] >= 6  # none in "Does"; one cluster fits
    content = desk.boards.load(board_id)
    assert overlaps(content.notes, content.clusters) == []  # before issue 12 two frames lay on a third
