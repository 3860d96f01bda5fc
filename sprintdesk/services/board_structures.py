"""Board structures: give a board columns, lanes, quadrants or a 2x2 grid, change them, take
them away, and read a board's notes region by region. Notes never move when the structure
changes: which region a note is in follows from where it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sprintdesk.domain.board import Note
from sprintdesk.domain.board_geometry import place_above_content
from sprintdesk.domain.board_regions import group_by_region
from sprintdesk.domain.board_structure import (
    MAX_SIDE,
    Axis,
    BoardStructure,
    Region,
    StructureKind,
    build_structure,
    default_size,
    resized,
)
from sprintdesk.services.changes import Changes
from sprintdesk.storage import board_repository as repo
from sprintdesk.storage.database import Database


@dataclass(frozen=True, slots=True)
class RegionNotes:
    region: Region | None  # None: the notes outside every region
    notes: tuple[Note, ...]

    @property
    def title(self) -> str:
        return self.region.title if self.region is not None else "Outside the structure"


class BoardStructureService:
    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    def _changed(board_id: int) -> Changes:
        return Changes(board_id=board_id, structure=True)

    def structure_of(self, board_id: int) -> BoardStructure | None:
        with self._db.session() as session:
            return repo.get_board(session, board_id).structure

    def set_structure(self, board_id: int, structure: BoardStructure | None) -> Changes:
        """Exactly this structure (None: no structure); what undo and redo put back."""
        with self._db.session() as session:
            repo.set_structure(session, board_id, structure)
        return self._changed(board_id)

    def clear(self, board_id: int) -> Changes:
        return self.set_structure(board_id, None)

    def apply(
        self,
        board_id: int,
        kind: StructureKind | str,
        titles: Sequence[str],
        *,
        x_axis: Axis | None = None,
        y_axis: Axis | None = None,
        room: float | None = None,
    ) -> tuple[BoardStructure | None, BoardStructure, Changes]:
        """Set or edit the board's structure, in one transaction; returns (before, after,
        changes). An existing structure keeps its place (and its regions their size when only
        their number changes); a new one goes above what is on the board already, so no note
        finds itself in a region it was not put in. ``room`` sizes every region at that factor
        of its default (1.0: about 15 notes) instead."""
        with self._db.session() as session:
            before = repo.get_board(session, board_id).structure
            probe = build_structure(kind, titles, x_axis=x_axis, y_axis=y_axis)  # checks the input
            size = resized(before, probe.kind, len(probe.titles))
            if room is not None:
                width, height = default_size(probe.kind, len(probe.titles))
                size = (min(MAX_SIDE, width * room), min(MAX_SIDE, height * room))
            origin = (before.x, before.y) if before is not None else None
            after = build_structure(
                probe.kind, probe.titles, x_axis=probe.x_axis, y_axis=probe.y_axis, origin=origin, size=size
            )
            if before is None:
                content = repo.load_content(session, board_id)
                after = place_above_content(after, content.notes, content.clusters)
            repo.set_structure(session, board_id, after)
        return before, after, self._changed(board_id)

    def notes_by_region(self, board_id: int) -> list[RegionNotes]:
        """Each region in order with its notes (empty ones too), then the notes outside the
        structure, if any. A board without a structure gives one group of all its notes."""
        with self._db.session() as session:
            content = repo.load_content(session, board_id)
        groups = group_by_region(content.board.structure, content.notes)
        return [RegionNotes(region, tuple(notes)) for region, notes in groups]
