"""Importing notes from a .txt or .csv file into a board: all or nothing.

The file is parsed completely first (domain.note_import); then one transaction finds or
creates the board, the authors (as participants) and the clusters, and inserts every note
in one bulk statement. A problem anywhere leaves the database as it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path, PurePath

from sprintdesk.domain.board import Board, BoardContent, Cluster, Note, NoteColor, check_board_name
from sprintdesk.domain.board_geometry import ImportLayout, grown_to_hold, import_layout
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
            keys = [name_key(note.cluster) if note.cluster else None for note in parsed]
            layout = import_layout(
                keys,
                content.notes,
                clusters,
                structure,
                region_targets(structure, parsed),
                cluster_region_targets(structure, parsed),
                content.clusters,
            )
            for moved in layout.moved_clusters:  # out of the way of what the import adds
                boards.update_cluster(session, board_id, moved)
            for moved_note in layout.moved_notes:
                boards.update_note(session, board_id, moved_note)
            cluster_ids: dict[str, int | None] = {key: cluster.id for key, cluster in clusters.items()}
            titles = {key: note.cluster for key, note in zip(reversed(keys), reversed(parsed), strict=True)}
            added: list[Cluster] = []
            for key, (x, y) in layout.new_clusters.items():  # titled as the file first spells them
                cluster = Cluster(title=titles[key], x=x, y=y)
                cluster_ids[key] = boards.add_cluster(session, board_id, cluster)
                added.append(dataclasses.replace(cluster, id=cluster_ids[key]))
            notes = [
                Note(
                    text=note.text,
                    x=x,
                    y=y,
                    color=note.color or NoteColor.YELLOW,
                    author_id=authors.get(name_key(note.author)) if note.author else None,
                    cluster_id=cluster_ids[key] if key is not None else None,
                    imported_votes=note.votes,
                )
                for note, key, (x, y) in zip(parsed, keys, layout.spots, strict=True)
            ]
            ids = boards.add_notes(session, board_id, notes)
            grown = _grown(content, layout, notes, added)  # a column the import overflowed
            if grown != structure:
                boards.set_structure(session, board_id, grown)
        changes = Changes(
            workshop_id=workshop_id,
            workshop_list=True,
            details=True,
            boards=created,
            board_id=board_id,
            note_ids=frozenset(ids) | {n.id or 0 for n in layout.moved_notes},
            cluster_ids=frozenset(c.id or 0 for c in layout.moved_clusters),
            structure=grown != structure,
        )
        return ImportResult(board_id, name, created, len(ids), changes)


def _grown(
    content: BoardContent, layout: ImportLayout, notes: Sequence[Note], clusters: Sequence[Cluster]
) -> BoardStructure | None:
    """The board's structure grown to hold the board as the import leaves it (what was there,
    moved out of the way, and what it adds), from what is in hand rather than read again."""
    if content.board.structure is None:
        return None
    moved_notes = {n.id: n for n in layout.moved_notes}
    moved_clusters = {c.id: c for c in layout.moved_clusters}
    board_notes = [moved_notes.get(n.id, n) for n in content.notes] + list(notes)
    board_clusters = [moved_clusters.get(c.id, c) for c in content.clusters] + list(clusters)
    return grown_to_hold(content.board.structure, board_notes, board_clusters)


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


def cluster_region_targets(
    structure: BoardStructure | None, parsed: Sequence[ImportedNote]
) -> dict[str, int]:
    """Which clusters (by key) go into which region (its index): those whose notes all name
    the same region of the board's structure. Only a cluster the import makes is moved."""
    if structure is None:
        return {}
    regions = {name_key(region.title): region.index for region in structure.regions}
    names: dict[str, set[str]] = {}
    for note in parsed:
        if note.cluster:
            names.setdefault(name_key(note.cluster), set()).add(name_key(note.region))
    return {
        key: regions[name]
        for key, found in names.items()
        if len(found) == 1 and (name := next(iter(found))) in regions
    }
