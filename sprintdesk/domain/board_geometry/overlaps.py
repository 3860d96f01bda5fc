"""The board's one layout rule, and keeping it: no note lies under another note, no note lies
in the frame of a cluster it does not belong to, no two cluster frames overlap.

``overlaps`` lists what breaks the rule; ``settle`` mends what an operation broke by moving
things to the nearest free place: a loose note gives way to a cluster, and between two
notes or two clusters the one the operation placed gives way to the one already there.
A cluster moves whole, its notes with it. The frame of a cluster is drawn around its notes
(``frame_of``, as the board view and the PDF draw it), so the rule holds on screen and on
paper alike."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sprintdesk.domain.board import Cluster, Note
from sprintdesk.domain.board_geometry.grid import Position, Rect, first_cell, frame_of, note_rect
from sprintdesk.domain.board_geometry.regions import content_box
from sprintdesk.domain.board_geometry.space import Space, nearest_free
from sprintdesk.domain.board_sizes import GAP, NOTE_HEIGHT, NOTE_WIDTH
from sprintdesk.domain.board_structure import BoardStructure, Region, StructureKind

Key = tuple[str, int]  # ("note", index) or ("cluster", index) into the lists given
OPEN_REACH = 20_000.0  # how far under its column overflow is looked for (then: anywhere)


@dataclass(frozen=True, slots=True)
class Overlap:
    """Two things that overlap: ("note", index) or ("cluster", index) into the lists given."""

    first: Key
    second: Key

    @property
    def what(self) -> str:
        kinds = {self.first[0], self.second[0]}
        return {"note": "note on note", "cluster": "frame on frame"}.get(
            next(iter(kinds)) if len(kinds) == 1 else "", "note in another cluster's frame"
        )


class _Layout:
    """The board being mended: its notes and clusters, their rectangles in a ``Space``."""

    def __init__(
        self, notes: Sequence[Note], clusters: Sequence[Cluster], structure: BoardStructure | None = None
    ) -> None:
        self.structure = structure
        self.notes = list(notes)
        self.clusters = list(clusters)
        where = {c.id: j for j, c in enumerate(self.clusters) if c.id is not None}
        self.owner: list[int | None] = [
            where.get(n.cluster_id) if n.cluster_id is not None else None for n in self.notes
        ]
        self.members: dict[int, list[int]] = {j: [] for j in range(len(self.clusters))}
        for i, j in enumerate(self.owner):
            if j is not None:
                self.members[j].append(i)
        self.space: Space[Key] = Space()
        for i, note in enumerate(self.notes):
            self.space.add(("note", i), note_rect(note.x, note.y))
        for j in range(len(self.clusters)):
            self.refit(j)

    def refit(self, j: int) -> None:
        points = [(self.notes[i].x, self.notes[i].y) for i in self.members[j]]
        self.space.add(("cluster", j), frame_of(self.clusters[j], points))

    def allowed(self, a: Key, b: Key) -> bool:
        """A note in its own cluster's frame is where it belongs."""
        if a[0] == b[0]:
            return a == b
        note, cluster = (a, b) if a[0] == "note" else (b, a)
        return self.owner[note[1]] == cluster[1]

    def conflicts(self, key: Key) -> list[Key]:
        rect = self.space.rects[key]
        return sorted(k for k in self.space.hits(rect) if not self.allowed(key, k))

    def unit(self, key: Key) -> Key:
        """What moves when ``key`` must: a loose note, or a member's whole cluster."""
        if key[0] == "note" and self.owner[key[1]] is not None:
            return "cluster", self.owner[key[1]] or 0
        return key

    def _free(
        self, size: tuple[float, float], start: Position, centre: Position, ignore: set[Key]
    ) -> Position:
        """``nearest_free``; on a structured board the other regions are walls (what is in a
        region stays in it, what is outside every region stays outside). What is in a region
        goes to its part for notes (below its title) while there is room; when there is none,
        a column's overflow goes under the column (a lane's to its right), where the column
        grows to hold it (``grown_to_hold``)."""
        home = self.structure.region_of(*centre) if self.structure is not None else None
        if self.structure is not None and home is not None:
            box = content_box(self.structure, home)
            reach = 2 * max(box[2] - box[0], box[3] - box[1])
            fence = _fence(box, reach + size[0] + size[1] + GAP)
            inside = self._nearest(size, start, ignore, home, fence, limit=reach)
            if inside is not None:
                return inside
            kind = self.structure.kind
            if kind in (StructureKind.COLUMNS, StructureKind.LANES):
                fence = _open_fence(box, size, downwards=kind is StructureKind.COLUMNS)
                found = self._nearest(size, start, ignore, home, fence, limit=OPEN_REACH)
                if found is not None:
                    return found
        found = self._nearest(size, start, ignore, home, [])
        assert found is not None  # without a limit there is always a place
        return found

    def _nearest(
        self,
        size: tuple[float, float],
        start: Position,
        ignore: set[Key],
        home: Region | None,
        fence: Sequence[Rect],
        limit: float = math.inf,
    ) -> Position | None:
        """``nearest_free`` with the regions but ``home`` and ``fence`` as walls, for one look."""
        walls: list[Key] = []
        try:
            if self.structure is not None:
                for region in self.structure.regions:
                    if region != home:
                        walls.append(("wall", region.index))
                        self.space.add(walls[-1], (region.left, region.top, region.right, region.bottom))
            for index, rect in enumerate(fence):
                walls.append(("fence", index))
                self.space.add(walls[-1], rect)
            return nearest_free(self.space, size, start, GAP, ignore, limit=limit)
        finally:
            for wall in walls:
                self.space.remove(wall)

    def move_note(self, i: int, placed: set[Key]) -> None:
        note = self.notes[i]
        ignore: set[Key] = {("note", i)}
        owner = self.owner[i]
        if owner is not None:
            ignore.add(("cluster", owner))
        centre = (note.x + NOTE_WIDTH / 2, note.y + NOTE_HEIGHT / 2)
        x, y = self._free((NOTE_WIDTH, NOTE_HEIGHT), (note.x, note.y), centre, ignore)
        self.notes[i] = dataclasses.replace(note, x=x, y=y)
        self.space.add(("note", i), note_rect(x, y))
        placed.add(("note", i))
        if self.owner[i] is not None:
            self.refit(self.owner[i] or 0)

    def move_cluster(self, j: int, placed: set[Key]) -> None:
        left, top, right, bottom = self.space.rects[("cluster", j)]
        ignore = {("cluster", j)} | {("note", i) for i in self.members[j]}
        cluster = self.clusters[j]
        cell = first_cell(cluster)
        centre = (cell[0] + NOTE_WIDTH / 2, cell[1] + NOTE_HEIGHT / 2)
        x, y = self._free((right - left, bottom - top), (left, top), centre, ignore)
        dx, dy = x - left, y - top
        self.clusters[j] = dataclasses.replace(cluster, x=cluster.x + dx, y=cluster.y + dy)
        for i in self.members[j]:
            note = self.notes[i]
            self.notes[i] = dataclasses.replace(note, x=note.x + dx, y=note.y + dy)
            self.space.add(("note", i), note_rect(note.x + dx, note.y + dy))
            placed.add(("note", i))
        self.refit(j)
        placed.add(("cluster", j))


