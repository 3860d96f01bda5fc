"""Grids of notes and cluster frames: the square-ish grid, a cluster's cells and size, free
places for loose notes, and where a new cluster's frame goes."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from sprintdesk.domain.board import Cluster, Note
from sprintdesk.domain.board_sizes import (
    CELL_H,
    CELL_W,
    CLUSTER_PADDING,
    CLUSTER_TITLE_HEIGHT,
    GAP,
    NOTE_HEIGHT,
    NOTE_WIDTH,
)
from sprintdesk.domain.board_structure import Placed

Position = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, right, bottom

CLUSTER_COLUMNS = 4  # a cluster's notes: a square-ish grid, at most this wide
LOOSE_COLUMNS = 8  # loose notes (typed, imported, moved clear of a cluster): rows this wide


# -- the square-ish grid ---------------------------------------------------------------------
def grid_columns(count: int, most: int | None = None) -> int:
    """How many columns a square-ish grid of ``count`` things has: the square root, rounded
    up; at least one, at most ``most``."""
    columns = max(1, math.ceil(math.sqrt(count)))
    return columns if most is None else min(most, columns)


def grid_positions(count: int, origin: Position, columns: int | None = None) -> list[Position]:
    """Top-left corners for ``count`` notes in rows, from ``origin``; a square-ish grid
    unless ``columns`` is given."""
    if count <= 0:
        return []
    columns = columns or grid_columns(count)
    x0, y0 = origin
    return [(x0 + (i % columns) * CELL_W, y0 + (i // columns) * CELL_H) for i in range(count)]


def first_cell(cluster: Cluster) -> Position:
    """The top-left corner of a cluster's first note, under its title."""
    return cluster.x + CLUSTER_PADDING, cluster.y + CLUSTER_TITLE_HEIGHT + CLUSTER_PADDING


def arrange_cluster(cluster: Cluster, notes: Sequence[Note]) -> list[Position]:
    """Neat rows under the cluster's title, in the notes' current reading order."""
    # Sorted by index, not by id: notes not stored yet all have id None.
    order = sorted(
        range(len(notes)), key=lambda i: (round(notes[i].y / NOTE_HEIGHT), notes[i].x, notes[i].id or 0)
    )
    positions = grid_positions(len(order), first_cell(cluster), grid_columns(len(order), CLUSTER_COLUMNS))
    placed: list[Position] = [(0.0, 0.0)] * len(notes)
    for index, position in zip(order, positions, strict=True):
        placed[index] = position
    return placed


def cluster_size(note_count: int) -> tuple[float, float]:
    """Width and height of a cluster frame holding ``note_count`` neatly arranged notes."""
    count = max(1, note_count)
    columns = grid_columns(count, CLUSTER_COLUMNS)
    rows = max(1, math.ceil(count / columns))
    width = 2 * CLUSTER_PADDING + columns * NOTE_WIDTH + (columns - 1) * GAP
    height = CLUSTER_TITLE_HEIGHT + 2 * CLUSTER_PADDING + rows * NOTE_HEIGHT + (rows - 1) * GAP
    return width, height


def free_cells(cluster: Cluster, members: Sequence[Placed], count: int) -> list[Position]:
    """``count`` cells of ``cluster``'s grid (as wide as ``arrange_cluster`` makes it for all
    its notes) that none of its present ``members`` covers, in reading order."""
    columns = grid_columns(len(members) + count, CLUSTER_COLUMNS)
    x0, y0 = first_cell(cluster)
    blocked: set[tuple[int, int]] = set()
    for note in members:
        dx, dy = note.x - x0, note.y - y0
        columns_near = range(
            math.floor((dx - NOTE_WIDTH) / CELL_W), math.ceil((dx + NOTE_WIDTH) / CELL_W) + 1
        )
        rows_near = range(math.floor((dy - NOTE_HEIGHT) / CELL_H), math.ceil((dy + NOTE_HEIGHT) / CELL_H) + 1)
        blocked.update(
            (column, row)
            for column in columns_near
            for row in rows_near
            if abs(dx - column * CELL_W) < NOTE_WIDTH and abs(dy - row * CELL_H) < NOTE_HEIGHT
        )
    cells: list[Position] = []
    index = 0
    while len(cells) < count:
        column, row = index % columns, index // columns
        if (column, row) not in blocked:
            cells.append((x0 + column * CELL_W, y0 + row * CELL_H))
        index += 1
    return cells


# -- free places for loose notes ---------------------------------------------------------------
def bounds(positions: Iterable[Position]) -> Rect | None:
    """(left, top, right, bottom) around notes placed at ``positions``."""
    points = list(positions)
    if not points:
        return None
    left = min(x for x, _ in points)
    top = min(y for _, y in points)
    right = max(x for x, _ in points) + NOTE_WIDTH
    bottom = max(y for _, y in points) + NOTE_HEIGHT
    return left, top, right, bottom


def covers_a_note(notes: Iterable[Placed], x: float, y: float) -> bool:
    return any(abs(n.x - x) < NOTE_WIDTH and abs(n.y - y) < NOTE_HEIGHT for n in notes)


