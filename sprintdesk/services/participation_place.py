"""Where a phone's note goes, fast on a big board.

The rule is quick entry's (``BoardService.new_note_spots``: after the last loose note, then
``settle`` so that nothing overlaps). Applied as it is, it reads and indexes the whole board for
every note: 40 ms a note at 2,000 notes, far too slow for a room of phones writing at once. So
the room's server keeps each board's layout in memory between its own writes, and
``PRAGMA data_version`` (which changes when *another* connection commits: the facilitator, the
command line) says when to read it again. The spot is worked out on the notes near it and then
checked against the whole board's index; anything unusual (a structure, no loose note, a
crowded neighbourhood) takes the plain path.
"""

from __future__ import annotations

import dataclasses
import threading

from sprintdesk.domain.board import Board, Cluster, Note
from sprintdesk.domain.board_geometry import (
    CELL_H,
    NOTE_HEIGHT,
    NOTE_WIDTH,
    cluster_frames,
    next_free_position,
    settle,
)
from sprintdesk.domain.board_geometry.grid import note_rect
from sprintdesk.domain.board_geometry.space import Space, apart
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import participation_repository as repo
from sprintdesk.storage.database import Transaction as Session

WINDOW = 700.0  # board units around the spot whose notes take part in settling it


@dataclasses.dataclass
class _Layout:
    stamp: tuple[int, int]  # (connection, data_version) it was read at
    notes: list[Note]
    clusters: list[Cluster]
    frames: list[tuple[float, float, float, float]]
    space: Space[int]
    last_loose: Note | None
    lowest: Note | None
    left: float = 0.0
    right: float = 0.0
    members: dict[int, list[int]] = dataclasses.field(default_factory=dict)  # cluster id -> note indexes

    def add(self, note: Note) -> None:
        if not self.notes:
            self.left = self.right = note.x
        self.left, self.right = min(self.left, note.x), max(self.right, note.x)
        if note.cluster_id is not None:
            self.members.setdefault(note.cluster_id, []).append(len(self.notes))
        self.space.add(len(self.notes), note_rect(note.x, note.y))
        self.notes.append(note)
        if note.cluster_id is None and (
            self.last_loose is None
            or (note.y, note.x)
            > (
                self.last_loose.y,
                self.last_loose.x,
            )
        ):
            self.last_loose = note
        if self.lowest is None or note.y > self.lowest.y:
            self.lowest = note


def _read(session: Session, board_id: int, stamp: tuple[int, int]) -> _Layout:
    content = boards.load_content(session, board_id)
    clusters = list(content.clusters)
    layout = _Layout(stamp, [], clusters, cluster_frames(clusters, content.notes), Space(), None, None)
    for note in content.notes:
        layout.add(note)
    return layout


class Placement:
    """The layouts of the boards phones write to, kept between the server's own writes."""

    def __init__(self) -> None:
        self._layouts: dict[int, _Layout] = {}
        self._lock = threading.Lock()

    def spot(self, session: Session, board: Board) -> tuple[tuple[float, float] | None, tuple[int, int]]:
        """Where a new loose note goes on ``board`` (None: take the plain path), and the
        stamp of the database it was worked out on."""
        stamp = repo.change_stamp(session)
        if board.structure is not None or board.id is None:
            return None, stamp
        with self._lock:
            layout = self._layouts.get(board.id)
            if layout is None or layout.stamp != stamp:
                layout = self._layouts[board.id] = _read(session, board.id, stamp)
            return _spot(layout), stamp

    def placed(self, board_id: int, note: Note, stamp: tuple[int, int]) -> None:
        """A note this server put on the board, committed, in a transaction begun at ``stamp``
        (its own commit leaves data_version as it was)."""
        with self._lock:
            layout = self._layouts.get(board_id)
            if layout is not None and layout.stamp == stamp:
                layout.add(note)
            else:
                self._layouts.pop(board_id, None)

    def forget(self) -> None:
        with self._lock:
            self._layouts.clear()


def _spot(layout: _Layout) -> tuple[float, float] | None:
    last = layout.last_loose
    if last is None or layout.lowest is None:
        return None
    # next_free_position reads the last loose note's row and the board's bottom: the notes
    # from the row above down are all it looks at.
    top = last.y - CELL_H
    below = (layout.left - 1, top, layout.right + NOTE_WIDTH + 1, layout.lowest.y + NOTE_HEIGHT + 1)
    tail = [layout.notes[i] for i in sorted(layout.space.near(below)) if layout.notes[i].y >= top]
    if layout.lowest not in tail:
        tail.append(layout.lowest)
    x, y = next_free_position(tail)
    window = (x - WINDOW, y - WINDOW, x + WINDOW, y + WINDOW)
    near = layout.space.near(window)
    shown = [j for j, frame in enumerate(layout.frames) if not apart(frame, window)]
    for j in shown:
        near.update(layout.members.get(layout.clusters[j].id or 0, ()))
    notes = [layout.notes[i] for i in sorted(near)] + [Note("", x=x, y=y, id=-1)]
    settled, _ = settle(notes, [layout.clusters[j] for j in shown], [len(notes) - 1])
    new = settled[-1]
    rect = note_rect(new.x, new.y)
    if layout.space.hits(rect) or any(not apart(rect, frame) for frame in layout.frames):
        return None  # settled beyond what it saw: the plain path decides
    return new.x, new.y
