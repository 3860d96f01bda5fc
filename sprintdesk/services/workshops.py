"""Workshop library use cases: list, create, rename, edit details, duplicate, delete."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.workshop import (
    MAX_TITLE_LENGTH,
    AgendaDay,
    AgendaItem,
    Participant,
    Workshop,
    check_title,
)
from sprintdesk.services.changes import Changes
from sprintdesk.storage import outcome_repository
from sprintdesk.storage import workshop_repository as repo
from sprintdesk.storage.board_copy import copy_boards
from sprintdesk.storage.database import Database
from sprintdesk.storage.workshop_repository import ListedWorkshop

__all__ = ["ListedWorkshop", "WorkshopService"]


def _strip_ids(workshop: Workshop) -> Workshop:
    return dataclasses.replace(
        workshop,
        id=None,
        participants=tuple(dataclasses.replace(p, id=None) for p in workshop.participants),
        days=tuple(
            dataclasses.replace(
                day, id=None, items=tuple(dataclasses.replace(i, id=None, board_id=None) for i in day.items)
            )
            for day in workshop.days
        ),
    )


def _items(workshop: Workshop) -> list[AgendaItem]:
    return [item for day in workshop.days for item in day.items]


def _check_participants(participants: tuple[Participant, ...]) -> tuple[Participant, ...]:
    cleaned = []
    for participant in participants:
        name = " ".join(participant.name.split())
        if not name:
            continue
        cleaned.append(dataclasses.replace(participant, name=check_title(name, "A name")))
    return tuple(cleaned)


class WorkshopService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self, search: str = "") -> list[ListedWorkshop]:
        with self._db.session() as session:
            return repo.list_workshops(session, search)

    def get(self, workshop_id: int) -> Workshop:
        with self._db.session() as session:
            return repo.get_workshop(session, workshop_id)

    def create(
        self,
        title: str,
        start_date: dt.date | None = None,
        goal: str = "",
        facilitator: str = "",
    ) -> tuple[int, Changes]:
        workshop = Workshop(
            title=check_title(title),
            goal=goal.strip(),
            start_date=start_date,
            facilitator=facilitator.strip(),
            days=(AgendaDay(start_time=dt.time(9, 0)),),
        )
        return self.add(workshop)

    def add(self, workshop: Workshop) -> tuple[int, Changes]:
        """Store a complete workshop as a new one."""
        with self._db.session() as session:
            new_id = repo.add_workshop(session, _strip_ids(workshop))
        return new_id, Changes(workshop_id=new_id, workshop_list=True)

    def rename(self, workshop_id: int, title: str) -> Changes:
        current = self.get(workshop_id)
        return self.update_details(dataclasses.replace(current, title=title))

    def update_details(self, workshop: Workshop) -> Changes:
        """Save title, goal, date, facilitator and participants (the agenda is untouched)."""
        if workshop.id is None:
            raise ValidationError("This workshop has not been saved yet.")
        with self._db.session() as session:
            repo.update_details(
                session,
                workshop.id,
                title=check_title(workshop.title),
                goal=workshop.goal.strip(),
                start_date=workshop.start_date,
                facilitator=" ".join(workshop.facilitator.split()),
                participants=_check_participants(workshop.participants),
            )
        return Changes(workshop_id=workshop.id, workshop_list=True, details=True)

    def duplicate(self, workshop_id: int) -> tuple[int, Changes]:
        with self._db.session() as session:
            original = repo.get_workshop(session, workshop_id)
            copy = dataclasses.replace(
                _strip_ids(original), title=check_title(f"Copy of {original.title}"[:MAX_TITLE_LENGTH])
            )
            new_id = repo.add_workshop(session, copy)
            made = repo.get_workshop(session, new_id)  # same order as the original's
            copy_boards(
                session,
                workshop_id,
                new_id,
                item_ids={
                    old.id: new.id
                    for old, new in zip(_items(original), _items(made), strict=True)
                    if old.id is not None and new.id is not None
                },
                participant_ids={
                    old.id: new.id
                    for old, new in zip(original.participants, made.participants, strict=True)
                    if old.id is not None and new.id is not None
                },
            )
        return new_id, Changes(workshop_id=new_id, workshop_list=True)

    def delete(self, workshop_id: int) -> Changes:
        with self._db.session() as session:
            outcome_repository.detach(session, workshop_id)  # keep its series a chain
            repo.delete_workshop(session, workshop_id)
        return Changes(workshop_id=workshop_id, workshop_list=True, removed=True, outcomes=True, series=True)
