"""Reading a board by its structure's regions: which notes are in which region. Where notes,
clusters and a new structure go is worked out in ``board_geometry``."""

from __future__ import annotations

from collections.abc import Iterable

from sprintdesk.domain.board_structure import BoardStructure, Placed, Region, T


def group_by_region(
    structure: BoardStructure | None, notes: Iterable[T]
) -> list[tuple[Region | None, list[T]]]:
    """Every region in order with its notes (empty regions too), then the notes outside
    every region (None), if there are any. Without a structure: one group, None."""
    items = list(notes)
    if structure is None:
        return [(None, items)]
    groups: dict[int, list[T]] = {region.index: [] for region in structure.regions}
    outside: list[T] = []
    for item in items:
        region = structure.region_of_note(item)
        (outside if region is None else groups[region.index]).append(item)
    result: list[tuple[Region | None, list[T]]] = [(r, groups[r.index]) for r in structure.regions]
    if outside:
        result.append((None, outside))
    return result


def region_title(structure: BoardStructure | None, note: Placed) -> str:
    """The title of the region a note is in; "" outside every region or without a structure."""
    region = structure.region_of_note(note) if structure is not None else None
    return region.title if region is not None else ""
