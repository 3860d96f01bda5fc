"""Outcomes of a workshop: decisions (what was decided, by whom, from which note or cluster)
and action items (what is to be done, by whom, by when, and whether it is done).

Action items that stay open carry over to the workshop's follow-ups; an item is always the
row of the workshop that made it, so closing it anywhere closes it for the whole series.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from sprintdesk.domain.errors import ValidationError

MAX_OUTCOME_LENGTH = 2_000
MAX_NAME_LENGTH = 200
MAX_SOURCE_LENGTH = 2_000


class OutcomeKind(StrEnum):
    DECISION = "decision"
    ACTION = "action"

    @property
    def label(self) -> str:
        return "Decision" if self is OutcomeKind.DECISION else "Action item"


class Status(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @classmethod
    def parse(cls, text: str) -> Status:
        cleaned = text.strip().lower()
        try:
            return cls(cleaned)
        except ValueError:
            names = ", ".join(status.value for status in cls)
            raise ValidationError(f"Unknown status “{text.strip()}” (use one of: {names}).") from None


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: OutcomeKind
    text: str
    workshop_id: int = 0
    decided_by: str = ""  # decisions: free text ("the Decider", a participant's name)
    owner_id: int | None = None  # action items: a participant of ``workshop_id``, or nobody yet
    due_date: dt.date | None = None
    status: Status = Status.OPEN
    source_note_id: int | None = None
    source_cluster_id: int | None = None
    source_text: str = ""  # the note's or cluster's text when the outcome was made from it
    created_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    closed_in_id: int | None = None  # the workshop where it was closed (a follow-up, or its own)
    position: int = 0
    id: int | None = None

    @property
    def is_action(self) -> bool:
        return self.kind is OutcomeKind.ACTION

    @property
    def is_open(self) -> bool:
        return self.is_action and self.status is Status.OPEN

    def overdue(self, today: dt.date) -> bool:
        """An open action item whose due date has passed."""
        return self.is_open and self.due_date is not None and self.due_date < today


@dataclass(frozen=True, slots=True)
class CarriedItem:
    """An action item of an earlier workshop of the series, seen from a later one."""

    outcome: Outcome
    from_workshop_id: int
    from_title: str
    from_date: dt.date | None
    owner: str  # "" for nobody yet


def check_outcome_text(text: str, kind: OutcomeKind = OutcomeKind.ACTION) -> str:
    cleaned = " ".join(text.split())
    what = "A decision" if kind is OutcomeKind.DECISION else "An action item"
    if not cleaned:
        raise ValidationError(f"{what} needs some text.")
    if len(cleaned) > MAX_OUTCOME_LENGTH:
        raise ValidationError(f"{what} can be at most {MAX_OUTCOME_LENGTH:,} characters.")
    return cleaned


def check_decided_by(name: str) -> str:
    cleaned = " ".join(name.split())
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValidationError(f"“Decided by” can be at most {MAX_NAME_LENGTH} characters.")
    return cleaned


def source_excerpt(text: str) -> str:
    """A note's or cluster's text as kept with an outcome made from it."""
    cleaned = " ".join(text.split())
    return cleaned if len(cleaned) <= MAX_SOURCE_LENGTH else cleaned[: MAX_SOURCE_LENGTH - 1].rstrip() + "…"


def check_outcome(outcome: Outcome, participant_ids: Iterable[int]) -> Outcome:
    """The outcome with cleaned text, or ValidationError saying what is wrong.

    ``participant_ids`` are the participants of the workshop the outcome belongs to."""
    if not isinstance(outcome.kind, OutcomeKind):
        raise ValidationError(f"Unknown kind of outcome: {outcome.kind!r}.")
    if not isinstance(outcome.status, Status):
        raise ValidationError(f"Unknown status: {outcome.status!r}.")
    text = check_outcome_text(outcome.text, outcome.kind)
    if outcome.kind is OutcomeKind.DECISION:
        if outcome.owner_id is not None or outcome.due_date is not None:
            raise ValidationError("A decision has no owner or due date; make it an action item instead.")
        if outcome.status is not Status.OPEN:
            raise ValidationError("Only action items can be done or dropped.")
    elif outcome.decided_by.strip():
        raise ValidationError("An action item has an owner, not a “decided by”.")
    if outcome.owner_id is not None and outcome.owner_id not in set(participant_ids):
        raise ValidationError("The owner must be one of this workshop's participants.")
    if outcome.source_note_id is not None and outcome.source_cluster_id is not None:
        raise ValidationError("An outcome comes from one note or one cluster, not both.")
    return dataclasses.replace(
        outcome,
        text=text,
        decided_by=check_decided_by(outcome.decided_by),
        source_text=source_excerpt(outcome.source_text),
    )


def with_status(outcome: Outcome, status: Status, now: dt.datetime, in_workshop: int) -> Outcome:
    """The action item done, dropped or open again. Closing records when and in which
    workshop; reopening forgets both."""
    if not outcome.is_action:
        raise ValidationError("Only action items can be done or dropped.")
    if status is outcome.status:
        return outcome
    if status is Status.OPEN:
        return dataclasses.replace(outcome, status=status, closed_at=None, closed_in_id=None)
    return dataclasses.replace(outcome, status=status, closed_at=now, closed_in_id=in_workshop)


def reordered(ids: list[int], moving: int, delta: int) -> list[int]:
    """``ids`` with ``moving`` shifted by ``delta`` places (clamped to the ends)."""
    if moving not in ids:
        raise ValidationError("That outcome is not in this list.")
    index = ids.index(moving)
    target = max(0, min(len(ids) - 1, index + delta))
    result = [i for i in ids if i != moving]
    result.insert(target, moving)
    return result


def series_chain(workshop_id: int, follows: Mapping[int, int]) -> list[int]:
    """The workshops of ``workshop_id``'s series, earliest first. ``follows`` maps each
    follow-up to the workshop it follows; a loop (never made by SprintDesk) is cut."""
    earlier: list[int] = []
    seen = {workshop_id}
    current = workshop_id
    while current in follows and follows[current] not in seen:
        current = follows[current]
        seen.add(current)
        earlier.append(current)
    followers = {before: after for after, before in follows.items()}
    later: list[int] = []
    current = workshop_id
    while current in followers and followers[current] not in seen:
        current = followers[current]
        seen.add(current)
        later.append(current)
    return [*reversed(earlier), workshop_id, *later]


FOLLOW_UP = "follow-up"


def follow_up_title(title: str, number: int) -> str:
    """“Retro — follow-up”, then “Retro — follow-up 2” for the follow-up of a follow-up;
    ``number`` is the follow-up's place after the series' first workshop."""
    base = title
    marker = f" — {FOLLOW_UP}"
    if marker in base:
        head, _, tail = base.rpartition(marker)
        if not tail.strip() or tail.strip().isdigit():
            base = head
    suffix = marker if number <= 1 else f"{marker} {number}"
    room = MAX_NAME_LENGTH - len(suffix)
    return base[:room].rstrip() + suffix


def parse_due(text: str, today: dt.date) -> dt.date | None:
    """A due date as typed: empty for none, ``YYYY-MM-DD``, ``today``, ``tomorrow``, or
    ``+3`` / ``+3d`` (days) and ``+2w`` (weeks) from today."""
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    if cleaned == "today":
        return today
    if cleaned == "tomorrow":
        return today + dt.timedelta(days=1)
    if cleaned.startswith("+") and cleaned[1:].rstrip("dw").isdigit():
        count = int(cleaned[1:].rstrip("dw"))
        return today + (dt.timedelta(weeks=count) if cleaned.endswith("w") else dt.timedelta(days=count))
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        raise ValidationError(
            f"“{text.strip()}” is not a due date; use YYYY-MM-DD, today, tomorrow, +3 (days) or +2w (weeks)."
        ) from None
