"""Workshop files: a whole workshop out of the database into one JSON file, and back in as
a new workshop. An import is one transaction: all of it, or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from sprintdesk.domain.board import Board, Cluster, Note
from sprintdesk.domain.run_events import RunEvent
from sprintdesk.domain.voting import Vote, VoteRules
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, Participant, Workshop
from sprintdesk.export.atomic import ExportError
from sprintdesk.export.workshop_file import (
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
from sprintdesk.export.workshop_file_read import read_workshop_file
from sprintdesk.services.changes import Changes
from sprintdesk.services.workshop_file_outcomes import file_outcomes, stored_outcomes
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import outcome_repository
from sprintdesk.storage import run_log_repository as run_log
from sprintdesk.storage import vote_repository as votes
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Database

__all__ = ["WorkshopFileError", "WorkshopFileService"]

GONE_ITEM_ID = 0  # run-log events of items deleted before the export (ids start at 1)


@dataclasses.dataclass(frozen=True, slots=True)
class ImportedWorkshop:
    workshop_id: int
    title: str
    changes: Changes


class WorkshopFileService:
    def __init__(self, db: Database) -> None:
        self._db = db

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
            return write_workshop_file(content, Path(target))
        except OSError as error:
            raise ExportError(f"cannot write {target}: {error.strerror or error}") from None

    # -- import ----------------------------------------------------------------------------
    @staticmethod
    def read(data: bytes) -> WorkshopFile:
        """Parse and check a file (no database involved); WorkshopFileError if it is wrong."""
        return read_workshop_file(data)

    def import_bytes(self, data: bytes) -> ImportedWorkshop:
        return self.store(self.read(data))

    def store(self, content: WorkshopFile, now: dt.datetime | None = None) -> ImportedWorkshop:
        """Create the file's workshop as a new one, in one transaction."""
        now = now or dt.datetime.now(dt.UTC)
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
            board_ids: dict[str, int] = {}
            stored_notes: dict[str, int] = {}  # every board's, for the outcomes' sources
            stored_clusters: dict[str, int] = {}
            for board in content.boards:
                board_id = boards.add_board(
                    session, Board(board.name, workshop_id, board.private_writing, structure=board.structure)
                )
                board_ids[board.key] = board_id
                clusters = {
                    c.key: boards.add_cluster(
                        session, board_id, Cluster(c.title, c.x, c.y, c.color, c.collapsed)
                    )
                    for c in board.clusters
                }
                note_ids = boards.add_notes(
                    session,
                    board_id,
                    [
                        Note(
                            text=n.text,
                            x=n.x,
                            y=n.y,
                            color=n.color,
                            author_id=people[n.author] if n.author is not None else None,
                            cluster_id=clusters[n.cluster] if n.cluster is not None else None,
                            covered=n.covered,
                            imported_votes=n.imported_votes,
                        )
                        for n in board.notes
                    ],
                )
                notes = {n.key: note_id for n, note_id in zip(board.notes, note_ids, strict=True)}
                stored_notes.update(notes)
                stored_clusters.update(clusters)
                if board.vote is not None:
                    rules = VoteRules(
                        board.vote.budget, board.vote.supervote_budget, board.vote.allow_stacking
                    )
                    session_id = votes.start_session(session, board_id, rules, now)
                    if board.vote.revealed:
                        votes.set_revealed(session, session_id, True)
                    for vote in board.vote.votes:
                        votes.add_vote(
                            session,
                            session_id,
                            Vote(_id(people[vote.participant]), notes[vote.note], vote.supervote),
                        )
            for item in file_items:
                if item.board is not None:
                    boards.link_item(session, _id(items[item.key]), board_ids[item.board])
            for event in content.run_log:
                run_log.append_event(
                    session,
                    workshop_id,
                    RunEvent(
                        action=event.action,
                        item_id=_id(items[event.item]) if event.item is not None else GONE_ITEM_ID,
                        at=event.at,
                        elapsed=event.elapsed,
                        running=event.running,
                        amount=event.amount,
                        target_id=items[event.target] if event.target is not None else None,
                    ),
                )
            made = stored_outcomes(content.outcomes, workshop_id, people, stored_notes, stored_clusters)
            for outcome in made:
                outcome_repository.add_outcome(session, outcome, now)
        changes = Changes(workshop_id=workshop_id, workshop_list=True, boards=bool(content.boards))
        return ImportedWorkshop(workshop_id, content.title, changes)


def _id(value: int | None) -> int:
    assert value is not None
    return value
