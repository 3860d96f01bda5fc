"""Plain pictures of a workshop's outcomes for the exports: its decisions and action items,
and, for a follow-up, the action items carried from earlier workshops of its series."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sprintdesk.domain.outcomes import OutcomeKind, Status


@dataclass(frozen=True, slots=True)
class OutcomeLine:
    kind: OutcomeKind
    text: str
    decided_by: str = ""
    owner: str = ""  # the owner's name, "" for nobody yet
    due_date: dt.date | None = None
    status: Status = Status.OPEN
    source: str = ""  # the note's or cluster's text it was made from
    source_kind: str = ""  # "note", "cluster" or "" (typed in)
    overdue: bool = False
    from_workshop: str = ""  # carried items: the workshop that made it
    closed_here: bool = False  # carried items: closed in the workshop being exported

    @property
    def status_text(self) -> str:
        if self.kind is OutcomeKind.DECISION:
            return ""
        if self.overdue:
            return "Overdue"
        return self.status.label


@dataclass(frozen=True, slots=True)
class OutcomesSummary:
    decisions: tuple[OutcomeLine, ...] = ()
    actions: tuple[OutcomeLine, ...] = ()
    carried: tuple[OutcomeLine, ...] = ()  # "open from last time"
    follows: str = ""  # title of the workshop this one follows, "" if none

    @property
    def empty(self) -> bool:
        return not (self.decisions or self.actions or self.carried)
