"""Workshops, participants and agendas in and out of the database, as domain dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from sprintdesk.domain.clock import SystemClock
from sprintdesk.domain.workshop import (
    AgendaDay,
    AgendaItem,
    ItemKind,
    Participant,
    Role,
    Workshop,
    name_key,
)
from sprintdesk.storage.errors import NotFoundError
from sprintdesk.storage.models import DayRow, ItemRow, ParticipantRow, WorkshopRow
from sprintdesk.storage.stamps import clock_of


@dataclass(frozen=True, slots=True)
class ListedWorkshop:
    """A workshop as the library lists it (not the summary an export is made from)."""

    id: int
    title: str
    start_date: dt.date | None
    day_count: int
    item_count: int
    total_minutes: int
    updated_at: dt.datetime


def _now() -> dt.datetime:
    """The system clock's time, for a database opened without a clock."""
    return SystemClock().utc_now()


def _stamp(session: Session) -> dt.datetime:
    """Now, by the clock of the session's database (storage/stamps.py)."""
    clock = clock_of(session)
    return clock.utc_now() if clock is not None else _now()


def _to_minute(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _item(row: ItemRow) -> AgendaItem:
    return AgendaItem(
        title=row.title,
        duration_minutes=row.duration_minutes,
        kind=ItemKind(row.kind),
        instructions=row.instructions,
        notes=row.notes,
        id=row.id,
        board_id=row.board_id,
    )


def _day(row: DayRow) -> AgendaDay:
    return AgendaDay(
        start_time=dt.time(row.start_minute // 60, row.start_minute % 60),
        title=row.title,
        items=tuple(_item(item) for item in row.items),
        id=row.id,
    )


def _workshop(row: WorkshopRow) -> Workshop:
    return Workshop(
        title=row.title,
        goal=row.goal,
        start_date=row.start_date,
        facilitator=row.facilitator,
        participants=tuple(Participant(name=p.name, role=Role(p.role), id=p.id) for p in row.participants),
        days=tuple(_day(day) for day in row.days),
        id=row.id,
    )


def list_workshops(session: Session, search: str = "") -> list[ListedWorkshop]:
    item_stats = (
        select(
            DayRow.workshop_id.label("wid"),
            func.count(ItemRow.id).label("item_count"),
            func.coalesce(func.sum(ItemRow.duration_minutes), 0).label("minutes"),
        )
        .join(ItemRow, ItemRow.day_id == DayRow.id)
        .group_by(DayRow.workshop_id)
        .subquery()
    )
    day_counts = (
        select(DayRow.workshop_id.label("wid"), func.count(DayRow.id).label("days"))
        .group_by(DayRow.workshop_id)
        .subquery()
    )
    query = (
        select(
            WorkshopRow,
            func.coalesce(day_counts.c.days, 0),
            func.coalesce(item_stats.c.item_count, 0),
            func.coalesce(item_stats.c.minutes, 0),
        )
        .outerjoin(day_counts, day_counts.c.wid == WorkshopRow.id)
        .outerjoin(item_stats, item_stats.c.wid == WorkshopRow.id)
        .order_by(WorkshopRow.updated_at.desc(), WorkshopRow.id.desc())
    )
    words = search.split()
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(WorkshopRow.title.ilike(f"%{escaped}%", escape="\\"))
    return [
        ListedWorkshop(
            id=row.id,
            title=row.title,
            start_date=row.start_date,
            day_count=days,
            item_count=items,
            total_minutes=minutes,
            updated_at=row.updated_at,
        )
        for row, days, items, minutes in session.execute(query)
    ]


def _row(session: Session, workshop_id: int) -> WorkshopRow:
    row = session.get(
        WorkshopRow,
        workshop_id,
        options=[
            selectinload(WorkshopRow.participants),
            selectinload(WorkshopRow.days).selectinload(DayRow.items),
        ],
    )
    if row is None:
        raise NotFoundError(f"there is no workshop with id {workshop_id}")
    return row


def get_workshop(session: Session, workshop_id: int) -> Workshop:
    return _workshop(_row(session, workshop_id))


def touch(session: Session, workshop_id: int) -> None:
    row = session.get(WorkshopRow, workshop_id)
    if row is None:
        raise NotFoundError(f"there is no workshop with id {workshop_id}")
    row.updated_at = _stamp(session)


def add_workshop(session: Session, workshop: Workshop) -> int:
    """Insert a whole workshop (ids in it are ignored); returns the new id."""
    now = _stamp(session)
    row = WorkshopRow(
        title=workshop.title,
        goal=workshop.goal,
        start_date=workshop.start_date,
        facilitator=workshop.facilitator,
        created_at=now,
        updated_at=now,
    )
    row.participants = [
        ParticipantRow(position=i, name=p.name, role=p.role.value)
        for i, p in enumerate(workshop.participants)
    ]
    row.days = [
        DayRow(
            position=i,
            title=day.title,
            start_minute=_to_minute(day.start_time),
            items=[_item_row(item, position, keep_id=False) for position, item in enumerate(day.items)],
        )
        for i, day in enumerate(workshop.days)
    ]
    session.add(row)
    session.flush()
    return row.id


def _item_row(item: AgendaItem, position: int, *, keep_id: bool = True) -> ItemRow:
    return ItemRow(
        id=item.id if keep_id else None,
        position=position,
        title=item.title,
        duration_minutes=item.duration_minutes,
        kind=item.kind.value,
        instructions=item.instructions,
        notes=item.notes,
        board_id=item.board_id,
    )


def update_details(
    session: Session,
    workshop_id: int,
    *,
    title: str,
    goal: str,
    start_date: dt.date | None,
    facilitator: str,
    participants: tuple[Participant, ...],
) -> None:
    row = _row(session, workshop_id)
    row.title = title
    row.goal = goal
    row.start_date = start_date
    row.facilitator = facilitator
    row.participants = _keep_participant_rows(row.participants, participants)
    row.updated_at = _stamp(session)


def _keep_participant_rows(
    rows: list[ParticipantRow], participants: tuple[Participant, ...]
) -> list[ParticipantRow]:
    """The rows for ``participants``, reusing the row of everyone who stays (matched by id,
    else by name): notes and votes point at participant rows, and a new row for the same
    person would cost them their notes' authorship and their dots."""
    by_id = {r.id: r for r in rows}
    chosen: list[ParticipantRow | None] = []
    taken: set[int] = set()
    for participant in participants:
        match = by_id.get(participant.id) if participant.id is not None else None
        chosen.append(match if match is not None and id(match) not in taken else None)
        if match is not None:
            taken.add(id(match))
    for index, participant in enumerate(participants):
        if chosen[index] is None:
            key = name_key(participant.name)
            match = next((r for r in rows if id(r) not in taken and name_key(r.name) == key), None)
            if match is not None:
                chosen[index] = match
                taken.add(id(match))
    kept = []
    for position, (participant, match) in enumerate(zip(participants, chosen, strict=True)):
        row = match if match is not None else ParticipantRow()
        row.position, row.name, row.role = position, participant.name, participant.role.value
        kept.append(row)
    return kept


def delete_workshop(session: Session, workshop_id: int) -> None:
    result = session.execute(delete(WorkshopRow).where(WorkshopRow.id == workshop_id))
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFoundError(f"there is no workshop with id {workshop_id}")


def add_participant(session: Session, workshop_id: int, participant: Participant) -> int:
    """Append one participant (an author met in an imported file, say)."""
    row = _row(session, workshop_id)
    new = ParticipantRow(position=len(row.participants), name=participant.name, role=participant.role.value)
    row.participants.append(new)
    session.flush()
    return new.id