def next_free_position(notes: Sequence[Note], columns: int = LOOSE_COLUMNS) -> Position:
    """Where the next quick-entry note goes: after the last unclustered note, wrapping
    after ``columns`` notes, below everything else on the board."""
    loose = [n for n in notes if n.cluster_id is None]
    if not loose:
        box = bounds((n.x, n.y) for n in notes)
        return (0.0, 0.0) if box is None else (box[0], box[3] + 2 * GAP)
    last = max(loose, key=lambda n: (n.y, n.x))
    row_start = min(n.x for n in loose if abs(n.y - last.y) < 1)
    spots = [(row_start, last.y + NOTE_HEIGHT + GAP)]
    if last.x + CELL_W < row_start + columns * CELL_W - 1:
        spots.insert(0, (last.x + CELL_W, last.y))
    for x, y in spots:
        # A cluster (or a note dragged there) may already cover the spot.
        if not covers_a_note(notes, x, y):
            return x, y
    box = bounds((n.x, n.y) for n in notes)
    assert box is not None
    return row_start, box[3] + 2 * GAP


# -- cluster frames --------------------------------------------------------------------------
FRAME_MIN_WIDTH = NOTE_WIDTH + 2 * CLUSTER_PADDING  # an empty or collapsed frame is this wide
TITLE_CHAR = 12.0  # about one character of a cluster's title (20 px bold), in board units


def title_frame_width(title: str) -> float:
    """How wide a collapsed cluster's frame is drawn: its title, its note count and vote total
    ("Title  (12)  ● 000  ★ 00"), at least a note and its padding. One rule for the board and
    the room's fit (an empty cluster is FRAME_MIN_WIDTH wide, its title elided)."""
    return max(FRAME_MIN_WIDTH, TITLE_CHAR * (len(title) + 16) + 32)



def note_rect(x: float, y: float) -> Rect:
    """(left, top, right, bottom) of a note whose top-left corner is at (x, y)."""
    return x, y, x + NOTE_WIDTH, y + NOTE_HEIGHT


def frame_of(cluster: Cluster, members: Iterable[Position]) -> Rect:
    """A cluster's frame as drawn: from its corner, around its notes with padding; an empty
    cluster is a title and half a note tall."""
    points = list(members)
    if not points:
        bottom = cluster.y + CLUSTER_TITLE_HEIGHT + NOTE_HEIGHT / 2
        return cluster.x, cluster.y, cluster.x + FRAME_MIN_WIDTH, bottom
    left = min(cluster.x, min(x for x, _ in points) - CLUSTER_PADDING)
    right = max(max(x for x, _ in points) + NOTE_WIDTH + CLUSTER_PADDING, left + FRAME_MIN_WIDTH)
    bottom = max(max(y for _, y in points) + NOTE_HEIGHT + CLUSTER_PADDING, cluster.y + CLUSTER_TITLE_HEIGHT)
    return left, cluster.y, right, bottom


def cluster_frames(clusters: Sequence[Cluster], notes: Sequence[Note]) -> list[Rect]:
    """The frames of ``clusters`` as drawn around their notes among ``notes``."""
    members: dict[int | None, list[Position]] = {}
    for note in notes:
        if note.cluster_id is not None:
            members.setdefault(note.cluster_id, []).append((note.x, note.y))
    return [frame_of(c, members.get(c.id, []) if c.id is not None else []) for c in clusters]


def cluster_rects(clusters: Sequence[Cluster], notes: Sequence[Note]) -> list[Rect]:
    """The frames of ``clusters`` as drawn: sized by how many notes each one holds."""
    counts: dict[int | None, int] = {}
    for note in notes:
        counts[note.cluster_id] = counts.get(note.cluster_id, 0) + 1
    rects = []
    for cluster in clusters:
        width, height = cluster_size(counts.get(cluster.id, 0))
        rects.append((cluster.x, cluster.y, cluster.x + width, cluster.y + height))
    return rects


def _overlap(a: Rect, b: Rect) -> bool:
    """True when the two rectangles come closer than GAP to each other."""
    return a[0] < b[2] + GAP and b[0] < a[2] + GAP and a[1] < b[3] + GAP and b[1] < a[3] + GAP


def free_cluster_origin(origin: Position, size: tuple[float, float], taken: Sequence[Rect]) -> Position:
    """``origin`` when a frame of ``size`` fits there; else the first place to its right, on the
    same row, that keeps GAP clear of every rectangle in ``taken``. Each step moves past the
    rectangle in the way, so the search ends after at most ``len(taken)`` steps."""
    x, y = origin
    width, height = size
    for _ in range(len(taken) + 1):
        frame = (x, y, x + width, y + height)
        blocking = [rect for rect in taken if _overlap(frame, rect)]
        if not blocking:
            break
        x = max(rect[2] for rect in blocking) + GAP
    return x, y


def group_origin(notes: Sequence[Note], clusters: Sequence[Cluster], others: Sequence[Note]) -> Position:
    """Where the frame of a new cluster around ``notes`` goes: with its first cell at their
    top-left corner, moved right until it keeps clear of the board's other ``clusters``
    (framed around ``others``, the notes that stay where they are, as drawn)."""
    origin = (
        min(n.x for n in notes) - CLUSTER_PADDING,
        min(n.y for n in notes) - (CLUSTER_TITLE_HEIGHT + CLUSTER_PADDING),
    )
    return free_cluster_origin(origin, cluster_size(len(notes)), cluster_frames(clusters, others))
