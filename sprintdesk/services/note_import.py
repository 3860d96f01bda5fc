"""Importing notes from a .txt or .csv file into a board: all or nothing.

The file is parsed completely first (domain.note_import); then one transaction finds or
creates the board, the authors (as participants) and the clusters, and inserts every note
in one bulk statement. A problem anywhere leaves the database as it was.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any

from sprintdesk.domain.board import (
    CLUSTER_PADDING,
    CLUSTER_TITLE_HEIGHT,
    GAP,
    NOTE_HEIGHT,
    NOTE_WIDTH,
    Board,
    Cluster,
    Note,
    NoteColor,
    bounds,
    check_board_name,
    cluster_size,
    grid_positions,
)
from sprintdesk.domain.board_regions import content_box, free_spots
from sprintdesk.domain.board_structure import BoardStructure
from sprintdesk.domain.file_limits import NOTE_FILE_BYTES
from sprintdesk.domain.note_import import ImportedNote, NoteFileError, parse_note_file
from sprintdesk.domain.workshop import Participant, Role, name_key
from sprintdesk.export.bounded_read import read_at_most
from sprintdesk.services.changes import Changes
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Database


@dataclasses.dataclass(frozen=True, slots=True)
class ImportResult:
    board_id: int
    board_name: str
    created_board: bool
    count: int
    changes: Changes


def read_note_file(path: Path) -> bytes:
    """A note file's bytes, read no further than its limit (NoteFileError naming it);
    OSError when it cannot be read."""
    return read_at_most(Path(path), NOTE_FILE_BYTES, "note files", NoteFileError)


def default_board_name(filename: str) -> str:
    stem = PurePath(filename).stem.replace("_", " ").strip()
    return stem[:120] or "Imported notes"


class NoteImportService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def import_file(
        self, workshop_id: int, filename: str, data: bytes, board_name: str | None = None
    ) -> ImportResult:
        """Raises NoteFileError (naming the line) or ValidationError; imports nothing then."""
        parsed = parse_note_file(filename, data)
        if not parsed:
            raise NoteFileError("the file holds no notes")
        name = check_board_name(board_name if board_name is not None else default_board_name(filename))
        self._db.backup_if_changed("before importing notes")  # never raises; see backup_warning
        with self._db.session() as session:
            workshop = workshops.get_workshop(session, workshop_id)
            existing = boards.find_board(session, workshop_id, name)
            created = existing is None
            if existing is not None:
                name = existing.name
            board_id = existing.id if existing else boards.add_board(session, Board(name, workshop_id))
            assert board_id is not None
            content = boards.load_content(session, board_id)
            authors = {name_key(p.name): p.id for p in workshop.participants}
            for note in parsed:
                if note.author and name_key(note.author) not in authors:
                    person = Participant(name=note.author, role=note.role or Role.OTHER)
                    authors[name_key(note.author)] = workshops.add_participant(session, workshop_id, person)
            clusters = {name_key(c.title): c for c in content.clusters}
            structure = content.board.structure
            targets = region_targets(structure, parsed)
            notes = self._place(session, board_id, parsed, content.notes, clusters, authors, set(targets))
            notes = place_in_regions(structure, targets, notes, content.notes)
            made = {c.id: c for c in clusters.values() if c not in content.clusters}
            notes = clusters_into_regions(session, board_id, structure, parsed, notes, content.notes, made)
            ids = boards.add_notes(session, board_id, notes)
        changes = Changes(
            workshop_id=workshop_id,
            workshop_list=True,
            details=True,
            boards=created,
            board_id=board_id,
            note_ids=frozenset(ids),
        )
        return ImportResult(board_id, name, created, len(ids), changes)

    @staticmethod
    def _place(
        session: Any,  # the open storage session of import_file's transaction
        board_id: int,
        parsed: Sequence[ImportedNote],
        existing: Sequence[Note],
        clusters: dict[str, Cluster],
        authors: dict[str, int | None],
        in_regions: set[int] | None = None,  # indexes placed in the structure's regions instead
    ) -> list[Note]:
        """Notes for a cluster already on the board go into free cells of its grid; new
        clusters go in a row under everything, loose notes in a grid under those."""
        groups: dict[str, list[int]] = {}  # cluster key -> indexes into parsed
        for index, note in enumerate(parsed):
            if note.cluster:
                groups.setdefault(name_key(note.cluster), []).append(index)
        spots: dict[int, tuple[float, float, int | None]] = {}
        for key, members in groups.items():
            cluster = clusters.get(key)
            if cluster is not None:
                inside = [n for n in existing if n.cluster_id == cluster.id]
                for index, (x, y) in zip(members, _free_cells(cluster, inside, len(members)), strict=True):
                    spots[index] = (x, y, cluster.id)
        # Under everything: notes, the grown clusters, and empty clusters' frames.
        box = bounds(
            [(n.x, n.y) for n in existing]
            + [(x, y) for x, y, _ in spots.values()]
            + [(c.x, c.y) for c in clusters.values()]
        )
        top = 0.0 if box is None else box[3] + 3 * GAP
        left = 0.0 if box is None else box[0]
        cursor_x, row_height = left, 0.0
        for key, members in groups.items():
            if key in clusters:
                continue  # an existing one, filled above
            cluster = Cluster(title=parsed[members[0]].cluster, x=cursor_x, y=top)
            cluster = dataclasses.replace(cluster, id=boards.add_cluster(session, board_id, cluster))
            clusters[key] = cluster
            for index, (x, y) in zip(members, _free_cells(cluster, [], len(members)), strict=True):
                spots[index] = (x, y, cluster.id)
            width, height = cluster_size(len(members))
            cursor_x += width + 2 * GAP
            row_height = max(row_height, height)
        loose = [i for i, note in enumerate(parsed) if not note.cluster and i not in (in_regions or ())]
        loose_top = top + (row_height + 3 * GAP if row_height else 0.0)
        for index, (x, y) in zip(loose, grid_positions(len(loose), (left, loose_top), 8), strict=True):
            spots[index] = (x, y, None)
        for index in in_regions or ():
            spots[index] = (0.0, 0.0, None)  # placed in its region afterwards
        return [
            Note(
                text=note.text,
                x=spots[index][0],
                y=spots[index][1],
                color=note.color or NoteColor.YELLOW,
                author_id=authors.get(name_key(note.author)) if note.author else None,
                cluster_id=spots[index][2],
                imported_votes=note.votes,
            )
            for index, note in enumerate(parsed)
        ]


def _free_cells(cluster: Cluster, members: Sequence[Note], count: int) -> list[tuple[float, float]]:
    """``count`` cells of ``cluster``'s grid (columns as arrange_cluster would use for all
    its notes) that none of its present ``members`` covers, in reading order."""
    columns = min(4, max(1, math.ceil(math.sqrt(len(members) + count))))
    x0, y0 = cluster.x + CLUSTER_PADDING, cluster.y + CLUSTER_TITLE_HEIGHT + CLUSTER_PADDING
    width, height = NOTE_WIDTH, NOTE_HEIGHT
    step_x, step_y = width + GAP, height + GAP
    blocked: set[tuple[int, int]] = set()
    for note in members:
        dx, dy = note.x - x0, note.y - y0
        columns_near = range(math.floor((dx - width) / step_x), math.ceil((dx + width) / step_x) + 1)
        rows_near = range(math.floor((dy - height) / step_y), math.ceil((dy + height) / step_y) + 1)
        blocked.update(
            (column, row)
            for column in columns_near
            for row in rows_near
            if abs(dx - column * step_x) < width and abs(dy - row * step_y) < height
        )
    cells: list[tuple[float, float]] = []
    index = 0
    while len(cells) < count:
        column, row = index % columns, index // columns
        if (column, row) not in blocked:
            cells.append((x0 + column * step_x, y0 + row * step_y))
        index += 1
    return cells


def region_targets(structure: BoardStructure | None, parsed: Sequence[ImportedNote]) -> dict[int, int]:
    """Which notes (index into ``parsed``) go into which region (its index): those outside a
    cluster whose ``region`` names a region of the board's structure, case and spaces aside."""
    if structure is None:
        return {}
    regions = {name_key(region.title): region.index for region in structure.regions}
    return {
        index: regions[name_key(note.region)]
        for index, note in enumerate(parsed)
        if note.region and not note.cluster and name_key(note.region) in regions
    }


