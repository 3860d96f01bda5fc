"""Workshop files: a whole workshop out of the database into one JSON file, and back in as
a new workshop. An import is one transaction: all of it, or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from sprintdesk.domain.board import Board
from sprintdesk.domain.clock import Clock, SystemClock
from sprintdesk.domain.file_limits import WORKSHOP_FILE_BYTES
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, Participant, Workshop
from sprintdesk.export.atomic import ExportError
from sprintdesk.export.bounded_read import read_at_most
from sprintdesk.export.interchange.workshop_file import (
    FileBoard,
    FileCluster,
    FileDay,
    FileItem,
    FileNote,
    FileParticipant,
    FileRunEvent,
    FileVote,
    FileVoteSession,
    WorkshopFile,
    WorkshopFileError,
    write_workshop_file,
)
from sprintdesk.export.interchange.workshop_file_read import read_workshop_file
from sprintdesk.services.changes import Changes
from sprintdesk.services.workshop_file_outcomes import file_outcomes, stored_outcomes
from sprintdesk.services.workshop_file_store import (
    Progress,
    Rows,
    batches,
    part,
    row_count,
    run_event,
    store_clusters,
    store_notes,
    store_vote,
)
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import outcome_repository
from sprintdesk.storage import run_log_repository as run_log
from sprintdesk.storage import vote_repository as votes
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Database

__all__ = ["ImportCancelledError", "WorkshopFileError", "WorkshopFileService"]


class ImportCancelledError(Exception):
    """Raised by an import's progress callback to stop it; the import then stores nothing."""


@dataclasses.dataclass(frozen=True, slots=True)
class ImportedWorkshop:
    workshop_id: int
    title: str
    changes: Changes


