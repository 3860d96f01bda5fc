"""WorkshopService: the library's use cases against a real database."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.run_events import RunAction, RunEvent
from sprintdesk.domain.workshop import AgendaItem, Participant, Role, Workshop
from sprintdesk.services.agenda import AgendaService
from sprintdesk.services.changes import Changes
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage import run_log_repository
from sprintdesk.storage.database import Database
from sprintdesk.storage.errors import NotFoundError

Dump = Callable[[], dict[str, list[tuple[object, ...]]]]


def _ids(workshop: Workshop) -> set[tuple[str, int | None]]:
    return (
        {("day", d.id) for d in workshop.days}
        | {("item", i.id) for i in workshop.items()}
        | {("participant", p.id) for p in workshop.participants}
    )


def _without_ids(workshop: Workshop) -> Workshop:
    return dataclasses.replace(
        workshop,
        id=None,
        participants=tuple(dataclasses.replace(p, id=None) for p in workshop.participants),
        days=tuple(
            dataclasses.replace(d, id=None, items=tuple(dataclasses.replace(i, id=None) for i in d.items))
            for d in workshop.days
        ),
    )


def test_create(workshops: WorkshopService) -> None:
    workshop_id, changes = workshops.create(
        "  Design   sprint ", dt.date(2026, 12, 1), goal=" Ship it ", facilitator=" Ana "
    )
    assert changes == Changes(workshop_id=workshop_id, workshop_list=True)
    workshop = workshops.get(workshop_id)
    assert (workshop.title, workshop.goal, workshop.facilitator) == ("Design sprint", "Ship it", "Ana")
    assert workshop.start_date == dt.date(2026, 12, 1)
    (day,) = workshop.days
    assert (day.start_time, day.items) == (dt.time(9, 0), ())
    assert [s.id for s in workshops.list()] == [workshop_id]


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_create_refuses_a_bad_title(workshops: WorkshopService, dump: Dump, title: str) -> None:
    before = dump()
    with pytest.raises(ValidationError):
        workshops.create(title)
    assert dump() == before


def test_list_and_search(workshops: WorkshopService) -> None:
    a, _ = workshops.create("Design sprint")
    b, _ = workshops.create("Retro 100%")
    workshops.create("Planning")
    assert {s.id for s in workshops.list()} == {a, b, a + 2}
    assert [s.id for s in workshops.list("sprint")] == [a]
    assert [s.id for s in workshops.list("%")] == [b]
    assert workshops.list("nope") == []


def test_add_stores_a_complete_workshop_with_new_ids(workshops: WorkshopService, sprint: Workshop) -> None:
    again_id, _ = workshops.add(sprint)  # ids in it are ignored
    again = workshops.get(again_id)
    assert again_id != sprint.id
    assert _without_ids(again) == _without_ids(sprint)
    assert _ids(again).isdisjoint(_ids(sprint))


def test_rename(workshops: WorkshopService, sprint: Workshop) -> None:
    workshop_id = sprint.id or 0
    changes = workshops.rename(workshop_id, "  Onboarding   sprint ")
    assert changes == Changes(workshop_id=workshop_id, workshop_list=True, details=True)
    renamed = workshops.get(workshop_id)
    assert renamed.title == "Onboarding sprint"
    assert renamed.days == sprint.days
    # Saving details re-creates the participant rows, so compare them by value.
    assert [(p.name, p.role) for p in renamed.participants] == [(p.name, p.role) for p in sprint.participants]
    assert (renamed.goal, renamed.start_date, renamed.facilitator) == (
        sprint.goal,
        sprint.start_date,
        sprint.facilitator,
    )


def test_rename_refuses_an_empty_title(workshops: WorkshopService, sprint: Workshop, dump: Dump) -> None:
    before = dump()
    with pytest.raises(ValidationError, match="Title cannot be empty"):
        workshops.rename(sprint.id or 0, "   ")
    assert dump() == before


def test_rename_a_missing_workshop(workshops: WorkshopService) -> None:
    with pytest.raises(NotFoundError):
        workshops.rename(404, "Anything")


def test_update_details_cleans_what_was_typed(workshops: WorkshopService, sprint: Workshop) -> None:
    edited = dataclasses.replace(
        sprint,
        goal="  New goal \n",
        start_date=dt.date(2027, 1, 4),
        facilitator="  Bo   Facilitator ",
        participants=(Participant("  Zed  Z ", Role.PM), Participant("   "), Participant("Uma", Role.UX)),
    )
    changes = workshops.update_details(edited)
    assert changes.details and changes.workshop_list and not changes.agenda
    stored = workshops.get(sprint.id or 0)
    assert (stored.goal, stored.start_date, stored.facilitator) == (
        "New goal",
        dt.date(2027, 1, 4),
        "Bo Facilitator",
    )
    assert [(p.name, p.role) for p in stored.participants] == [("Zed Z", Role.PM), ("Uma", Role.UX)]
    assert stored.days == sprint.days


def test_update_details_refuses_an_unsaved_workshop(workshops: WorkshopService) -> None:
    with pytest.raises(ValidationError, match="not been saved"):
        workshops.update_details(Workshop("Never stored"))


def test_update_details_refuses_a_name_too_long(
    workshops: WorkshopService, sprint: Workshop, dump: Dump
) -> None:
    before = dump()
    with pytest.raises(ValidationError, match="A name is longer than 200"):
        workshops.update_details(dataclasses.replace(sprint, participants=(Participant("n" * 201),)))
    assert dump() == before


def test_duplicate_is_a_deep_copy_with_new_ids(workshops: WorkshopService, sprint: Workshop) -> None:
    copy_id, changes = workshops.duplicate(sprint.id or 0)
    assert changes == Changes(workshop_id=copy_id, workshop_list=True)
    copy = workshops.get(copy_id)
    assert copy_id != sprint.id
    assert copy.title == f"Copy of {sprint.title}"
    assert _without_ids(dataclasses.replace(copy, title=sprint.title)) == _without_ids(sprint)
    assert _ids(copy).isdisjoint(_ids(sprint))
    assert None not in {i for _, i in _ids(copy)}


def test_the_copy_and_the_original_are_independent(
    workshops: WorkshopService, agenda: AgendaService, sprint: Workshop
) -> None:
    copy_id, _ = workshops.duplicate(sprint.id or 0)
    copy = workshops.get(copy_id)
    agenda.delete_item(copy.items()[0].id or 0)
    agenda.update_item(dataclasses.replace(copy.items()[1], title="Changed in the copy"))
    agenda.delete_day(copy.days[1].id or 0)
    workshops.rename(copy_id, "Copy renamed")
    assert workshops.get(sprint.id or 0) == sprint


def test_duplicate_does_not_copy_the_run_log(
    workshops: WorkshopService, db: Database, sprint: Workshop
) -> None:
    event = RunEvent(
        RunAction.START, sprint.items()[0].id or 0, dt.datetime(2026, 12, 1, tzinfo=dt.UTC), 0, True
    )
    with db.session() as session:
        run_log_repository.append_event(session, sprint.id or 0, event)
    copy_id, _ = workshops.duplicate(sprint.id or 0)
    with db.session() as session:
        assert run_log_repository.list_events(session, copy_id) == []
        assert run_log_repository.list_events(session, sprint.id or 0) == [event]


def test_duplicate_a_workshop_with_a_title_of_maximum_length(workshops: WorkshopService) -> None:
    original_id, _ = workshops.create("T" * 200)
    copy_id, _ = workshops.duplicate(original_id)
    title = workshops.get(copy_id).title
    assert title.startswith("Copy of T")
    assert len(title) == 200


def test_duplicate_twice(workshops: WorkshopService, sprint: Workshop) -> None:
    first, _ = workshops.duplicate(sprint.id or 0)
    second, _ = workshops.duplicate(first)
    assert workshops.get(second).title == f"Copy of Copy of {sprint.title}"
    assert len(workshops.list()) == 3


def test_duplicate_a_missing_workshop(workshops: WorkshopService) -> None:
    with pytest.raises(NotFoundError):
        workshops.duplicate(77)


def test_delete(workshops: WorkshopService, sprint: Workshop, dump: Dump) -> None:
    other_id, _ = workshops.create("Other")
    changes = workshops.delete(sprint.id or 0)
    assert changes.workshop_id == sprint.id
    assert changes.workshop_list
    assert changes.removed
    assert [s.id for s in workshops.list()] == [other_id]
    rows = dump()
    assert rows["agenda_items"] == []
    assert rows["participants"] == []
    assert len(rows["agenda_days"]) == 1  # the other workshop's day
    with pytest.raises(NotFoundError):
        workshops.get(sprint.id or 0)
    with pytest.raises(NotFoundError):
        workshops.delete(sprint.id or 0)


def test_summaries_follow_agenda_edits(
    workshops: WorkshopService, agenda: AgendaService, sprint: Workshop
) -> None:
    (summary,) = workshops.list()
    assert (summary.day_count, summary.item_count, summary.total_minutes) == (2, 9, 363)  # 255 + 108
    agenda.add_item(sprint.days[1].id or 0, 1, AgendaItem("Vote", 12))
    (summary,) = workshops.list()
    assert (summary.day_count, summary.item_count, summary.total_minutes) == (2, 10, 375)


def test_duplicate_copies_the_boards_with_their_notes_clusters_and_links(
    workshops: WorkshopService, db: Database, sprint: Workshop
) -> None:
    from sprintdesk.domain.voting import VoteRules
    from sprintdesk.services.boards import BoardService
    from sprintdesk.services.voting import VotingService

    boards, voting = BoardService(db), VotingService(db)
    author = sprint.participants[1]
    board_id, _ = boards.create(sprint.id or 0, "How might we", private_writing=True)
    boards.link_item(sprint.items()[1].id or 0, board_id)
    note_ids, _ = boards.add_notes(
        board_id, ["HMW onboard faster?", "HMW <trust> & safety?", "Loose"], author_id=author.id
    )
    cluster_id, _ = boards.group(board_id, note_ids[:2], "Onboarding")
    voting.start(board_id, VoteRules(budget=3))
    voting.cast(board_id, author.id or 0, note_ids[0])

    copy_id, _ = workshops.duplicate(sprint.id or 0)
    copy = workshops.get(copy_id)
    (summary,) = boards.boards_of(copy_id)
    copied = summary.board
    assert copied.name == "How might we" and copied.id not in (None, board_id)
    assert summary.note_count == 3
    content = boards.load(copied.id or 0)
    assert content.board.private_writing
    assert [n.text for n in content.notes] == ["HMW onboard faster?", "HMW <trust> & safety?", "Loose"]
    assert {n.author_id for n in content.notes} == {copy.participants[1].id}
    (cluster,) = content.clusters
    assert cluster.title == "Onboarding" and cluster.id != cluster_id
    assert [n.cluster_id for n in content.notes] == [cluster.id, cluster.id, None]
    assert [i.board_id for i in copy.items()] == [None, copied.id] + [None] * (len(copy.items()) - 2)
    assert voting.state(copied.id or 0).ranked_notes() == []  # votes stay with the session they were cast in
    assert len(boards.load(board_id).notes) == 3  # the original is intact
    assert workshops.get(sprint.id or 0).items()[1].board_id == board_id