def _fence(box: Rect, thickness: float) -> list[Rect]:
    """Four walls ``thickness`` thick around ``box`` (left, top, right, bottom)."""
    left, top, right, bottom = box
    t = thickness
    return [
        (left - t, top - t, right + t, top),  # above
        (left - t, bottom, right + t, bottom + t),  # below
        (left - t, top, left, bottom),  # left
        (right, top, right + t, bottom),  # right
    ]


def _open_fence(box: Rect, size: tuple[float, float], downwards: bool) -> list[Rect]:
    """Walls on three sides of ``box``, open below it (a column) or to its right (a lane), the
    side walls running on so that what goes out goes straight on, under its own region; the
    channel between them is widened (about its middle) for something wider than the region."""
    left, top, right, bottom = box
    far = 2 * OPEN_REACH
    if downwards:
        left, right = _wide_enough(left, right, size[0])
        return [
            (left - far, top - far, right + far, top),
            (left - far, top, left, bottom + far),
            (right, top, right + far, bottom + far),
        ]
    top, bottom = _wide_enough(top, bottom, size[1])
    return [
        (left - far, top - far, left, bottom + far),
        (left, top - far, right + far, top),
        (left, bottom, right + far, bottom + far),
    ]


def _wide_enough(low: float, high: float, across: float) -> tuple[float, float]:
    """The span from ``low`` to ``high``, widened about its middle to hold ``across`` and a gap
    on each side."""
    short = across + 2 * GAP - (high - low)
    return (low - short / 2, high + short / 2) if short > 0 else (low, high)


