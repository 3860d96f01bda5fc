"""New workshops from templates: the agenda copied, boards made and linked, one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from sprintdesk.domain.errors import ValidationError
from sprintdesk.services.boards import BoardService
from sprintdesk.services.templates import TemplateService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database


def test_list_names_every_built_in_template(db: Database) -> None:
    slugs = [t.slug for t in TemplateService(db).list()]
    assert "design-sprint" in slugs and "blank" in slugs and len(slugs) == 8


@pytest.mark.parametrize("slug", [t.slug for t in TemplateService().list()])
def test_create_from_each_template(db: Database, workshops: WorkshopService, slug: str) -> None:
    service = TemplateService(db)
    template = service.get(slug)
    workshop_id, changes = service.create_from(slug, start_date=dt.date(2026, 12, 1))
    assert changes.workshop_id == workshop_id and changes.workshop_list
    stored = workshops.get(workshop_id)
    assert stored.title == template.title
    assert stored.start_date == dt.date(2026, 12, 1)
    assert len(stored.days) == len(template.days)
    assert stored.total_minutes == template.total_minutes
    boards = {b.board.id: b.board.name for b in BoardService(db).boards_of(workshop_id)}
    assert sorted(boards.values()) == sorted(template.boards)
    planned = [i for d in template.days for i in d.items]
    for plan, item in zip(planned, stored.items(), strict=True):
        assert item.title == plan.title
        assert item.instructions == plan.instructions and item.notes == plan.notes
        assert (boards[item.board_id] if item.board_id is not None else None) == plan.board


def test_design_sprint_boards_link_to_the_right_items(db: Database, workshops: WorkshopService) -> None:
    workshop_id, _ = TemplateService(db).create_from("design-sprint", title="Onboarding sprint")
    stored = workshops.get(workshop_id)
    assert stored.title == "Onboarding sprint"
    assert stored.days[0].title == "Monday: Map"
    names = {b.board.id: b.board.name for b in BoardService(db).boards_of(workshop_id)}
    by_title = {i.title: names.get(i.board_id) if i.board_id else None for i in stored.items()}
    assert by_title["Ask the experts"] == "How Might We"
    assert by_title["Heat map"] == "Solution sketches"
    assert by_title["Storyboard"] == "Storyboard"
    assert by_title["Interview 3"] == "Interview notes"
    assert by_title["Lunch"] is None


def test_unknown_slug_and_bad_title_store_nothing(
    db: Database, workshops: WorkshopService, dump: Callable[[], dict[str, list[tuple[object, ...]]]]
) -> None:
    before = dump()
    with pytest.raises(ValidationError, match="design-sprint, design-sprint-2"):
        TemplateService(db).create_from("no-such-template")
    with pytest.raises(ValidationError):
        TemplateService(db).create_from("retrospective", title="   ")
    assert dump() == before
    assert workshops.list() == []


def test_a_failure_half_way_leaves_nothing(
    db: Database, workshops: WorkshopService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sprintdesk.storage import board_repository

    def broken(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(board_repository, "link_item", broken)
    with pytest.raises(RuntimeError):
        TemplateService(db).create_from("retrospective")
    assert workshops.list() == []
