"""A workshop, its participants and its agenda of days and items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from sprintdesk.domain.durations import check_duration
from sprintdesk.domain.errors import ValidationError

MAX_TITLE_LENGTH = 200


class Role(StrEnum):
    PM = "PM"
    UX = "UX"
    ENGINEERING = "Engineering"
    STAKEHOLDER = "Stakeholder"
    DECIDER = "Decider"
    OTHER = "Other"


class ItemKind(StrEnum):
    EXERCISE = "exercise"
    DISCUSSION = "discussion"
    BREAK = "break"
    PRESENTATION = "presentation"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    role: Role = Role.OTHER
    id: int | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    title: str
    duration_minutes: int
    kind: ItemKind = ItemKind.EXERCISE
    instructions: str = ""
    notes: str = ""
    id: int | None = None
    board_id: int | None = None  # the board shown with this item in run mode


@dataclass(frozen=True, slots=True)
class AgendaDay:
    start_time: dt.time = dt.time(9, 0)
    title: str = ""
    items: tuple[AgendaItem, ...] = ()
    id: int | None = None

    @property
    def total_minutes(self) -> int:
        return sum(item.duration_minutes for item in self.items)


@dataclass(frozen=True, slots=True)
class Workshop:
    title: str
    goal: str = ""
    start_date: dt.date | None = None
    facilitator: str = ""
    participants: tuple[Participant, ...] = ()
    days: tuple[AgendaDay, ...] = field(default_factory=lambda: (AgendaDay(),))
    id: int | None = None

    @property
    def total_minutes(self) -> int:
        return sum(day.total_minutes for day in self.days)

    def day_date(self, index: int) -> dt.date | None:
        """Days run on consecutive dates from the workshop's start date."""
        if self.start_date is None:
            return None
        return self.start_date + dt.timedelta(days=index)

    @property
    def end_date(self) -> dt.date | None:
        return self.day_date(len(self.days) - 1) if self.days else self.start_date

    def items(self) -> list[AgendaItem]:
        return [item for day in self.days for item in day.items]

    def find_item(self, item_id: int) -> tuple[int, int, AgendaItem]:
        """(day index, position, item) of an item id."""
        for day_index, day in enumerate(self.days):
            for position, item in enumerate(day.items):
                if item.id == item_id:
                    return day_index, position, item
        raise KeyError(item_id)


def check_title(title: str, what: str = "Title") -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise ValidationError(f"{what} cannot be empty.")
    if len(cleaned) > MAX_TITLE_LENGTH:
        raise ValidationError(f"{what} is longer than {MAX_TITLE_LENGTH} characters.")
    return cleaned


def check_item(item: AgendaItem) -> AgendaItem:
    """Return the item with a cleaned title, or raise ValidationError."""
    title = check_title(item.title, "Item title")
    check_duration(item.duration_minutes)
    if not isinstance(item.kind, ItemKind):
        raise ValidationError(f"Unknown item kind: {item.kind!r}.")
    return AgendaItem(
        title=title,
        duration_minutes=item.duration_minutes,
        kind=item.kind,
        instructions=item.instructions,
        notes=item.notes,
        id=item.id,
        board_id=item.board_id,
    )


def parse_date(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` or raise ValidationError with a readable message."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"'{text}' is not a date; use YYYY-MM-DD, e.g. 2026-12-01.") from None


def parse_time(text: str) -> dt.time:
    """Parse ``HH:MM`` (24 h) or raise ValidationError."""
    try:
        hours, minutes = text.strip().split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise ValidationError(f"'{text}' is not a time of day; use HH:MM, e.g. 09:30.") from None


def name_key(name: str) -> str:
    """How two names of people are compared: spaces collapsed, case folded ("Ana  costa" is
    "Ana Costa"). Used wherever names are matched: participant rows, CSV authors, owners."""
    return " ".join(name.split()).casefold()