def overlaps(notes: Sequence[Note], clusters: Sequence[Cluster] = ()) -> list[Overlap]:
    """Every pair that breaks the rule, each once, in a stable order; empty when none does."""
    layout = _Layout(notes, clusters)
    found: list[Overlap] = []
    for key in sorted(layout.space.rects):
        found.extend(Overlap(key, other) for other in layout.conflicts(key) if key < other)
    return found


def _mover(layout: _Layout, a: Key, b: Key, placed: set[Key]) -> tuple[str, int]:
    """Which of two overlapping things gives way (see the module's rule); ("note", i) for a
    member that moves alone, within its own cluster."""
    if layout.unit(a) == layout.unit(b):  # two notes of one cluster: the later one moves over
        return max(a, b)
    ua, ub = layout.unit(a), layout.unit(b)
    if ua[0] != ub[0]:
        return ua if ua[0] == "note" else ub
    if (ua in placed) != (ub in placed):
        return ua if ua in placed else ub
    return max(ua, ub)


def settle(
    notes: Sequence[Note],
    clusters: Sequence[Cluster],
    placed_notes: Collection[int] = (),
    placed_clusters: Collection[int] = (),
    structure: BoardStructure | None = None,
) -> tuple[list[Note], list[Cluster]]:
    """The board with what overlaps moved apart, the same notes and clusters in the same
    order. Only overlaps that involve something the operation placed (indexes into ``notes``
    and ``clusters``), or something moved to make room, are mended: an overlap elsewhere on
    the board is the person's own doing and stays. With a ``structure``, nothing moves into
    another region than the one it is in (or out of the structure, or into it)."""
    layout = _Layout(notes, clusters, structure)
    placed: set[Key] = {("note", i) for i in placed_notes} | {("cluster", j) for j in placed_clusters}
    for j in placed_clusters:
        placed.update(("note", i) for i in layout.members[j])
    queue = sorted(placed)
    budget = 8 * (len(notes) + len(clusters)) + 100  # each move lands on a free place; a guard
    while queue and budget > 0:
        key = queue.pop()
        for other in layout.conflicts(key):
            if key not in layout.space.rects or other not in layout.conflicts(key):
                continue
            kind, index = _mover(layout, key, other, placed)
            if kind == "note":
                layout.move_note(index, placed)
            else:
                layout.move_cluster(index, placed)
            budget -= 1
            queue.append((kind, index))
            if kind == "note" and layout.owner[index] is not None:
                queue.append(("cluster", layout.owner[index] or 0))
            elif kind == "cluster":
                queue.append(("cluster", index))
    return layout.notes, layout.clusters


def changed(before: Sequence[Note], after: Sequence[Note]) -> list[int]:
    """Indexes of the notes ``settle`` moved."""
    return [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if (a.x, a.y) != (b.x, b.y)]
