"""Plain pictures of a workshop's outcomes for the exports: its decisions and action items,
and, for a follow-up, the action items carried from earlier workshops of its series."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sprintdesk.domain.outcomes import CarriedItem, Outcome, OutcomeKind, Status


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
    closed_in: str = ""  # own items closed in a later workshop of the series: its title

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


@dataclass(frozen=True, slots=True)
class OutcomeSnapshot:
    """What storage reads for the summary, in the export's transaction."""

    own: tuple[Outcome, ...] = ()
    carried: tuple[CarriedItem, ...] = ()
    owners: Mapping[int, str] = field(default_factory=dict)  # this workshop's participants
    follows: str = ""
    titles: Mapping[int, str] = field(default_factory=dict)  # workshops items were closed in


def _source_kind(outcome: Outcome) -> str:
    if outcome.source_note_id is not None:
        return "note"
    if outcome.source_cluster_id is not None:
        return "cluster"
    return "board" if outcome.source_text else ""


def _line(outcome: Outcome, owner: str, today: dt.date, titles: Mapping[int, str]) -> OutcomeLine:
    elsewhere = outcome.closed_in_id is not None and outcome.closed_in_id != outcome.workshop_id
    return OutcomeLine(
        kind=outcome.kind,
        text=outcome.text,
        decided_by=outcome.decided_by,
        owner=owner,
        due_date=outcome.due_date,
        status=outcome.status,
        source=outcome.source_text,
        source_kind=_source_kind(outcome),
        overdue=outcome.overdue(today),
        closed_in=titles.get(outcome.closed_in_id or 0, "") if elsewhere else "",
    )


def summarize(snapshot: OutcomeSnapshot, today: dt.date) -> OutcomesSummary:
    """The plain lines the renderers print; overdue is judged against ``today``."""
    lines = [
        _line(
            o, snapshot.owners.get(o.owner_id, "") if o.owner_id is not None else "", today, snapshot.titles
        )
        for o in snapshot.own
    ]
    carried = tuple(
        dataclasses.replace(
            _line(c.outcome, c.owner, today, {}),
            from_workshop=c.from_title,
            closed_here=c.outcome.status is not Status.OPEN,  # carried: closed only if closed here
        )
        for c in snapshot.carried
    )
    return OutcomesSummary(
        decisions=tuple(line for line in lines if line.kind is OutcomeKind.DECISION),
        actions=tuple(line for line in lines if line.kind is OutcomeKind.ACTION),
        carried=carried,
        follows=snapshot.follows,
    )
