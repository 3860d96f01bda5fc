"""Agenda editing use cases. Each returns Changes; deletes return what undo needs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sprintdesk.domain.workshop import AgendaDay, AgendaItem, check_item
from sprintdesk.services.changes import Changes
from sprintdesk.storage import agenda_repository as repo
from sprintdesk.storage import workshop_repository
from sprintdesk.storage.database import Database


@dataclass(frozen=True, slots=True)
class RemovedItem:
    day_id: int
    position: int
    item: AgendaItem


@dataclass(frozen=True, slots=True)
class RemovedDay:
    workshop_id: int
    position: int
    day: AgendaDay


class AgendaService:
    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    def _changed(workshop_id: int, *item_ids: int) -> Changes:
        return Changes(workshop_id=workshop_id, workshop_list=True, agenda=True, item_ids=frozenset(item_ids))

    # -- items -------------------------------------------------------------------------
    def add_item(self, day_id: int, position: int, item: AgendaItem) -> tuple[int, Changes]:
        item = check_item(item)
        with self._db.session() as session:
            item_id = repo.insert_item(session, day_id, position, item)
            workshop_id = repo.workshop_of_day(session, day_id)
        return item_id, self._changed(workshop_id, item_id)

    def restore_item(self, removed: RemovedItem) -> Changes:
        _, changes = self.add_item(removed.day_id, removed.position, removed.item)
        return changes

    def update_item(self, item: AgendaItem) -> Changes:
        item = check_item(item)
        assert item.id is not None
        with self._db.session() as session:
            repo.update_item(session, item)
            workshop_id = repo.workshop_of_item(session, item.id)
        return self._changed(workshop_id, item.id)

    def delete_item(self, item_id: int) -> tuple[RemovedItem, Changes]:
        with self._db.session() as session:
            workshop_id = repo.workshop_of_item(session, item_id)
            workshop = workshop_repository.get_workshop(session, workshop_id)
            day_index, position, item = workshop.find_item(item_id)
            day_id = workshop.days[day_index].id
            assert day_id is not None
            repo.delete_item(session, item_id)
        return RemovedItem(day_id, position, item), self._changed(workshop_id, item_id)

    def duplicate_item(self, item_id: int) -> tuple[int, Changes]:
        """A copy right after the original, in the same day."""
        with self._db.session() as session:
            workshop_id = repo.workshop_of_item(session, item_id)
            workshop = workshop_repository.get_workshop(session, workshop_id)
            day_index, position, item = workshop.find_item(item_id)
            day_id = workshop.days[day_index].id
            assert day_id is not None
            new_id = repo.insert_item(session, day_id, position + 1, dataclasses.replace(item, id=None))
        return new_id, self._changed(workshop_id, new_id)

    def move_item(self, item_id: int, day_id: int, position: int) -> Changes:
        with self._db.session() as session:
            repo.move_item(session, item_id, day_id, position)
            workshop_id = repo.workshop_of_day(session, day_id)
        return self._changed(workshop_id, item_id)

    # -- days --------------------------------------------------------------------------
    def add_day(
        self, workshop_id: int, position: int, title: str = "", start_time: dt.time | None = None
    ) -> tuple[int, Changes]:
        day = AgendaDay(start_time=start_time or dt.time(9, 0), title=title.strip())
        with self._db.session() as session:
            day_id = repo.add_day(session, workshop_id, position, day)
        return day_id, self._changed(workshop_id)

    def update_day(self, day_id: int, title: str, start_time: dt.time) -> Changes:
        with self._db.session() as session:
            repo.update_day(session, day_id, " ".join(title.split()), start_time)
            workshop_id = repo.workshop_of_day(session, day_id)
        return self._changed(workshop_id)

    def delete_day(self, day_id: int) -> tuple[RemovedDay, Changes]:
        with self._db.session() as session:
            workshop_id = repo.workshop_of_day(session, day_id)
            workshop = workshop_repository.get_workshop(session, workshop_id)
            position = next(i for i, d in enumerate(workshop.days) if d.id == day_id)
            if len(workshop.days) == 1:
                from sprintdesk.domain.errors import ValidationError

                raise ValidationError("An agenda keeps at least one day.")
            repo.delete_day(session, day_id)
        removed = RemovedDay(workshop_id, position, workshop.days[position])
        return removed, self._changed(workshop_id)

    def restore_day(self, removed: RemovedDay) -> Changes:
        with self._db.session() as session:
            repo.add_day(session, removed.workshop_id, removed.position, removed.day)
        return self._changed(removed.workshop_id)
