"""A workshop as the records of its workshop file, with file-local keys (``p1`` a person,
``i1`` an item, ``b1`` a board, ``c1`` a cluster, ``n1`` a note) in place of database ids.
Pure functions over what ``WorkshopFileService.snapshot`` read in one transaction."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sprintdesk.domain.board import BoardContent
from sprintdesk.domain.run_events import RunEvent
from sprintdesk.domain.voting import Vote, VoteSession
from sprintdesk.domain.workshop import Workshop
from sprintdesk.export.interchange.workshop_file import (
    FileBoard,
    FileCluster,
    FileDay,
    FileItem,
    FileNote,
    FileRunEvent,
    FileVote,
    FileVoteSession,
)

Keys = dict[int | None, str]


@dataclasses.dataclass
class BoardKeys:
    """Cluster and note keys, numbered across every board of the workshop."""

    clusters: Keys = dataclasses.field(default_factory=dict)
    notes: Keys = dataclasses.field(default_factory=dict)

    def number(self, content: BoardContent) -> tuple[Keys, Keys]:
        """Keys for one more board's clusters and notes (kept for the outcomes' sources)."""
        clusters = {c.id: f"c{len(self.clusters) + i + 1}" for i, c in enumerate(content.clusters)}
        notes = {n.id: f"n{len(self.notes) + i + 1}" for i, n in enumerate(content.notes)}
        self.clusters.update(clusters)
        self.notes.update(notes)
        return clusters, notes


def file_vote(
    session: VoteSession | None, ballot: Sequence[Vote], people: Keys, notes: Keys
) -> FileVoteSession | None:
    if session is None:
        return None
    rules = session.rules
    return FileVoteSession(
        budget=rules.budget,
        supervote_budget=rules.supervote_budget,
        allow_stacking=rules.allow_stacking,
        revealed=session.revealed,
        votes=tuple(
            FileVote(people[v.participant_id], notes[v.note_id], v.supervote)
            for v in ballot
            if v.participant_id in people and v.note_id in notes
        ),
    )


def file_board(
    key: str, content: BoardContent, vote: FileVoteSession | None, people: Keys, clusters: Keys, notes: Keys
) -> FileBoard:
    return FileBoard(
        key=key,
        name=content.board.name,
        private_writing=content.board.private_writing,
        clusters=tuple(
            FileCluster(clusters[c.id], c.title, c.x, c.y, c.color, c.collapsed) for c in content.clusters
        ),
        notes=tuple(
            FileNote(
                key=notes[n.id],
                text=n.text,
                x=n.x,
                y=n.y,
                color=n.color,
                author=people.get(n.author_id),
                cluster=clusters.get(n.cluster_id),
                covered=n.covered,
                imported_votes=n.imported_votes,
            )
            for n in content.notes
        ),
        vote=vote,
        structure=content.board.structure,
    )


def file_days(workshop: Workshop, items: Keys, boards: Keys) -> tuple[FileDay, ...]:
    return tuple(
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
                    board=boards.get(i.board_id),
                )
                for i in day.items
            ),
        )
        for day in workshop.days
    )


def file_run_log(events: Sequence[RunEvent], items: Keys) -> tuple[FileRunEvent, ...]:
    return tuple(
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
    )
