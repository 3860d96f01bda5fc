"""A full region takes more notes over its cells, never in the next region."""

from __future__ import annotations

from sprintdesk.domain.board import Note
from sprintdesk.domain.board_geometry import free_spots
from sprintdesk.domain.board_structure_presets import preset


def test_notes_beyond_a_full_quadrant_stay_in_it() -> None:
    structure = preset("empathy-map").build((0.0, 0.0))
    says = structure.regions[0]
    spots = free_spots(structure, says, [], 120)
    assert len(spots) == 120
    placed = [Note("n", x=x, y=y) for x, y in spots]
    assert {structure.region_of_note(n).index for n in placed} == {says.index}  # type: ignore[union-attr]


def test_lanes_do_not_spill_into_the_lane_below() -> None:
    structure = preset("roles").build((0.0, 0.0))
    first = structure.regions[0]
    existing = [Note("old", x=x, y=y) for x, y in free_spots(structure, first, [], 10)]
    spots = free_spots(structure, first, existing, 40)
    assert all(structure.region_of_note(Note("n", x=x, y=y)) == first for x, y in spots)
    assert len(set(spots)) == len(spots)  # no two new notes on the same spot


def test_quick_entry_beside_a_parked_note_does_not_step_into_a_region() -> None:
    from sprintdesk.domain.board_geometry import inbox_position

    structure = preset("start-stop-continue").build((0.0, 0.0))
    start = structure.regions[0]
    parked = Note("parked", x=start.left - 170, y=start.top + 300)  # just left of "Start"
    x, y = inbox_position(structure, [parked])
    assert structure.region_of_note(Note("typed", x=x, y=y)) is None
    assert y > parked.y  # below what is already outside, not on top of it