class WorkshopFileService:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or SystemClock()  # when a file was exported, or its votes imported

    # -- export ----------------------------------------------------------------------------
    def snapshot(self, workshop_id: int) -> WorkshopFile:
        """Everything of a workshop, read in one transaction, with file-local keys."""
        with self._db.session() as session:
            workshop = workshops.get_workshop(session, workshop_id)
            events = run_log.list_events(session, workshop_id)
            board_list = [b for b in boards.list_boards(session, workshop_id) if b.id is not None]
            contents = [boards.load_content(session, b.id) for b in board_list if b.id is not None]
            sessions = [votes.current_session(session, b.id) for b in board_list if b.id is not None]
            ballots = [votes.list_votes(session, s.id) if s and s.id else [] for s in sessions]
            own_outcomes = outcome_repository.list_outcomes(session, workshop_id)
        people = {p.id: f"p{i + 1}" for i, p in enumerate(workshop.participants)}
        items = {item.id: f"i{i + 1}" for i, item in enumerate(workshop.items())}
        board_keys = {b.id: f"b{i + 1}" for i, b in enumerate(board_list)}
        file_boards = []
        cluster_count = note_count = 0
        all_clusters: dict[int | None, str] = {}  # every board's keys, for the outcomes' sources
        all_notes: dict[int | None, str] = {}
        for content, vote_session, ballot in zip(contents, sessions, ballots, strict=True):
            cluster_keys: dict[int | None, str] = {}
            for cluster in content.clusters:
                cluster_count += 1
                cluster_keys[cluster.id] = f"c{cluster_count}"
            note_keys: dict[int | None, str] = {}
            for note in content.notes:
                note_count += 1
                note_keys[note.id] = f"n{note_count}"
            all_clusters.update(cluster_keys)
            all_notes.update(note_keys)
            vote = None
            if vote_session is not None:
                rules = vote_session.rules
                vote = FileVoteSession(
                    budget=rules.budget,
                    supervote_budget=rules.supervote_budget,
                    allow_stacking=rules.allow_stacking,
                    revealed=vote_session.revealed,
                    votes=tuple(
                        FileVote(people[v.participant_id], note_keys[v.note_id], v.supervote)
                        for v in ballot
                        if v.participant_id in people and v.note_id in note_keys
                    ),
                )
            file_boards.append(
                FileBoard(
                    key=board_keys[content.board.id],
                    name=content.board.name,
                    private_writing=content.board.private_writing,
                    clusters=tuple(
                        FileCluster(cluster_keys[c.id], c.title, c.x, c.y, c.color, c.collapsed)
                        for c in content.clusters
                    ),
                    notes=tuple(
                        FileNote(
                            key=note_keys[n.id],
                            text=n.text,
                            x=n.x,
                            y=n.y,
                            color=n.color,
                            author=people.get(n.author_id),
                            cluster=cluster_keys.get(n.cluster_id),
                            covered=n.covered,
                            imported_votes=n.imported_votes,
                        )
                        for n in content.notes
                    ),
                    vote=vote,
                    structure=content.board.structure,
                )
            )
        return WorkshopFile(
            title=workshop.title,
            goal=workshop.goal,
            start_date=workshop.start_date,
            facilitator=workshop.facilitator,
            participants=tuple(FileParticipant(people[p.id], p.name, p.role) for p in workshop.participants),
            days=tuple(
                FileDay(
                    title=day.title,
                    start_time=day.start_time,
                    items=tuple(
                        FileItem(
                            key=items[i.id],
                            title=i.title,
                            duration_minutes=i.duration_minutes,
                            kind=i.kind,
                            instructions=i.instructions,
                            notes=i.notes,
                            board=board_keys.get(i.board_id),
                        )
                        for i in day.items
                    ),
                )
                for day in workshop.days
            ),
            run_log=tuple(
                FileRunEvent(
                    action=e.action,
                    item=items.get(e.item_id),
                    at=e.at,
                    elapsed=e.elapsed,
                    running=e.running,
                    amount=e.amount,
                    target=items.get(e.target_id) if e.target_id is not None else None,
                )
                for e in events
            ),
            boards=tuple(file_boards),
            outcomes=file_outcomes(own_outcomes, workshop_id, people, all_notes, all_clusters),
        )

    def export(self, workshop_id: int, target: Path) -> int:
        """Write the workshop file atomically; returns its size in bytes."""
        content = self.snapshot(workshop_id)
        try:
            return write_workshop_file(content, Path(target), self._clock.utc_now())
        except OSError as error:
            raise ExportError(f"cannot write {target}: {error.strerror or error}") from None

    # -- import ----------------------------------------------------------------------------
    @staticmethod
    def read(data: bytes, progress: Progress | None = None) -> WorkshopFile:
        """Parse and check a file (no database involved); WorkshopFileError if it is wrong.
        ``progress`` (0..1) may raise (ImportCancelledError) to stop."""
        return read_workshop_file(data, progress)

    @staticmethod
    def read_file(path: Path) -> bytes:
        """A workshop file's bytes, read no further than WORKSHOP_FILE_BYTES (WorkshopFileError
        naming the limit); OSError when it cannot be read."""
        return read_at_most(Path(path), WORKSHOP_FILE_BYTES, "workshop files", WorkshopFileError)

    def import_bytes(self, data: bytes) -> ImportedWorkshop:
        return self.store(self.read(data))

    def import_file(self, path: Path, progress: Progress | None = None) -> ImportedWorkshop:
        """Read, check and store a workshop file, all or nothing. ``progress`` hears 0..1 as
        the work goes on (reading is about the first ``READ_SHARE`` of it) and may raise
        ImportCancelledError (or anything) to stop: nothing is stored then."""
        try:
            data = self.read_file(Path(path))
        except OSError as error:
            raise WorkshopFileError(f"cannot read {Path(path).name}: {error.strerror or error}") from None
        content = self.read(data, part(progress, 0.0, READ_SHARE))
        del data  # the bytes are not needed while storing
        return self.store(content, progress=part(progress, READ_SHARE, 1.0))

    def store(
        self, content: WorkshopFile, now: dt.datetime | None = None, progress: Progress | None = None
    ) -> ImportedWorkshop:
        """Create the file's workshop as a new one, in one transaction. Rows go in by the
        thousand; ``progress`` hears 0..1 after each batch and may raise to roll it all back."""
        now = now or self._clock.utc_now()
        rows = Rows(progress, row_count(content))
        workshop = Workshop(
            title=content.title,
            goal=content.goal,
            start_date=content.start_date,
            facilitator=content.facilitator,
            participants=tuple(Participant(p.name, p.role) for p in content.participants),
            days=tuple(
                AgendaDay(
                    start_time=day.start_time,
                    title=day.title,
                    items=tuple(
                        AgendaItem(i.title, i.duration_minutes, i.kind, i.instructions, i.notes)
                        for i in day.items
                    ),
                )
                for day in content.days
            ),
        )
        self._db.backup_if_changed("before importing a workshop")  # never raises
        with self._db.session() as session:
            workshop_id = workshops.add_workshop(session, workshop)
            stored = workshops.get_workshop(session, workshop_id)
            people = {p.key: s.id for p, s in zip(content.participants, stored.participants, strict=True)}
            file_items = [item for day in content.days for item in day.items]
            items = {f.key: s.id for f, s in zip(file_items, stored.items(), strict=True)}
            rows.done(len(people) + len(items))
            board_ids: dict[str, int] = {}
            stored_notes: dict[str, int] = {}  # every board's, for the outcomes' sources
            stored_clusters: dict[str, int] = {}
            for board in content.boards:
                board_id = boards.add_board(
                    session, Board(board.name, workshop_id, board.private_writing, structure=board.structure)
                )
                board_ids[board.key] = board_id
                clusters = store_clusters(session, board_id, board.clusters, rows)
                notes = store_notes(session, board_id, board.notes, people, clusters, rows)
                stored_notes.update(notes)
                stored_clusters.update(clusters)
                if board.vote is not None:
                    store_vote(session, board_id, board.vote, people, notes, now, rows)
                rows.done(1)
            for item in file_items:
                if item.board is not None:
                    boards.link_item(session, _id(items[item.key]), board_ids[item.board])
            for batch in batches(content.run_log):
                run_log.append_events(session, workshop_id, [run_event(e, items) for e in batch])
                rows.done(len(batch))
            made = stored_outcomes(content.outcomes, workshop_id, people, stored_notes, stored_clusters)
            for outcome in made:
                outcome_repository.add_outcome(session, outcome, now)
                rows.done(1)
            rows.finish()
        changes = Changes(workshop_id=workshop_id, workshop_list=True, boards=bool(content.boards))
        return ImportedWorkshop(workshop_id, content.title, changes)


READ_SHARE = 0.8  # of an import's time, reading and checking the file (measured 0.82 on 12 MB files)


def _id(value: int | None) -> int:
    assert value is not None
    return value
