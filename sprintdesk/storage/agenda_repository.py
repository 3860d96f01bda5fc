"""Days and items of an agenda. Positions are kept dense (0..n-1) within each parent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from sprintdesk.domain.workshop import AgendaDay, AgendaItem
from sprintdesk.storage.errors import NotFoundError
from sprintdesk.storage.models import DayRow, ItemRow
from sprintdesk.storage.workshop_repository import _item_row, _to_minute, touch


def _day_row(session: Session, day_id: int) -> DayRow:
    row = session.get(DayRow, day_id)
    if row is None:
        raise NotFoundError(f"there is no agenda day with id {day_id}")
    return row


def _item_row_by_id(session: Session, item_id: int) -> ItemRow:
    row = session.get(ItemRow, item_id)
    if row is None:
        raise NotFoundError(f"there is no agenda item with id {item_id}")
    return row


def _days(session: Session, workshop_id: int) -> list[DayRow]:
    return list(
        session.scalars(select(DayRow).where(DayRow.workshop_id == workshop_id).order_by(DayRow.position))
    )


def _items(session: Session, day_id: int) -> list[ItemRow]:
    return list(session.scalars(select(ItemRow).where(ItemRow.day_id == day_id).order_by(ItemRow.position)))


def _renumber(rows: Sequence[DayRow | ItemRow]) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position


def workshop_of_day(session: Session, day_id: int) -> int:
    return _day_row(session, day_id).workshop_id


def workshop_of_item(session: Session, item_id: int) -> int:
    return _day_row(session, _item_row_by_id(session, item_id).day_id).workshop_id


def add_day(session: Session, workshop_id: int, position: int, day: AgendaDay) -> int:
    """Insert a day (with its items, keeping their ids if set) at ``position``."""
    touch(session, workshop_id)
    days = _days(session, workshop_id)
    row = DayRow(
        id=day.id,
        workshop_id=workshop_id,
        position=position,
        title=day.title,
        start_minute=_to_minute(day.start_time),
        items=[_item_row(item, i) for i, item in enumerate(day.items)],
    )
    session.add(row)
    days.insert(max(0, min(position, len(days))), row)
    # Shift positions from the end down so that (workshop, position) never collides.
    _renumber(days)
    session.flush()
    return row.id


def update_day(session: Session, day_id: int, title: str, start_time: dt.time) -> None:
    row = _day_row(session, day_id)
    row.title = title
    row.start_minute = _to_minute(start_time)
    touch(session, row.workshop_id)


def delete_day(session: Session, day_id: int) -> None:
    row = _day_row(session, day_id)
    workshop_id = row.workshop_id
    session.delete(row)
    session.flush()
    _renumber(_days(session, workshop_id))
    touch(session, workshop_id)


def insert_item(session: Session, day_id: int, position: int, item: AgendaItem) -> int:
    """Insert an item at ``position`` of a day; an ``item.id`` is kept (undo of a delete)."""
    day = _day_row(session, day_id)
    items = _items(session, day_id)
    row = _item_row(item, position)
    row.day_id = day_id
    session.add(row)
    items.insert(max(0, min(position, len(items))), row)
    _renumber(items)
    session.flush()
    touch(session, day.workshop_id)
    return row.id


def update_item(session: Session, item: AgendaItem) -> None:
    if item.id is None:
        raise NotFoundError("an item without an id cannot be updated")
    row = _item_row_by_id(session, item.id)
    row.title = item.title
    row.duration_minutes = item.duration_minutes
    row.kind = item.kind.value
    row.instructions = item.instructions
    row.notes = item.notes
    row.board_id = item.board_id
    touch(session, workshop_of_day(session, row.day_id))


def delete_item(session: Session, item_id: int) -> None:
    row = _item_row_by_id(session, item_id)
    day_id = row.day_id
    session.delete(row)
    session.flush()
    _renumber(_items(session, day_id))
    touch(session, workshop_of_day(session, day_id))


def move_item(session: Session, item_id: int, day_id: int, position: int) -> None:
    """Move an item to ``position`` of ``day_id`` (the same or another day of its workshop)."""
    row = _item_row_by_id(session, item_id)
    target = _day_row(session, day_id)
    source_day = row.day_id
    if target.workshop_id != workshop_of_day(session, source_day):
        raise NotFoundError("an item can only move within its own workshop")
    source = [r for r in _items(session, source_day) if r.id != item_id]
    if source_day == day_id:
        dest = source
    else:
        _renumber(source)
        dest = _items(session, day_id)
        row.day_id = day_id
    dest.insert(max(0, min(position, len(dest))), row)
    _renumber(dest)
    touch(session, target.workshop_id)
