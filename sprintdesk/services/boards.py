"""Board use cases: boards, notes and clusters. One call is one transaction and returns
the Changes it made; deletes return what undo needs to put things back."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sprintdesk.domain.board import (
    Board,
    BoardContent,
    Cluster,
    Note,
    NoteColor,
    check_board_name,
    check_note_text,
)
from sprintdesk.domain.board_geometry import (
    arrange_cluster,
    cluster_frames,
    cluster_size,
    free_spots,
    group_origin,
    grown_to_hold,
    into_home_region,
    new_note_position,
    next_free_position,
    settle,
    target_region,
)
from sprintdesk.domain.board_structure import BoardStructure
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.workshop import check_title
from sprintdesk.services.board_structures import BoardStructureService
from sprintdesk.services.changes import Changes
from sprintdesk.storage import board_repository as repo
from sprintdesk.storage import outcome_repository
from sprintdesk.storage.database import Database


@dataclasses.dataclass(frozen=True, slots=True)
class ListedBoard:
    """A board as the board picker lists it: the board and how many notes it holds."""

    board: Board
    note_count: int


class BoardService:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.structures = BoardStructureService(db)  # columns, quadrants, grids behind the notes

    @staticmethod
    def _changed(board_id: int, notes: Sequence[int] = (), clusters: Sequence[int] = ()) -> Changes:
        return Changes(board_id=board_id, note_ids=frozenset(notes), cluster_ids=frozenset(clusters))

    # -- boards ----------------------------------------------------------------------------
    def boards_of(self, workshop_id: int) -> list[ListedBoard]:
        with self._db.session() as session:
            counts = repo.note_counts(session, workshop_id)
            return [ListedBoard(b, counts.get(b.id or 0, 0)) for b in repo.list_boards(session, workshop_id)]

    def create(self, workshop_id: int, name: str, private_writing: bool = False) -> tuple[int, Changes]:
        name = check_board_name(name)
        with self._db.session() as session:
            existing = repo.find_board(session, workshop_id, name)
            if existing is not None:
                raise ValidationError(f"This workshop already has a board called “{existing.name}”.")
            board_id = repo.add_board(session, Board(name, workshop_id, private_writing))
        return board_id, Changes(workshop_id=workshop_id, boards=True, board_id=board_id)

    def rename(self, board_id: int, name: str) -> Changes:
        name = check_board_name(name)
        with self._db.session() as session:
            board = repo.get_board(session, board_id)
            other = repo.find_board(session, board.workshop_id, name)
            if other is not None and other.id != board_id:
                raise ValidationError(f"This workshop already has a board called “{other.name}”.")
            repo.rename_board(session, board_id, name)
        return Changes(workshop_id=board.workshop_id, boards=True, board_id=board_id)

    def delete(self, board_id: int) -> Changes:
        with self._db.session() as session:
            board = repo.get_board(session, board_id)
            repo.delete_board(session, board_id)
        return Changes(workshop_id=board.workshop_id, boards=True, board_id=board_id)

    def set_private_writing(self, board_id: int, enabled: bool) -> Changes:
        with self._db.session() as session:
            repo.set_private_writing(session, board_id, enabled)
        return self._changed(board_id)

    def load(self, board_id: int) -> BoardContent:
        with self._db.session() as session:
            return repo.load_content(session, board_id)

    def load_changed(self, board_id: int, note_ids: Sequence[int]) -> tuple[list[Note], list[Cluster]]:
        """The notes an action touched (those still there) and all clusters: enough to
        refresh a big board without reading it all again."""
        with self._db.session() as session:
            return repo.load_notes(session, board_id, note_ids), repo.load_clusters(session, board_id)

    def link_item(self, item_id: int, board_id: int | None) -> Changes:
        """Show ``board_id`` with this agenda item in run mode (None unlinks)."""
        with self._db.session() as session:
            repo.link_item(session, item_id, board_id)
        return Changes(item_ids=frozenset({item_id}), agenda=True)

    # -- notes -----------------------------------------------------------------------------
    def add_notes(
        self,
        board_id: int,
        texts: Sequence[str],
        *,
        color: NoteColor = NoteColor.YELLOW,
        author_id: int | None = None,
        at: tuple[float, float] | None = None,
        near: tuple[float, float] | None = None,
        existing: Sequence[Note] | None = None,
    ) -> tuple[list[int], Changes]:
        """New notes from typed or pasted text: one per non-empty line. The first goes at
        ``at`` (or the next free place), the rest follow it along the row. On a board with a
        structure, without ``at``, they go into free spots of the region under ``near`` (the
        centre of the selection or of the view). Nothing lands on a note or in a cluster's
        frame: a spot that is taken gives way to the nearest free one. ``existing`` is the
        caller's copy of the board's notes, used for placing them instead of reading the
        whole board again."""
        cleaned = [check_note_text(line) for text in texts for line in text.splitlines() if line.strip()]
        if not cleaned:
            raise ValidationError("A note needs some text.")
        with self._db.session() as session:
            board = repo.get_board(session, board_id)
            placed = (
                list(existing) if existing is not None else list(repo.load_content(session, board_id).notes)
            )
            clusters = repo.load_clusters(session, board_id)
            spots = self._spots(board, placed, clusters, len(cleaned), at, near)
            notes = [
                Note(text=text, x=x, y=y, color=color, author_id=author_id, covered=board.private_writing)
                for text, (x, y) in zip(cleaned, spots, strict=True)
            ]
            ids = repo.add_notes(session, board_id, notes)
            grown = self._grown(board.structure, placed + notes, clusters)
            if grown is not None:
                repo.set_structure(session, board_id, grown)
        return ids, dataclasses.replace(self._changed(board_id, ids), structure=grown is not None)

    @staticmethod
    def _grown(
        structure: BoardStructure | None, notes: Sequence[Note], clusters: Sequence[Cluster]
    ) -> BoardStructure | None:
        """The column (or lane) an operation overflowed, grown to hold it; None when none was."""
        grown = grown_to_hold(structure, notes, clusters)
        return grown if grown != structure else None

    @staticmethod
    def new_note_spots(
        board: Board, placed: list[Note], clusters: Sequence[Cluster], count: int
    ) -> list[tuple[float, float]]:
        """Where ``count`` notes written elsewhere (a phone) go, as quick entry places them
        without a selection: after the last loose note (below a structure), nothing overlapped."""
        return BoardService._spots(board, placed, clusters, count, None, None)

    @staticmethod
    def grown_structure(
        structure: BoardStructure | None, notes: Sequence[Note], clusters: Sequence[Cluster]
    ) -> BoardStructure | None:
        return BoardService._grown(structure, notes, clusters)

    @staticmethod
    def _spots(
        board: Board,
        placed: list[Note],
        clusters: Sequence[Cluster],
        count: int,
        at: tuple[float, float] | None,
        near: tuple[float, float] | None,
    ) -> list[tuple[float, float]]:
        """Where ``add_notes`` puts ``count`` notes on a board holding ``placed``."""
        region = target_region(board.structure, near) if at is None else None
        spots: list[tuple[float, float]] = []
        if region is not None and board.structure is not None:
            spots = free_spots(board.structure, region, placed, count, cluster_frames(clusters, placed))
        else:
            notes: list[Note] = []
            for index in range(count):
                if at is None:  # after the last loose note; below the columns, not in one
                    spot = new_note_position(board.structure, placed + notes)
                else:  # the first at ``at``, the others after it (not after the board's last note)
                    spot = at if index == 0 else next_free_position(notes)
                spots.append(spot)
                notes.append(Note("", x=spot[0], y=spot[1], id=-1 - index))
        new = [Note("", x=x, y=y, id=-1 - index) for index, (x, y) in enumerate(spots)]
        settled, _clusters = settle(
            placed + new, clusters, range(len(placed), len(placed) + len(new)), structure=board.structure
        )
        return [(n.x, n.y) for n in settled[len(placed) :]]

    def update_note(self, board_id: int, note: Note) -> Changes:
        note = dataclasses.replace(note, text=check_note_text(note.text))
        with self._db.session() as session:
            repo.update_note(session, board_id, note)
        return self._changed(board_id, [note.id or 0])

    def move_notes(self, board_id: int, positions: Sequence[tuple[int, float, float]]) -> Changes:
        with self._db.session() as session:
            repo.move_notes(session, board_id, positions)
        return self._changed(board_id, [note_id for note_id, _, _ in positions])

    def delete_notes(self, board_id: int, note_ids: Sequence[int]) -> tuple[list[Note], Changes]:
        wanted = set(note_ids)
        with self._db.session() as session:
            removed = [n for n in repo.load_content(session, board_id).notes if n.id in wanted]
            repo.delete_notes(session, board_id, wanted)
        return removed, self._changed(board_id, sorted(wanted))

    def outcome_links(self, note_ids: Sequence[int]) -> list[tuple[int, int]]:
        """Which outcomes were made from these notes, to link them again if the notes come back."""
        with self._db.session() as session:
            return outcome_repository.note_links(session, note_ids)

    def relink_outcomes(self, links: Sequence[tuple[int, int]]) -> Changes:
        with self._db.session() as session:
            outcome_repository.relink_notes(session, links)
        return Changes(outcomes=bool(links))

    def restore_notes(self, board_id: int, notes: Sequence[Note]) -> Changes:
        """Put notes back as they were; a note whose cluster is gone comes back loose."""
        with self._db.session() as session:
            clusters = {c.id for c in repo.load_clusters(session, board_id)}
            notes = [
                n
                if n.cluster_id in clusters or n.cluster_id is None
                else dataclasses.replace(n, cluster_id=None)
                for n in notes
            ]
            ids = repo.add_notes(session, board_id, notes)
        return self._changed(board_id, ids)

    def reveal_covered(self, board_id: int) -> Changes:
        """Private writing: uncover every note on the shared screen."""
        with self._db.session() as session:
            covered = [n for n in repo.load_content(session, board_id).notes if n.covered]
            for note in covered:
                repo.update_note(session, board_id, dataclasses.replace(note, covered=False))
        return self._changed(board_id, [n.id or 0 for n in covered])

    # -- clusters --------------------------------------------------------------------------
    def group(self, board_id: int, note_ids: Sequence[int], title: str) -> tuple[int, Changes]:
        """A titled cluster around the selected notes, arranged neatly where they were; loose
        notes the new frame would cover move to the nearest free place (the Changes name
        them too)."""
        title = check_title(title, "A cluster title")
        wanted = set(note_ids)
        with self._db.session() as session:
            content = repo.load_content(session, board_id)
            notes = [n for n in content.notes if n.id in wanted]
            if not notes:
                raise ValidationError("Select the notes to group first.")
            # Notes taken out of a cluster leave it smaller; the new frame keeps clear of the rest.
            others = [n for n in content.notes if n.id not in wanted]
            origin = into_home_region(
                content.board.structure,
                notes,
                group_origin(notes, content.clusters, others),
                cluster_size(len(notes)),
            )
            cluster = Cluster(title=title, x=origin[0], y=origin[1])
            cluster_id = repo.add_cluster(session, board_id, cluster)
            cluster = dataclasses.replace(cluster, id=cluster_id)
            members = [
                dataclasses.replace(note, cluster_id=cluster_id, x=x, y=y)
                for note, (x, y) in zip(notes, arrange_cluster(cluster, notes), strict=True)
            ]
            board = members + others
            settled, placed = settle(
                board, [cluster, *content.clusters], placed_clusters=[0], structure=content.board.structure
            )
            if placed[0] != cluster:  # it would have covered another frame after all
                repo.update_cluster(session, board_id, placed[0])
            moved = [n for before, n in zip(board, settled, strict=True) if before != n or n.id in wanted]
            for note in moved:
                repo.update_note(session, board_id, note)
            grown = self._grown(content.board.structure, settled, placed)
            if grown is not None:
                repo.set_structure(session, board_id, grown)
        changed = sorted(wanted | {n.id or 0 for n in moved})
        return cluster_id, dataclasses.replace(
            self._changed(board_id, changed, [cluster_id]), structure=grown is not None
        )

    def update_cluster(self, board_id: int, cluster: Cluster) -> Changes:
        cluster = dataclasses.replace(cluster, title=check_title(cluster.title, "A cluster title"))
        with self._db.session() as session:
            repo.update_cluster(session, board_id, cluster)
        return self._changed(board_id, clusters=[cluster.id or 0])

    def ungroup(self, board_id: int, cluster_id: int) -> Changes:
        """Remove the cluster; its notes stay where they are."""
        with self._db.session() as session:
            members = [
                n.id or 0 for n in repo.load_content(session, board_id).notes if n.cluster_id == cluster_id
            ]
            repo.delete_cluster(session, board_id, cluster_id)
        return self._changed(board_id, members, [cluster_id])

    # -- undo support ----------------------------------------------------------------------
    def update_notes(self, board_id: int, notes: Sequence[Note]) -> Changes:
        """Write several whole notes in one transaction (colour, text, cluster, place)."""
        checked = [dataclasses.replace(n, text=check_note_text(n.text)) for n in notes]
        with self._db.session() as session:
            for note in checked:
                repo.update_note(session, board_id, note)
        return self._changed(board_id, [n.id or 0 for n in checked])

    def restore_cluster(self, board_id: int, cluster: Cluster, members: Sequence[Note]) -> Changes:
        """Put back a cluster (with its id) and its notes as they were (undo of ungroup)."""
        with self._db.session() as session:
            repo.add_cluster(session, board_id, cluster)
            for note in members:
                repo.update_note(session, board_id, note)
        return self._changed(board_id, [n.id or 0 for n in members], [cluster.id or 0])
