"""Series of workshops: a follow-up of a workshop, the action items it carries over ("open
from last time"), and the whole series in order with its outcomes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.outcomes import CarriedItem, Outcome, OutcomeKind, follow_up_title
from sprintdesk.domain.workshop import AgendaDay, Participant, Workshop, check_title
from sprintdesk.services.changes import Changes
from sprintdesk.storage import outcome_repository as repo
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Database


@dataclasses.dataclass(frozen=True, slots=True)
class SeriesEntry:
    workshop_id: int
    title: str
    start_date: dt.date | None
    decisions: tuple[Outcome, ...]
    actions: tuple[Outcome, ...]
    owners: Mapping[int, str]  # participant id -> name, of this workshop


class SeriesService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def create_follow_up(
        self, workshop_id: int, title: str | None = None, start_date: dt.date | None = None
    ) -> tuple[int, Changes]:
        """A new workshop that follows this one: same goal, facilitator and participants, an
        empty agenda; its open action items show there as "open from last time"."""
        chosen = check_title(title) if title is not None else None
        with self._db.session() as session:
            original = workshops.get_workshop(session, workshop_id)
            existing = repo.follower(session, workshop_id)
            if existing is not None:
                later = repo.workshop_heads(session, [existing])[existing][0]
                raise ValidationError(
                    f"“{original.title}” already has a follow-up, “{later}”; make the follow-up of that one."
                )
            if (
                start_date is not None
                and original.start_date is not None
                and start_date < original.start_date
            ):
                raise ValidationError(
                    "A follow-up cannot start before the workshop it follows "
                    f"({original.start_date.isoformat()})."
                )
            number = len(repo.chain_of(session, workshop_id))
            first_day = original.days[0].start_time if original.days else dt.time(9, 0)
            follow_up = Workshop(
                title=chosen or follow_up_title(original.title, number),
                goal=original.goal,
                start_date=start_date,
                facilitator=original.facilitator,
                participants=tuple(Participant(p.name, p.role) for p in original.participants),
                days=(AgendaDay(start_time=first_day),),
            )
            new_id = workshops.add_workshop(session, follow_up)
            repo.link(session, new_id, workshop_id)
        return new_id, Changes(workshop_id=new_id, workshop_list=True, series=True)

    def follows(self, workshop_id: int) -> int | None:
        """The workshop this one is a follow-up of."""
        with self._db.session() as session:
            return repo.follows(session, workshop_id)

    def follower(self, workshop_id: int) -> int | None:
        """This workshop's follow-up, if it has one."""
        with self._db.session() as session:
            return repo.follower(session, workshop_id)

    def open_from_last_time(self, workshop_id: int) -> list[CarriedItem]:
        with self._db.session() as session:
            workshops.get_workshop(session, workshop_id)
            return repo.carried_items(session, workshop_id)

    def series_of(self, workshop_id: int) -> list[SeriesEntry]:
        """The workshops of the series, earliest first, each with its own outcomes."""
        with self._db.session() as session:
            workshops.get_workshop(session, workshop_id)
            chain = repo.chain_of(session, workshop_id)
            heads = repo.workshop_heads(session, chain)
            names = repo.participant_names(session, chain)
            outcomes = repo.list_for_workshops(session, chain)
        entries = []
        for wid in chain:
            own = [o for o in outcomes if o.workshop_id == wid]
            entries.append(
                SeriesEntry(
                    workshop_id=wid,
                    title=heads[wid][0],
                    start_date=heads[wid][1],
                    decisions=tuple(o for o in own if o.kind is OutcomeKind.DECISION),
                    actions=tuple(o for o in own if o.kind is OutcomeKind.ACTION),
                    owners={pid: name for pid, name in names.items() if any(o.owner_id == pid for o in own)},
                )
            )
        return entries
