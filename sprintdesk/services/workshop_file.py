"""Workshop files: a whole workshop out of the database into one JSON file, and back in as
a new workshop. An import is one transaction: all of it, or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sprintdesk.domain.board import Board
from sprintdesk.domain.clock import Clock, SystemClock
from sprintdesk.domain.file_limits import WORKSHOP_FILE_BYTES
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, Participant, Workshop
from sprintdesk.export.atomic import ExportError
from sprintdesk.export.bounded_read import read_at_most
from sprintdesk.export.interchange.workshop_file import (
    FileParticipant,
    WorkshopFile,
    WorkshopFileError,
    write_workshop_file,
)
from sprintdesk.export.interchange.workshop_file_read import read_workshop_file
from sprintdesk.services.changes import Changes
from sprintdesk.services.workshop_file_outcomes import file_outcomes, stored_outcomes
from sprintdesk.services.workshop_file_snapshot import (
    BoardKeys,
    Keys,
    file_board,
    file_days,
    file_run_log,
    file_vote,
)
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

    @property
    def clock(self) -> Clock:
        """The clock that stamps exports and imports (and a file made to be stored now)."""
        return self._clock

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
        people: Keys = {p.id: f"p{i + 1}" for i, p in enumerate(workshop.participants)}
        items: Keys = {item.id: f"i{i + 1}" for i, item in enumerate(workshop.items())}
        board_keys: Keys = {b.id: f"b{i + 1}" for i, b in enumerate(board_list)}
        keys = BoardKeys()
        file_boards = []
        for content, vote_session, ballot in zip(contents, sessions, ballots, strict=True):
            clusters, notes = keys.number(content)
            vote = file_vote(vote_session, ballot, people, notes)
            key = board_keys[content.board.id]
            file_boards.append(file_board(key, content, vote, people, clusters, notes))
        return WorkshopFile(
            title=workshop.title,
            goal=workshop.goal,
            start_date=workshop.start_date,
            facilitator=workshop.facilitator,
            participants=tuple(FileParticipant(people[p.id], p.name, p.role) for p in workshop.participants),
            days=file_days(workshop, items, board_keys),
            run_log=file_run_log(events, items),
            boards=tuple(file_boards),
            outcomes=file_outcomes(own_outcomes, workshop_id, people, keys.notes, keys.clusters),
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
        self._db.backup_if_changed("before importing a workshop")  # never raises
        with self._db.session() as session:
            workshop_id = _store_in(session, content, now, rows)
            rows.finish()
        changes = Changes(workshop_id=workshop_id, workshop_list=True, boards=bool(content.boards))
        return ImportedWorkshop(workshop_id, content.title, changes)

    def store_series(self, contents: Sequence[WorkshopFile], now: dt.datetime | None = None) -> list[int]:
        """Create the files' workshops as one series, in one transaction: each after the first
        is a follow-up of the one before it, so that one's open action items show there as
        "open from last time". All of them or nothing. Returns their ids, in order."""
        now = now or self._clock.utc_now()
        rows = Rows(None, sum(row_count(content) for content in contents))
        self._db.backup_if_changed("before importing a workshop")  # never raises
        made: list[int] = []
        with self._db.session() as session:
            for content in contents:
                made.append(_store_in(session, content, now, rows))
                if len(made) > 1:
                    outcome_repository.link(session, made[-1], made[-2])
        return made


def _workshop(content: WorkshopFile) -> Workshop:
    """The file's workshop details, people and agenda, not stored yet."""
    return Workshop(
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


def _store_in(session: Any, content: WorkshopFile, now: dt.datetime, rows: Rows) -> int:
    """Store one file's workshop inside the caller's transaction; returns its id."""
    workshop_id = workshops.add_workshop(session, _workshop(content))
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
    return workshop_id


READ_SHARE = 0.8  # of an import's time, reading and checking the file (measured 0.82 on 12 MB files)


def _id(value: int | None) -> int:
    assert value is not None
    return value
