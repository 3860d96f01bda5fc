"""Builds the WorkshopSummary the exports render, in one read-only transaction."""

from __future__ import annotations

from sprintdesk.domain.agenda_run import AgendaRun
from sprintdesk.domain.board import BoardContent
from sprintdesk.domain.board_regions import region_title
from sprintdesk.domain.clock import Clock, SystemClock, local_now, local_today
from sprintdesk.domain.outcome_summary import summarize
from sprintdesk.domain.perspectives import perspectives_of
from sprintdesk.domain.schedule import compute_schedule
from sprintdesk.domain.summary import (
    BoardSummary,
    ClusterSummary,
    DaySummary,
    ItemSummary,
    NoteSummary,
    PersonSummary,
    WorkshopSummary,
)
from sprintdesk.domain.voting import Tally, Vote, VoteSession, tally_clusters, tally_notes
from sprintdesk.domain.workshop import Participant, Workshop
from sprintdesk.services.perspectives import vote_status
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import outcome_repository
from sprintdesk.storage import run_log_repository as run_log
from sprintdesk.storage import vote_repository as votes
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Database


class SummaryService:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or SystemClock()

    def build(self, workshop_id: int) -> WorkshopSummary:
        with self._db.session() as session:
            workshop = workshops.get_workshop(session, workshop_id)
            events = run_log.list_events(session, workshop_id)
            board_list = boards.list_boards(session, workshop_id)
            contents = [boards.load_content(session, b.id) for b in board_list if b.id is not None]
            sessions = [votes.current_session(session, b.id) for b in board_list if b.id is not None]
            ballots = [votes.list_votes(session, s.id) if s and s.id else [] for s in sessions]
            outcome_snapshot = outcome_repository.snapshot(session, workshop_id)
        people = {p.id: p for p in workshop.participants}
        run = AgendaRun.restore(workshop, events, self._clock) if workshop.items() else None
        ran = {e.item_id for e in events} | {e.target_id for e in events if e.target_id is not None}
        board_names = {b.id: b.name for b in board_list}
        days = _day_summaries(workshop, run, ran, board_names)
        board_summaries = [
            _board_summary(content, vote_session, ballot, workshop, people)
            for content, vote_session, ballot in zip(contents, sessions, ballots, strict=True)
        ]
        return WorkshopSummary(
            title=workshop.title,
            goal=workshop.goal,
            start_date=workshop.start_date,
            end_date=workshop.end_date,
            facilitator=workshop.facilitator,
            participants=tuple(PersonSummary(p.name, p.role) for p in workshop.participants),
            days=tuple(days),
            boards=tuple(board_summaries),
            generated_at=local_now(self._clock).replace(microsecond=0),
            outcomes=summarize(outcome_snapshot, local_today(self._clock)),
        )


def _day_summaries(
    workshop: Workshop, run: AgendaRun | None, ran: set[int], board_names: dict[int | None, str]
) -> list[DaySummary]:
    """Each day's items, planned against actual (for the items the run log touched)."""
    days = []
    for scheduled_day in compute_schedule(workshop).days:
        items = []
        for scheduled in scheduled_day.items:
            item = scheduled.item
            actual = None
            if run is not None and item.id in ran and item.id in run.timers:
                actual = run.actual_seconds(item.id)
            running = run is not None and actual is not None and run.current.item_id == item.id
            items.append(
                ItemSummary(
                    title=item.title,
                    kind=item.kind,
                    planned_start=scheduled.start,
                    planned_minutes=item.duration_minutes,
                    actual_seconds=actual,
                    instructions=item.instructions,
                    notes=item.notes,
                    board_name=board_names.get(item.board_id, "") if item.board_id else "",
                    running=running,
                )
            )
        day = scheduled_day.day
        late = run.late_start_seconds(scheduled_day.index) if run is not None else None
        days.append(
            DaySummary(scheduled_day.index, day.title, scheduled_day.date, day.start_time, tuple(items), late)
        )
    return days


def _note_summaries(
    content: BoardContent, people: dict[int | None, Participant], note_tallies: dict[int, Tally]
) -> list[NoteSummary]:
    titles = {c.id: c.title for c in content.clusters}
    notes = []
    for note in content.notes:
        author = people.get(note.author_id) if note.author_id is not None else None
        tally = note_tallies.get(note.id or 0)
        notes.append(
            NoteSummary(
                text=note.text,
                color=note.color,
                x=note.x,
                y=note.y,
                author=author.name if author else "",
                role=author.role if author else None,
                cluster=titles.get(note.cluster_id, "") if note.cluster_id else "",
                dots=tally.dots if tally else 0,
                supervotes=tally.supervotes if tally else 0,
                region=region_title(content.board.structure, note),
            )
        )
    return notes


def _board_summary(
    content: BoardContent,
    vote_session: VoteSession | None,
    ballot: list[Vote],
    workshop: Workshop,
    people: dict[int | None, Participant],
) -> BoardSummary:
    imported = {n.id: n.imported_votes for n in content.notes if n.id is not None and n.imported_votes}
    note_tallies = tally_notes(ballot, imported)
    cluster_of = {n.id: n.cluster_id for n in content.notes if n.id is not None}
    cluster_tallies = tally_clusters(note_tallies, cluster_of)
    notes = _note_summaries(content, people, note_tallies)
    by_cluster: dict[int, list[NoteSummary]] = {}
    for note, summary in zip(content.notes, notes, strict=True):
        if note.cluster_id is not None:
            by_cluster.setdefault(note.cluster_id, []).append(summary)
    clusters = tuple(
        ClusterSummary(
            title=c.title,
            color=c.color,
            x=c.x,
            y=c.y,
            notes=tuple(by_cluster.get(c.id or 0, [])),
            dots=cluster_tallies[c.id].dots if c.id in cluster_tallies else 0,
            supervotes=cluster_tallies[c.id].supervotes if c.id in cluster_tallies else 0,
        )
        for c in content.clusters
    )
    return BoardSummary(
        name=content.board.name,
        notes=tuple(notes),
        clusters=clusters,
        voted=vote_session is not None or bool(imported),
        revealed=bool(vote_session and vote_session.revealed) or bool(imported),
        perspectives=perspectives_of(
            content, workshop.participants, ballot, vote_status(vote_session)
        ).without_ids(),
        structure=content.board.structure,
    )
