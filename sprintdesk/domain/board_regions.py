"""Working with a board structure's regions: which notes are in which region, where new or
imported notes and tidied clusters go so they land in (or clear of) the regions, and where a
new structure goes on a board that already has notes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sprintdesk.domain.board import (
    CLUSTER_PADDING,
    CLUSTER_TITLE_HEIGHT,
    GAP,
    NOTE_HEIGHT,
    NOTE_WIDTH,
    Cluster,
    Note,
    next_free_position,
)
from sprintdesk.domain.board_structure import (
    AXIS_MARGIN,
    CELL_H,
    CELL_W,
    LANE_TITLE,
    PAD,
    TITLE_BAND,
    BoardStructure,
    Placed,
    Region,
    StructureKind,
    T,
)

LAYERS = 3  # notes over a full region: layers shifted by up to three steps
LAYER_SHIFT = 24.0


def place_above(
    structure: BoardStructure, boxes: Iterable[tuple[float, float, float, float]]
) -> BoardStructure:
    """The same structure moved above everything already on the board (left, top, right,
    bottom boxes), its left edge at theirs: no note lands in a region by accident."""
    found = list(boxes)
    if not found:
        return structure
    left = min(b[0] for b in found)
    top = min(b[1] for b in found)
    margin = AXIS_MARGIN if structure.kind is StructureKind.GRID else 0.0
    return structure.moved_to(left + margin, top - 3 * GAP - margin - structure.height)


# -- grouping --------------------------------------------------------------------------------
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


def content_box(structure: BoardStructure, region: Region) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the part of a region for notes: clear of its title."""
    if structure.kind is StructureKind.LANES:
        band = min(LANE_TITLE, region.width / 3)
        return region.left + band + PAD, region.top + PAD, region.right - PAD, region.bottom - PAD
    band = min(TITLE_BAND, region.height / 3)
    return region.left + PAD, region.top + band + PAD / 2, region.right - PAD, region.bottom - PAD


def free_spots(
    structure: BoardStructure, region: Region, existing: Iterable[Placed], count: int
) -> list[tuple[float, float]]:
    """Top-left corners for ``count`` new notes in rows inside ``region``, in cells no note
    covers yet. When the region is full, more notes go over the cells again, each layer a
    little further right and down, so that every note stays in its region (a row below it
    would be the next lane or quadrant): the facilitator can then widen the structure."""
    left, top, right, bottom = content_box(structure, region)
    columns = max(1, int((right - left + GAP) // CELL_W))
    rows = max(1, int((bottom - top + GAP) // CELL_H))
    cells = columns * rows
    taken = [(n.x, n.y) for n in existing]
    spots: list[tuple[float, float]] = []
    index = 0
    while len(spots) < count:
        layer, cell = divmod(index, cells)
        shift = ((layer - 1) % LAYERS + 1) * LAYER_SHIFT if layer else 0.0
        x = left + (cell % columns) * CELL_W + shift
        y = top + (cell // columns) * CELL_H + shift
        # The first pass fills free cells; once the region is full, overlapping is the only room.
        if layer or not any(abs(nx - x) < NOTE_WIDTH and abs(ny - y) < NOTE_HEIGHT for nx, ny in taken):
            spots.append((x, y))
        index += 1
    return spots


@dataclass(frozen=True, slots=True)
class TidyGroup:
    """Clusters tidied together: from (left, top), in rows wrapped at ``right`` (None: a
    square-ish grid, as on a board without a structure)."""

    clusters: tuple[Cluster, ...]
    left: float
    top: float
    right: float | None = None
    bottom: float | None = None  # a cluster whose first note would fall below it stays put


def tidy_groups(structure: BoardStructure | None, clusters: Sequence[Cluster]) -> list[TidyGroup]:
    """Each region's clusters stay in their region (a cluster is where its first note cell
    is); those outside every region are tidied among themselves, where they are."""
    if not clusters:
        return []
    inside: dict[int, list[Cluster]] = {}
    outside: list[Cluster] = []
    for cluster in clusters:
        region = None
        if structure is not None:
            region = structure.region_of(
                cluster.x + CLUSTER_PADDING + NOTE_WIDTH / 2,
                cluster.y + CLUSTER_TITLE_HEIGHT + CLUSTER_PADDING + NOTE_HEIGHT / 2,
            )
        (outside if region is None else inside.setdefault(region.index, [])).append(cluster)
    groups = []
    for index in sorted(inside):
        assert structure is not None
        left, top, right, bottom = content_box(structure, structure.regions[index])
        groups.append(TidyGroup(tuple(inside[index]), left, top, right, bottom))
    if outside:
        groups.append(TidyGroup(tuple(outside), min(c.x for c in outside), min(c.y for c in outside)))
    return groups


def inbox_position(structure: BoardStructure, notes: Sequence[Note]) -> tuple[float, float]:
    """Where quick entry writes the next note on a structured board: after the last note
    outside every region, or just below the structure; never into a region by itself."""
    left, _top, _right, bottom = structure.outer_bounds()
    outside = [note for note in notes if structure.region_of_note(note) is None]
    below = (left, bottom + 2 * GAP)
    if not outside:
        return below
    spot = next_free_position(outside)
    if structure.region_of(spot[0] + NOTE_WIDTH / 2, spot[1] + NOTE_HEIGHT / 2) is not None:
        # Next to a note parked beside the structure, the next spot can be inside a region.
        below_all = max(n.y for n in outside) + NOTE_HEIGHT + 2 * GAP
        return left, max(below[1], below_all)
    return spot


def region_title(structure: BoardStructure | None, note: Placed) -> str:
    """The title of the region a note is in; "" outside every region or without a structure."""
    region = structure.region_of_note(note) if structure is not None else None
    return region.title if region is not None else ""
