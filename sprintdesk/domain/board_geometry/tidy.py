"""Tidying the board: clusters in a square-ish grid (in a region: rows as wide as the region),
each one arranged; in a region its loose notes go in rows under its clusters, elsewhere the
loose notes a tidied frame now covers move clear."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from sprintdesk.domain.board import Cluster, Note
from sprintdesk.domain.board_geometry.grid import (
    LOOSE_COLUMNS,
    Position,
    Rect,
    arrange_cluster,
    cluster_size,
    first_cell,
    grid_columns,
    grid_positions,
)
from sprintdesk.domain.board_geometry.overlaps import settle
from sprintdesk.domain.board_geometry.regions import content_box
from sprintdesk.domain.board_sizes import (
    CELL_W,
    CLUSTER_PADDING,
    CLUSTER_TITLE_HEIGHT,
    GAP,
    NOTE_HEIGHT,
    NOTE_WIDTH,
)
from sprintdesk.domain.board_structure import BoardStructure


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
            x, y = first_cell(cluster)
            region = structure.region_of(x + NOTE_WIDTH / 2, y + NOTE_HEIGHT / 2)
        (outside if region is None else inside.setdefault(region.index, [])).append(cluster)
    groups = []
    for index in sorted(inside):
        assert structure is not None
        left, top, right, bottom = content_box(structure, structure.regions[index])
        groups.append(TidyGroup(tuple(inside[index]), left, top, right, bottom))
    if outside:
        groups.append(TidyGroup(tuple(outside), min(c.x for c in outside), min(c.y for c in outside)))
    return groups


@dataclass(frozen=True, slots=True)
class TidyStep:
    """One change of a tidy, one undo step: a cluster moved (``cluster`` holds it before and
    after) with its notes arranged, or (``cluster`` None) loose notes moved clear of the
    tidied clusters. ``before`` and ``after`` hold the same notes, in the same order."""

    before: tuple[Note, ...]
    after: tuple[Note, ...]
    cluster: tuple[Cluster, Cluster] | None = None


def tidy_board(
    structure: BoardStructure | None, clusters: Sequence[Cluster], notes: Sequence[Note]
) -> list[TidyStep]:
    """Clusters in a square-ish grid (in a region: in rows as wide as the region), each one
    arranged; loose notes a tidied frame now covers move below the clusters, so none looks
    like a member it is not. The steps are in the order they are to be applied."""
    board = list(notes)  # as it will be after the steps so far
    steps: list[TidyStep] = []
    for group in tidy_groups(structure, clusters):
        moved, frames, floor = _tidy_group(group, board)
        for step in moved:
            steps.append(step)
            _apply(board, step)
        right = group.right
        fit = LOOSE_COLUMNS if right is None else max(1, int((right - group.left + GAP) // CELL_W))
        if right is not None and structure is not None:  # a region: all its loose notes, in rows
            clear = pack_loose_notes(board, structure, (group.left, group.top), (group.left, floor), fit)
        else:
            clear = clear_loose_notes(board, frames, (group.left, floor), fit)
        if clear is not None:
            steps.append(clear)
            _apply(board, clear)
    steps.extend(_settle_steps(steps, clusters, board, structure))
    return steps


def _settle_steps(
    steps: Sequence[TidyStep],
    clusters: Sequence[Cluster],
    board: list[Note],
    structure: BoardStructure | None,
) -> list[TidyStep]:
    """The last steps of a tidy: what still overlaps after it (clusters left where they were in
    a full region, the outside group's grid over a region's clusters, a loose note moved onto
    another) moved to the nearest free place. Tidy mends the whole board: every cluster takes
    part, those tidied first keep their places, those left where they were give way."""
    tidied = {step.cluster[1].id: step.cluster[1] for step in steps if step.cluster is not None}
    order = list(tidied.values()) + [c for c in clusters if c.id not in tidied]
    cleared = {(n.id, n.x, n.y) for step in steps if step.cluster is None for n in step.after}
    notes, placed = settle(
        board,
        order,
        [i for i, n in enumerate(board) if (n.id, n.x, n.y) in cleared],
        range(len(order)),
        structure,
    )
    found = [
        TidyStep(
            tuple(m for m in board if m.cluster_id == c.id),
            tuple(m for m in notes if m.cluster_id == c.id),
            (c, a),
        )
        for c, a in zip(order, placed, strict=True)
        if c != a
    ]
    loose = [i for i, (b, a) in enumerate(zip(board, notes, strict=True)) if b != a and b.cluster_id is None]
    if loose:
        found.append(TidyStep(tuple(board[i] for i in loose), tuple(notes[i] for i in loose)))
    for step in found:
        _apply(board, step)
    return found


def arrange_clear(
    cluster: Cluster,
    notes: Sequence[Note],
    clusters: Sequence[Cluster],
    structure: BoardStructure | None = None,
) -> tuple[list[Note], list[Note], tuple[Cluster, Cluster] | None]:
    """Arranging a cluster (``arrange_cluster``) on the board of ``notes`` and ``clusters``: its
    frame may grow over loose notes (they move to the nearest free place) or over another
    frame (the arranged cluster moves, whole). The notes that change, before and after, and
    the cluster's move (None when it stays)."""
    members = [i for i, n in enumerate(notes) if n.cluster_id == cluster.id]
    spots = arrange_cluster(cluster, [notes[i] for i in members])
    board = list(notes)
    for i, (x, y) in zip(members, spots, strict=True):
        board[i] = dataclasses.replace(notes[i], x=x, y=y)
    index = next(j for j, c in enumerate(clusters) if c.id == cluster.id)
    after, placed = settle(board, clusters, placed_clusters=[index], structure=structure)
    inside = set(members)
    touched = [i for i in range(len(notes)) if i in inside or after[i] != notes[i]]
    moved = (cluster, placed[index]) if placed[index] != cluster else None
    return [notes[i] for i in touched], [after[i] for i in touched], moved


