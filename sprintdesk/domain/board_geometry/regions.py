"""A board's structure and its regions: where a new structure goes, the part of a region for
notes, free spots in a region, and where quick entry writes on a structured board."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from sprintdesk.domain.board import Cluster, Note
from sprintdesk.domain.board_geometry.grid import (
    Position,
    Rect,
    cluster_frames,
    next_free_position,
    note_rect,
)
from sprintdesk.domain.board_geometry.space import Space
from sprintdesk.domain.board_sizes import CELL_H, CELL_W, CLUSTER_TITLE_HEIGHT, GAP, NOTE_HEIGHT, NOTE_WIDTH
from sprintdesk.domain.board_structure import (
    AXIS_MARGIN,
    LANE_TITLE,
    MAX_SIDE,
    PAD,
    TITLE_BAND,
    BoardStructure,
    Placed,
    Region,
    StructureKind,
)


def place_above(structure: BoardStructure, boxes: Iterable[Rect]) -> BoardStructure:
    """The same structure moved above everything already on the board (left, top, right,
    bottom boxes), its left edge at theirs: no note lands in a region by accident."""
    found = list(boxes)
    if not found:
        return structure
    left = min(b[0] for b in found)
    top = min(b[1] for b in found)
    margin = AXIS_MARGIN if structure.kind is StructureKind.GRID else 0.0
    return structure.moved_to(left + margin, top - 3 * GAP - margin - structure.height)


def place_above_content(
    structure: BoardStructure, notes: Sequence[Note], clusters: Sequence[Cluster]
) -> BoardStructure:
    """``place_above`` the board's notes and the titles of its clusters."""
    boxes = [note_rect(n.x, n.y) for n in notes]
    boxes += [(c.x, c.y, c.x + NOTE_WIDTH, c.y + CLUSTER_TITLE_HEIGHT + NOTE_HEIGHT) for c in clusters]
    return place_above(structure, boxes)


def content_box(structure: BoardStructure, region: Region) -> Rect:
    """(left, top, right, bottom) of the part of a region for notes: clear of its title."""
    if structure.kind is StructureKind.LANES:
        band = min(LANE_TITLE, region.width / 3)
        return region.left + band + PAD, region.top + PAD, region.right - PAD, region.bottom - PAD
    band = min(TITLE_BAND, region.height / 3)
    return region.left + PAD, region.top + band + PAD / 2, region.right - PAD, region.bottom - PAD


def free_spots(
    structure: BoardStructure,
    region: Region,
    existing: Iterable[Placed],
    count: int,
    frames: Sequence[Rect] = (),
) -> list[Position]:
    """Top-left corners for ``count`` new notes in rows inside ``region``, in cells that no
    note and no cluster frame (``frames``) covers yet. When the region is full, the rest go in
    rows below the structure, under the region, never over another note: the facilitator
    can then make the structure bigger and drag them in."""
    left, top, right, bottom = content_box(structure, region)
    columns = max(1, int((right - left + GAP) // CELL_W))
    rows = max(1, int((bottom - top + GAP) // CELL_H))
    space: Space[tuple[str, int]] = Space()
    for index, note in enumerate(existing):
        space.add(("note", index), note_rect(note.x, note.y))
    for index, frame in enumerate(frames):
        space.add(("frame", index), frame)
    spots: list[Position] = []

    def take(x: float, y: float) -> None:
        rect = note_rect(x, y)
        if not space.hits(rect):
            space.add(("spot", len(spots)), rect)
            spots.append((x, y))

    for cell in range(columns * rows):
        if len(spots) == count:
            return spots
        take(left + (cell % columns) * CELL_W, top + (cell // columns) * CELL_H)
    below = structure.outer_bounds()[3] + 2 * GAP
    cell = 0
    while len(spots) < count:
        take(left + (cell % columns) * CELL_W, below + (cell // columns) * CELL_H)
        cell += 1
    return spots


def inbox_position(structure: BoardStructure, notes: Sequence[Note]) -> Position:
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


def new_note_position(structure: BoardStructure | None, notes: Sequence[Note]) -> Position:
    """Where quick entry writes the next note when no region is asked for:
    ``next_free_position``, or on a board with a structure ``inbox_position`` (below the
    structure, never into a region by itself)."""
    return next_free_position(notes) if structure is None else inbox_position(structure, notes)


def target_region(structure: BoardStructure | None, near: Position | None) -> Region | None:
    """The region typed or pasted notes go into: the one under ``near`` (the centre of the
    selection, or of the view), None on a board without structure or outside every region."""
    if structure is None or near is None:
        return None
    return structure.region_of(*near)


def into_home_region(
    structure: BoardStructure | None, notes: Sequence[Placed], origin: Position, size: tuple[float, float]
) -> Position:
    """Where a new cluster frame of ``size`` around ``notes`` goes on a structured board: the
    ``origin`` proposed, moved the least so that the frame lies in the part for notes of the
    region most of its notes are in (below its title, not across into the next region or
    above the structure). Unchanged without a structure or when no note is in a region."""
    if structure is None:
        return origin
    counts: dict[int, int] = {}
    homes: dict[int, Region] = {}
    for note in notes:
        region = structure.region_of_note(note)
        if region is not None:
            counts[region.index] = counts.get(region.index, 0) + 1
            homes[region.index] = region
    if not counts:
        return origin
    home = homes[max(counts, key=lambda index: (counts[index], -index))]
    left, top, right, bottom = content_box(structure, home)
    x = min(max(origin[0], left), max(left, right - size[0]))
    y = min(max(origin[1], top), max(top, bottom - size[1]))
    return x, y


def grown_to_hold(
    structure: BoardStructure | None, notes: Sequence[Note], clusters: Sequence[Cluster] = ()
) -> BoardStructure | None:
    """The structure made long enough to hold what overflowed it: columns grow downwards over
    the notes and cluster frames that lie just under them (within a row of their bottom edge,
    and so on down), lanes grow to the right over what lies just beyond their end. What lies
    further off (a parking lot the facilitator made) stays outside. Quadrants and grids, and
    a structure nothing overflows, come back unchanged."""
    if structure is None or structure.kind not in (StructureKind.COLUMNS, StructureKind.LANES):
        return structure
    down = structure.kind is StructureKind.COLUMNS
    boxes = [note_rect(n.x, n.y) for n in notes]
    boxes += cluster_frames(clusters, notes)
    left, top = structure.x, structure.y
    end = top + structure.height if down else left + structure.width
    reach = CELL_H if down else CELL_W
    grown = end
    while True:
        further = grown
        for x0, y0, x1, y1 in boxes:
            across = (x0 + x1) / 2 if down else (y0 + y1) / 2
            low, high = (left, left + structure.width) if down else (top, top + structure.height)
            near, far = (y0, y1) if down else (x0, x1)
            if low <= across < high and far > grown - PAD and near <= grown + reach:
                further = max(further, far + PAD)
        if further <= grown:
            break
        grown = further
    if grown <= end:
        return structure
    length = min(MAX_SIDE, grown - (top if down else left))
    if down:
        return dataclasses.replace(structure, height=length)
    return dataclasses.replace(structure, width=length)
