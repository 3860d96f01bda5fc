"""A full region takes no more notes over its cells: the rest go below the structure, under
the region, never over a note and never into the next region."""

from __future__ import annotations

from sprintdesk.domain.board import Note
from sprintdesk.domain.board_geometry import free_spots, overlaps
from sprintdesk.domain.board_structure_presets import preset


def test_notes_beyond_a_full_quadrant_go_below_the_structure_not_over_each_other() -> None:
    structure = preset("empathy-map").build((0.0, 0.0))
    says = structure.regions[0]
    spots = free_spots(structure, says, [], 120)
    assert len(spots) == 120
    placed = [Note("n", x=x, y=y) for x, y in spots]
    assert overlaps(placed) == []  # before issue 12 they lay in layers, 24 units apart
    regions = [structure.region_of_note(n) for n in placed]
    assert {r.index for r in regions if r is not None} == {says.index}
    outside = [n for n, r in zip(placed, regions, strict=True) if r is None]
    assert outside and all(n.y > structure.outer_bounds()[3] for n in outside)
    assert all(says.left <= n.x < says.right for n in outside)  # under their quadrant


def test_lanes_do_not_spill_into_the_lane_below() -> None:
    structure = preset("roles").build((0.0, 0.0))
    first = structure.regions[0]
    existing = [Note("old", x=x, y=y) for x, y in free_spots(structure, first, [], 10)]
    spots = free_spots(structure, first, existing, 40)
    assert all(structure.region_of_note(Note("n", x=x, y=y)) in (first, None) for x, y in spots)
    assert overlaps(existing + [Note("n", x=x, y=y) for x, y in spots]) == []


def test_quick_entry_beside_a_parked_note_does_not_step_into_a_region() -> None:
    from sprintdesk.domain.board_geometry import inbox_position

    structure = preset("start-stop-continue").build((0.0, 0.0))
    start = structure.regions[0]
    parked = Note("parked", x=start.left - 170, y=start.top + 300)  # just left of "Start"
    x, y = inbox_position(structure, [parked])
    assert structure.region_of_note(Note("typed", x=x, y=y)) is None
    assert y > parked.y  # below what is already outside, not on top of it
