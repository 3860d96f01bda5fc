"""AgendaService: editing days and items, undo of deletes, validation before any write."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from sprintdesk import samples
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.workshop import AgendaItem, ItemKind, Workshop
from sprintdesk.services.agenda import AgendaService, RemovedDay, RemovedItem
from sprintdesk.services.changes import Changes
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.errors import NotFoundError

Dump = Callable[[], dict[str, list[tuple[object, ...]]]]
# The sample's agenda: Map (welcome, goal, coffee, experts, lunch, target), then Sketch.
MAP, SKETCH = ([item.title for item in day.items] for day in samples.sample_workshop().days)


def _titles(workshop: Workshop) -> list[list[str]]:
    return [[item.title for item in day.items] for day in workshop.days]


def _day_id(workshop: Workshop, index: int) -> int:
    day_id = workshop.days[index].id
    assert day_id is not None
    return day_id


def _item_id(workshop: Workshop, day: int, position: int) -> int:
    item_id = workshop.days[day].items[position].id
    assert item_id is not None
    return item_id


def _agenda_changes(workshop: Workshop, *item_ids: int) -> Changes:
    return Changes(workshop_id=workshop.id, workshop_list=True, agenda=True, item_ids=frozenset(item_ids))


# -- items -----------------------------------------------------------------------------


def test_add_item(agenda: AgendaService, workshops: WorkshopService, sprint: Workshop) -> None:
    item_id, changes = agenda.add_item(
        _day_id(sprint, 0), 1, AgendaItem("  Lightning   demos ", 45, ItemKind.PRESENTATION, "3 min each")
    )
    assert changes == _agenda_changes(sprint, item_id)
    after = workshops.get(sprint.id or 0)
    assert _titles(after) == [[MAP[0], "Lightning demos", *MAP[1:]], SKETCH]
    assert after.find_item(item_id)[2] == AgendaItem(
        "Lightning demos", 45, ItemKind.PRESENTATION, "3 min each", id=item_id
    )


@pytest.mark.parametrize("minutes", [0, -5, 481, 10000])
def test_add_item_refuses_a_bad_duration_and_writes_nothing(
    agenda: AgendaService, sprint: Workshop, dump: Dump, minutes: int
) -> None:
    before = dump()
    with pytest.raises(ValidationError, match="between 1 minute and 8 hours"):
        agenda.add_item(_day_id(sprint, 0), 0, AgendaItem("Too long", minutes))
    assert dump() == before


def test_add_item_refuses_a_blank_title(agenda: AgendaService, sprint: Workshop, dump: Dump) -> None:
    before = dump()
    with pytest.raises(ValidationError, match="Item title cannot be empty"):
        agenda.add_item(_day_id(sprint, 0), 0, AgendaItem("  ", 5))
    assert dump() == before


def test_add_item_to_a_missing_day(agenda: AgendaService, sprint: Workshop, dump: Dump) -> None:
    before = dump()
    with pytest.raises(NotFoundError):
        agenda.add_item(9999, 0, AgendaItem("Lost", 5))
    assert dump() == before


def test_update_item(agenda: AgendaService, workshops: WorkshopService, sprint: Workshop) -> None:
    goal = sprint.days[0].items[1]
    edited = dataclasses.replace(goal, title=" Long-term  goal ", duration_minutes=25, notes="ask why")
    changes = agenda.update_item(edited)
    assert changes == _agenda_changes(sprint, goal.id or 0)
    stored = workshops.get(sprint.id or 0).find_item(goal.id or 0)[2]
    assert stored == dataclasses.replace(edited, title="Long-term goal")


@pytest.mark.parametrize("minutes", [0, 481, 10000])
def test_update_item_refuses_a_bad_duration_and_writes_nothing(
    agenda: AgendaService, sprint: Workshop, dump: Dump, minutes: int
) -> None:
    before = dump()
    with pytest.raises(ValidationError):
        agenda.update_item(dataclasses.replace(sprint.days[0].items[0], duration_minutes=minutes))
    assert dump() == before


def test_update_a_deleted_item(agenda: AgendaService, sprint: Workshop) -> None:
    intro = sprint.days[0].items[0]
    agenda.delete_item(intro.id or 0)
    with pytest.raises(NotFoundError):
        agenda.update_item(intro)


@pytest.mark.parametrize("position", [0, 1, 2])
def test_delete_and_restore_item_keeps_id_and_position(
    agenda: AgendaService, workshops: WorkshopService, sprint: Workshop, position: int
) -> None:
    item = sprint.days[0].items[position]
    removed, changes = agenda.delete_item(item.id or 0)
    assert removed == RemovedItem(day_id=_day_id(sprint, 0), position=position, item=item)
    assert changes == _agenda_changes(sprint, item.id or 0)
    after_delete = workshops.get(sprint.id or 0)
    assert item.title not in _titles(after_delete)[0]
    with pytest.raises(KeyError):
        after_delete.find_item(item.id or 0)

    restore_changes = agenda.restore_item(removed)
    assert restore_changes == _agenda_changes(sprint, item.id or 0)
    assert workshops.get(sprint.id or 0) == sprint


def test_restore_after_the_day_was_emptied(
    agenda: AgendaService, workshops: WorkshopService, sprint: Workshop
) -> None:
    removed = [agenda.delete_item(item.id or 0)[0] for item in sprint.days[0].items]
    assert _titles(workshops.get(sprint.id or 0))[0] == []
    for entry in reversed(removed):  # undo in reverse order
        agenda.restore_item(entry)
    assert workshops.get(sprint.id or 0) == sprint


def test_delete_a_missing_item(agenda: AgendaService, sprint: Workshop, dump: Dump) -> None:
    before = dump()
    with pytest.raises(NotFoundError):
        agenda.delete_item(12345)
    assert dump() == before


def test_duplicate_item(agenda: AgendaService, workshops: WorkshopService, sprint: Workshop) -> None:
    intro = sprint.days[0].items[0]
    new_id, changes = agenda.duplicate_item(intro.id or 0)
    assert changes == _agenda_changes(sprint, new_id)
    after = workshops.get(sprint.id or 0)
    assert _titles(after)[0] == [MAP[0], MAP[0], *MAP[1:]]
    copy = after.days[0].items[1]
    assert copy.id == new_id != intro.id
    assert dataclasses.replace(copy, id=intro.id) == intro


def test_move_item_across_days(agenda: AgendaService, workshops: WorkshopService, sprint: Workshop) -> None:
    coffee = sprint.days[0].items[2]
    changes = agenda.move_item(coffee.id or 0, _day_id(sprint, 1), 0)
    assert changes == _agenda_changes(sprint, coffee.id or 0)
    after = workshops.get(sprint.id or 0)
    assert _titles(after) == [[*MAP[:2], *MAP[3:]], ["Coffee", *SKETCH]]
    assert after.find_item(coffee.id or 0) == (1, 0, coffee)
    agenda.move_item(coffee.id or 0, _day_id(sprint, 0), 2)
    assert workshops.get(sprint.id or 0) == sprint


def test_move_item_within_a_day(agenda: AgendaService, workshops: WorkshopService, sprint: Workshop) -> None:
    agenda.move_item(_item_id(sprint, 0, 0), _day_id(sprint, 0), 2)
    assert _titles(workshops.get(sprint.id or 0))[0] == [MAP[1], MAP[2], MAP[0], *MAP[3:]]


def test_move_item_to_another_workshop_is_refused(
    agenda: AgendaService, workshops: WorkshopService, sprint: Workshop, dump: Dump
) -> None:
    other_id, _ = workshops.create("Other")
    other = workshops.get(other_id)
    before = dump()
    with pytest.raises(NotFoundError):
        agenda.move_item(_item_id(sprint, 0, 0), _day_id(other, 0), 0)
    assert dump() == before


# -- days ------------------------------------------------------------------------------


def test_add_day(agenda: AgendaService, workshops: WorkshopService, sprint: Workshop) -> None:
    day_id, changes = agenda.add_day(sprint.id or 0, 1, "  Decide ", dt.time(8, 30))
    assert changes == _agenda_changes(sprint)
    after = workshops.get(sprint.id or 0)
    assert [d.title for d in after.days] == ["Map", "Decide", "Sketch"]
    assert (after.days[1].id, after.days[1].start_time, after.days[1].items) == (day_id, dt.time(8, 30), ())
    assert after.end_date == dt.date(2026, 12, 9)  # three days from Monday the 7th


def test_add_day_defaults(agenda: AgendaService, workshops: WorkshopService, sprint: Workshop) -> None:
    agenda.add_day(sprint.id or 0, 99)
    last = workshops.get(sprint.id or 0).days[-1]
    assert (last.title, last.start_time) == ("", dt.time(9, 0))


def test_add_day_to_a_missing_workshop(agenda: AgendaService) -> None:
    with pytest.raises(NotFoundError):
        agenda.add_day(31337, 0)


def test_update_day(agenda: AgendaService, workshops: WorkshopService, sprint: Workshop) -> None:
    changes = agenda.update_day(_day_id(sprint, 1), "  Sketch  and  vote ", dt.time(9, 45))
    assert changes == _agenda_changes(sprint)
    day = workshops.get(sprint.id or 0).days[1]
    assert (day.title, day.start_time, day.items) == ("Sketch and vote", dt.time(9, 45), sprint.days[1].items)


@pytest.mark.parametrize("index", [0, 1])
def test_delete_and_restore_day(
    agenda: AgendaService, workshops: WorkshopService, sprint: Workshop, index: int
) -> None:
    day = sprint.days[index]
    removed, changes = agenda.delete_day(day.id or 0)
    assert removed == RemovedDay(workshop_id=sprint.id or 0, position=index, day=day)
    assert changes == _agenda_changes(sprint)
    after = workshops.get(sprint.id or 0)
    assert [d.id for d in after.days] == [d.id for d in sprint.days if d.id != day.id]
    assert not {i.id for i in day.items} & {i.id for i in after.items()}

    agenda.restore_day(removed)
    restored = workshops.get(sprint.id or 0)
    assert restored == sprint  # same day id, same item ids, same positions


def test_the_last_day_cannot_be_deleted(
    agenda: AgendaService, workshops: WorkshopService, sprint: Workshop, dump: Dump
) -> None:
    agenda.delete_day(_day_id(sprint, 0))
    remaining = workshops.get(sprint.id or 0)
    before = dump()
    with pytest.raises(ValidationError, match="at least one day"):
        agenda.delete_day(_day_id(remaining, 0))
    assert dump() == before


def test_delete_a_missing_day(agenda: AgendaService) -> None:
    with pytest.raises(NotFoundError):
        agenda.delete_day(4444)


def test_an_undo_sequence_returns_to_the_start(
    agenda: AgendaService, workshops: WorkshopService, sprint: Workshop
) -> None:
    removed_item, _ = agenda.delete_item(_item_id(sprint, 0, 1))
    added_id, _ = agenda.add_item(_day_id(sprint, 1), 0, AgendaItem("Vote", 10))
    removed_day, _ = agenda.delete_day(_day_id(sprint, 0))
    agenda.restore_day(removed_day)
    agenda.delete_item(added_id)
    agenda.restore_item(removed_item)
    assert workshops.get(sprint.id or 0) == sprint
