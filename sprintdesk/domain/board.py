"""Affinity-mapping boards: sticky notes, titled clusters, and where things go on the wall.

Positions are plain numbers in board units (a note is NOTE_WIDTH x NOTE_HEIGHT); the board
scene mirrors these, it never owns them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from sprintdesk.domain.errors import ValidationError

if TYPE_CHECKING:  # board_structure builds on this module's sizes
    from sprintdesk.domain.board_structure import BoardStructure

NOTE_WIDTH = 160.0
NOTE_HEIGHT = 120.0
GAP = 16.0
CLUSTER_PADDING = 24.0
CLUSTER_TITLE_HEIGHT = 40.0
MAX_NOTE_LENGTH = 100_000
MAX_BOARD_NAME = 120


class NoteColor(StrEnum):
    """The palette, by name (the interface decides the exact shades)."""

    YELLOW = "yellow"
    ORANGE = "orange"
    PINK = "pink"
    PURPLE = "purple"
    BLUE = "blue"
    GREEN = "green"
    TEAL = "teal"
    GREY = "grey"

    @classmethod
    def parse(cls, text: str) -> NoteColor:
        cleaned = text.strip().lower()
        aliases = {"gray": "grey", "violet": "purple", "red": "pink"}
        cleaned = aliases.get(cleaned, cleaned)
        try:
            return cls(cleaned)
        except ValueError:
            names = ", ".join(color.value for color in cls)
            raise ValidationError(f"unknown colour '{text.strip()}' (use one of: {names})") from None


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    x: float = 0.0
    y: float = 0.0
    color: NoteColor = NoteColor.YELLOW
    author_id: int | None = None
    cluster_id: int | None = None
    covered: bool = False  # private writing: hidden on the shared screen until revealed
    imported_votes: int = 0  # dots counted elsewhere (a paper wall, another tool)
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Cluster:
    title: str
    x: float = 0.0
    y: float = 0.0
    color: NoteColor = NoteColor.GREY
    collapsed: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Board:
    name: str
    workshop_id: int
    private_writing: bool = False
    id: int | None = None
    structure: BoardStructure | None = None  # columns, lanes, quadrants or a 2x2 grid behind the notes


@dataclass(frozen=True, slots=True)
class BoardContent:
    board: Board
    notes: tuple[Note, ...] = ()
    clusters: tuple[Cluster, ...] = ()

    def notes_in(self, cluster_id: int | None) -> list[Note]:
        return [note for note in self.notes if note.cluster_id == cluster_id]


def check_note_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError("A note needs some text.")
    if len(cleaned) > MAX_NOTE_LENGTH:
        raise ValidationError(f"A note can hold at most {MAX_NOTE_LENGTH:,} characters.")
    return cleaned


def check_board_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("A board needs a name.")
    if len(cleaned) > MAX_BOARD_NAME:
        raise ValidationError(f"A board name can be at most {MAX_BOARD_NAME} characters.")
    return cleaned


def grid_positions(
    count: int, origin: tuple[float, float], columns: int | None = None
) -> list[tuple[float, float]]:
    """Top-left corners for ``count`` notes in rows, from ``origin``; a square-ish grid
    unless ``columns`` is given."""
    if count <= 0:
        return []
    columns = columns or max(1, math.ceil(math.sqrt(count)))
    x0, y0 = origin
    return [
        (x0 + (i % columns) * (NOTE_WIDTH + GAP), y0 + (i // columns) * (NOTE_HEIGHT + GAP))
        for i in range(count)
    ]


def arrange_cluster(cluster: Cluster, notes: Sequence[Note]) -> list[tuple[float, float]]:
    """Neat rows under the cluster's title, in the notes' current reading order."""
    # Sorted by index, not by id: notes not stored yet all have id None.
    order = sorted(
        range(len(notes)), key=lambda i: (round(notes[i].y / NOTE_HEIGHT), notes[i].x, notes[i].id or 0)
    )
    origin = (cluster.x + CLUSTER_PADDING, cluster.y + CLUSTER_TITLE_HEIGHT + CLUSTER_PADDING)
    columns = min(4, max(1, math.ceil(math.sqrt(len(order)))))
    positions = grid_positions(len(order), origin, columns)
    placed: list[tuple[float, float]] = [(0.0, 0.0)] * len(notes)
    for index, position in zip(order, positions, strict=True):
        placed[index] = position
    return placed


def cluster_size(note_count: int) -> tuple[float, float]:
    """Width and height of a cluster frame holding ``note_count`` neatly arranged notes."""
    columns = min(4, max(1, math.ceil(math.sqrt(max(1, note_count)))))
    rows = max(1, math.ceil(max(1, note_count) / columns))
    width = 2 * CLUSTER_PADDING + columns * NOTE_WIDTH + (columns - 1) * GAP
    height = CLUSTER_TITLE_HEIGHT + 2 * CLUSTER_PADDING + rows * NOTE_HEIGHT + (rows - 1) * GAP
    return width, height


def bounds(positions: Iterable[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """(left, top, right, bottom) around notes placed at ``positions``."""
    points = list(positions)
    if not points:
        return None
    left = min(x for x, _ in points)
    top = min(y for _, y in points)
    right = max(x for x, _ in points) + NOTE_WIDTH
    bottom = max(y for _, y in points) + NOTE_HEIGHT
    return left, top, right, bottom


def next_free_position(notes: Sequence[Note], columns: int = 8) -> tuple[float, float]:
    """Where the next quick-entry note goes: after the last unclustered note, wrapping
    after ``columns`` notes, below everything else on the board."""
    loose = [n for n in notes if n.cluster_id is None]
    if not loose:
        box = bounds((n.x, n.y) for n in notes)
        return (0.0, 0.0) if box is None else (box[0], box[3] + 2 * GAP)
    last = max(loose, key=lambda n: (n.y, n.x))
    step = NOTE_WIDTH + GAP
    row_start = min(n.x for n in loose if abs(n.y - last.y) < 1)
    spots = [(row_start, last.y + NOTE_HEIGHT + GAP)]
    if last.x + step < row_start + columns * step - 1:
        spots.insert(0, (last.x + step, last.y))
    for x, y in spots:
        # A cluster (or a note dragged there) may already cover the spot.
        if not any(abs(n.x - x) < NOTE_WIDTH and abs(n.y - y) < NOTE_HEIGHT for n in notes):
            return x, y
    box = bounds((n.x, n.y) for n in notes)
    assert box is not None
    return row_start, box[3] + 2 * GAP
