"""Plain, frozen pictures of a workshop for the exports (PDF, Markdown, CSV): what was
planned, what happened, what the boards hold and how they voted. Renderers read these and
nothing else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.board_structure import BoardStructure
from sprintdesk.domain.outcome_summary import OutcomesSummary
from sprintdesk.domain.perspectives import BoardPerspectives
from sprintdesk.domain.workshop import ItemKind, Role


@dataclass(frozen=True, slots=True)
class PersonSummary:
    name: str
    role: Role


@dataclass(frozen=True, slots=True)
class ItemSummary:
    title: str
    kind: ItemKind
    planned_start: dt.datetime  # local, naive: the day's date (or a placeholder) and time
    planned_minutes: int
    actual_seconds: float | None  # None: never run
    instructions: str = ""
    notes: str = ""  # private facilitator notes: the summary only, never the handout
    board_name: str = ""
    running: bool = False  # the run's current item: its actual time is the elapsed time so far

    @property
    def difference_seconds(self) -> float | None:
        """Actual minus planned (positive: ran over, "behind"). An item still in progress
        counts its elapsed time so far and is never "ahead": only its overrun counts."""
        if self.actual_seconds is None:
            return None
        difference = self.actual_seconds - self.planned_minutes * 60
        return max(0.0, difference) if self.running else difference


@dataclass(frozen=True, slots=True)
class DaySummary:
    index: int
    title: str
    date: dt.date | None
    start: dt.time
    items: tuple[ItemSummary, ...]

    @property
    def planned_minutes(self) -> int:
        return sum(item.planned_minutes for item in self.items)

    late_start_seconds: float | None = None  # how late the day started (run mode's measure)

    @property
    def actual_seconds(self) -> float | None:
        actuals = [item.actual_seconds for item in self.items if item.actual_seconds is not None]
        return sum(actuals) if actuals else None

    @property
    def difference_seconds(self) -> float | None:
        """How far behind the plan the day is (positive: late), as run mode counts it: a late
        start plus the items' overruns (the running item's overrun so far); None before any
        item ran."""
        differences = [d for item in self.items if (d := item.difference_seconds) is not None]
        if not differences:
            return None
        return sum(differences) + (self.late_start_seconds or 0.0)


@dataclass(frozen=True, slots=True)
class NoteSummary:
    text: str
    color: NoteColor
    x: float
    y: float
    author: str = ""
    role: Role | None = None
    cluster: str = ""
    dots: int = 0
    supervotes: int = 0
    region: str = ""  # the title of the board structure's region under the note, if any


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    title: str
    color: NoteColor
    x: float
    y: float
    notes: tuple[NoteSummary, ...]
    dots: int = 0
    supervotes: int = 0


@dataclass(frozen=True, slots=True)
class BoardSummary:
    name: str
    notes: tuple[NoteSummary, ...]  # every note, clustered or not
    clusters: tuple[ClusterSummary, ...]
    voted: bool  # a vote was taken on this board
    revealed: bool  # its results were shown to the room
    perspectives: BoardPerspectives | None = None  # notes and revealed votes per role, per cluster
    structure: BoardStructure | None = None  # columns, quadrants, grid: exports group notes by region

    @property
    def loose_notes(self) -> tuple[NoteSummary, ...]:
        return tuple(note for note in self.notes if not note.cluster)

    def top_notes(self, count: int = 10) -> list[NoteSummary]:
        voted = [n for n in self.notes if n.dots or n.supervotes]
        return sorted(voted, key=lambda n: (-n.supervotes, -n.dots, n.text))[:count]

    def top_clusters(self, count: int = 10) -> list[ClusterSummary]:
        voted = [c for c in self.clusters if c.dots or c.supervotes]
        return sorted(voted, key=lambda c: (-c.supervotes, -c.dots, c.title))[:count]


@dataclass(frozen=True, slots=True)
class WorkshopSummary:
    title: str
    goal: str
    start_date: dt.date | None
    end_date: dt.date | None
    facilitator: str
    participants: tuple[PersonSummary, ...]
    days: tuple[DaySummary, ...]
    boards: tuple[BoardSummary, ...]
    generated_at: dt.datetime  # local time of the export
    outcomes: OutcomesSummary = field(default_factory=OutcomesSummary)  # decisions, actions, carried

    @property
    def planned_minutes(self) -> int:
        return sum(day.planned_minutes for day in self.days)

    @property
    def actual_seconds(self) -> float | None:
        actuals = [d.actual_seconds for d in self.days if d.actual_seconds is not None]
        return sum(actuals) if actuals else None
