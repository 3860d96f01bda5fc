"""Storing a workshop file's records in bulk, a batch of rows at a time, with progress
between the batches: the part of ``WorkshopFileService.store`` that scales with the file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from sprintdesk.domain.board import Cluster, Note
from sprintdesk.domain.run_events import RunEvent
from sprintdesk.domain.voting import Vote, VoteRules
from sprintdesk.export.interchange.workshop_file import (
    FileCluster,
    FileNote,
    FileRunEvent,
    FileVoteSession,
    WorkshopFile,
)
from sprintdesk.storage import board_repository as boards
from sprintdesk.storage import vote_repository as votes

Progress = Callable[[float], None]  # 0..1; raising stops an import (nothing is stored then)
T = TypeVar("T")
BATCH = 2_000  # rows per insert: progress and Cancel come between batches
GONE_ITEM_ID = 0  # run-log events of items deleted before the export (ids start at 1)


class Rows:
    """How many of the rows to store are in: reports the share after each batch."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self._total = max(1, total)
        self._count = 0
        if progress is not None:
            progress(0.0)

    def done(self, count: int) -> None:
        self._count += count
        if self._progress is not None:
            self._progress(min(1.0, self._count / self._total))

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(1.0)  # the last chance to cancel: the commit follows


def part(progress: Progress | None, start: float, end: float) -> Progress | None:
    """``progress`` for one part of the work: its 0..1 mapped to ``start``..``end``."""
    if progress is None:
        return None
    report = progress
    return lambda share: report(start + (end - start) * share)


def row_count(content: WorkshopFile) -> int:
    count = len(content.participants) + sum(len(day.items) for day in content.days)
    for board in content.boards:
        count += 1 + len(board.clusters) + len(board.notes) + (len(board.vote.votes) if board.vote else 0)
    return count + len(content.run_log) + len(content.outcomes)


def batches(records: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(records), BATCH):
        yield records[start : start + BATCH]


def store_clusters(
    session: Any, board_id: int, clusters: Sequence[FileCluster], rows: Rows
) -> dict[str, int]:
    ids: dict[str, int] = {}
    for batch in batches(clusters):
        made = boards.add_clusters(
            session, board_id, [Cluster(c.title, c.x, c.y, c.color, c.collapsed) for c in batch]
        )
        ids.update((c.key, cluster_id) for c, cluster_id in zip(batch, made, strict=True))
        rows.done(len(batch))
    return ids


def store_notes(
    session: Any,
    board_id: int,
    notes: Sequence[FileNote],
    people: dict[str, int | None],
    clusters: dict[str, int],
    rows: Rows,
) -> dict[str, int]:
    ids: dict[str, int] = {}
    for batch in batches(notes):
        made = boards.add_notes(
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
                for n in batch
            ],
        )
        ids.update((n.key, note_id) for n, note_id in zip(batch, made, strict=True))
        rows.done(len(batch))
    return ids


def store_vote(
    session: Any,
    board_id: int,
    vote: FileVoteSession,
    people: dict[str, int | None],
    notes: dict[str, int],
    now: dt.datetime,
    rows: Rows,
) -> None:
    """The board's vote and its dots (checked against the budget when the file was read)."""
    session_id = votes.start_session(
        session, board_id, VoteRules(vote.budget, vote.supervote_budget, vote.allow_stacking), now
    )
    if vote.revealed:
        votes.set_revealed(session, session_id, True)
    for batch in batches(vote.votes):
        dots = [Vote(_known(people[v.participant]), notes[v.note], v.supervote) for v in batch]
        votes.add_votes(session, session_id, dots)
        rows.done(len(batch))


def run_event(event: FileRunEvent, items: dict[str, int | None]) -> RunEvent:
    return RunEvent(
        action=event.action,
        item_id=_known(items[event.item]) if event.item is not None else GONE_ITEM_ID,
        at=event.at,
        elapsed=event.elapsed,
        running=event.running,
        amount=event.amount,
        target_id=items[event.target] if event.target is not None else None,
    )


def _known(value: int | None) -> int:
    assert value is not None
    return value