def place_in_regions(
    structure: BoardStructure | None,
    targets: dict[int, int],
    placed: Sequence[Note],
    existing: Sequence[Note],
) -> list[Note]:
    """The notes of ``targets`` moved into free cells of their regions."""
    result = list(placed)
    if structure is None:
        return result
    by_region: dict[int, list[int]] = {}
    for index, region_index in targets.items():
        by_region.setdefault(region_index, []).append(index)
    for region_index, members in by_region.items():
        region = structure.regions[region_index]
        for index, (x, y) in zip(members, free_spots(structure, region, existing, len(members)), strict=True):
            result[index] = dataclasses.replace(result[index], x=x, y=y)
    return result


def clusters_into_regions(
    session: Any,  # the open storage session of import_file's transaction
    board_id: int,
    structure: BoardStructure | None,
    parsed: Sequence[ImportedNote],
    placed: Sequence[Note],
    existing: Sequence[Note],
    made: dict[int | None, Cluster],
) -> list[Note]:
    """A cluster made by this import whose notes all name the same region goes into that
    region, under what is in it already (its notes keep their arrangement)."""
    result = list(placed)
    if structure is None or not made:
        return result
    regions = {name_key(region.title): region for region in structure.regions}
    members: dict[int, list[int]] = {}
    for index, note in enumerate(result):
        if note.cluster_id is not None and note.cluster_id in made:
            members.setdefault(note.cluster_id, []).append(index)
    for cluster_id, indexes in members.items():
        names = {name_key(parsed[i].region) for i in indexes}
        region = regions.get(names.pop()) if len(names) == 1 else None
        if region is None:
            continue
        left, top, _right, _bottom = content_box(structure, region)
        inside = [n for n in (*existing, *result) if structure.region_of_note(n) == region]
        floor = max((n.y + NOTE_HEIGHT + 2 * GAP for n in inside), default=top)
        cluster = made[cluster_id]
        dx, dy = left - cluster.x, floor - cluster.y
        boards.update_cluster(session, board_id, dataclasses.replace(cluster, x=left, y=floor))
        for index in indexes:
            note = result[index]
            result[index] = dataclasses.replace(note, x=note.x + dx, y=note.y + dy)
    return result