def _tidy_group(group: TidyGroup, board: Sequence[Note]) -> tuple[list[TidyStep], list[Rect], float]:
    """The group's clusters moved and arranged, the frames (left, top, width, height) they
    now take, and the top of the room below them."""
    columns = grid_columns(len(group.clusters))
    x, y, row_height = group.left, group.top, 0.0
    steps: list[TidyStep] = []
    frames: list[Rect] = []
    for index, cluster in enumerate(sorted(group.clusters, key=lambda c: (c.y, c.x))):
        members = [n for n in board if n.cluster_id == cluster.id]
        width, height = cluster_size(len(members))
        full = index % columns == 0 if group.right is None else x + width > group.right
        if index and full:
            x, y, row_height = group.left, y + row_height + 2 * GAP, 0.0
        if (
            group.bottom is not None
            and y + CLUSTER_TITLE_HEIGHT + CLUSTER_PADDING + NOTE_HEIGHT / 2 > group.bottom
        ):
            break  # the region is full: the rest stay where they are, in it, untidied
        moved = dataclasses.replace(cluster, x=x, y=y)
        spots = arrange_cluster(moved, members)
        after = tuple(dataclasses.replace(n, x=sx, y=sy) for n, (sx, sy) in zip(members, spots, strict=True))
        steps.append(TidyStep(tuple(members), after, (cluster, moved)))
        frames.append((x, y, width, height))
        x += width + 2 * GAP
        row_height = max(row_height, height)
    return steps, frames, y + row_height + 2 * GAP


def clear_loose_notes(
    notes: Sequence[Note], frames: Sequence[Rect], origin: Position, columns: int = LOOSE_COLUMNS
) -> TidyStep | None:
    """The loose notes that cluster ``frames`` (left, top, width, height) cover, moved into
    rows from ``origin``; None when no frame covers one."""

    def covered(note: Note) -> bool:
        return any(
            note.x < fx + fw and note.x + NOTE_WIDTH > fx and note.y < fy + fh and note.y + NOTE_HEIGHT > fy
            for fx, fy, fw, fh in frames
        )

    loose = [n for n in notes if n.cluster_id is None and covered(n)]
    if not loose:
        return None
    spots = grid_positions(len(loose), origin, columns)
    after = tuple(dataclasses.replace(n, x=x, y=y) for n, (x, y) in zip(loose, spots, strict=True))
    return TidyStep(tuple(loose), after)


def pack_loose_notes(
    notes: Sequence[Note], structure: BoardStructure, inside: Position, origin: Position, columns: int
) -> TidyStep | None:
    """The loose notes of the region holding the point ``inside``, in rows from ``origin`` (under
    the region's tidied clusters) in their reading order, so that a tidied region has no gaps
    a room would have to look across; None when they are in those places already."""
    region = structure.region_of(*inside)
    loose = sorted(
        (n for n in notes if n.cluster_id is None and structure.region_of_note(n) == region),
        key=lambda n: (n.y, n.x),
    )
    spots = grid_positions(len(loose), origin, columns)
    after = tuple(dataclasses.replace(n, x=x, y=y) for n, (x, y) in zip(loose, spots, strict=True))
    if not loose or all((a.x, a.y) == (b.x, b.y) for a, b in zip(loose, after, strict=True)):
        return None
    return TidyStep(tuple(loose), after)


def _apply(board: list[Note], step: TidyStep) -> None:
    where = {id(note): index for index, note in enumerate(board)}
    for before, after in zip(step.before, step.after, strict=True):
        board[where[id(before)]] = after
