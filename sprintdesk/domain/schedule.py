"""The computed schedule: start and end of every item, day totals, the projected end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sprintdesk.domain.durations import lateness_minutes_text
from sprintdesk.domain.workshop import AgendaDay, AgendaItem, Workshop


@dataclass(frozen=True, slots=True)
class ScheduledItem:
    item: AgendaItem
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True, slots=True)
class ScheduledDay:
    index: int
    day: AgendaDay
    date: dt.date | None
    items: tuple[ScheduledItem, ...]
    start: dt.datetime
    end: dt.datetime

    @property
    def total_minutes(self) -> int:
        return self.day.total_minutes


@dataclass(frozen=True, slots=True)
class Schedule:
    days: tuple[ScheduledDay, ...]

    @property
    def total_minutes(self) -> int:
        return sum(day.total_minutes for day in self.days)

    def for_item(self, item_id: int) -> tuple[ScheduledDay, ScheduledItem]:
        for day in self.days:
            for scheduled in day.items:
                if scheduled.item.id == item_id:
                    return day, scheduled
        raise KeyError(item_id)


# Used when a workshop has no date: times of day still make sense on their own.
_UNDATED = dt.date(2000, 1, 3)


def schedule_day(index: int, day: AgendaDay, date: dt.date | None) -> ScheduledDay:
    start = dt.datetime.combine(date or _UNDATED, day.start_time)
    cursor = start
    items = []
    for item in day.items:
        end = cursor + dt.timedelta(minutes=item.duration_minutes)
        items.append(ScheduledItem(item=item, start=cursor, end=end))
        cursor = end
    return ScheduledDay(index=index, day=day, date=date, items=tuple(items), start=start, end=cursor)


def compute_schedule(workshop: Workshop) -> Schedule:
    return Schedule(
        days=tuple(
            schedule_day(index, day, workshop.day_date(index)) for index, day in enumerate(workshop.days)
        )
    )


@dataclass(frozen=True, slots=True)
class Projection:
    """Where the day will end if the rest of it runs to plan from now."""

    planned_end: dt.datetime
    projected_end: dt.datetime

    @property
    def behind_seconds(self) -> float:
        """Positive when running late, negative when ahead."""
        return (self.projected_end - self.planned_end).total_seconds()

    @property
    def status(self) -> str:
        """``on-track`` (green), ``slipping`` (amber) or ``late`` (red)."""
        behind = self.behind_seconds
        if behind <= 60:
            return "on-track"
        if behind <= 10 * 60:
            return "slipping"
        return "late"

    def describe(self) -> str:
        """``19 min behind`` (late) or ``5 min ahead``, in whole minutes (durations.py)."""
        return lateness_minutes_text(self.behind_seconds)
