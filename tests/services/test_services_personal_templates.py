"""Personal templates with real SQLite: save a workshop, list with the built-in ones, make a
workshop from it, rename, delete, export and import files; bad files store nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from sprintdesk.domain.errors import ValidationError
from sprintdesk.export.interchange.template_file import TemplateError, builtin_templates, load_template
from sprintdesk.services.boards import BoardService
from sprintdesk.services.personal_templates import PersonalTemplateService
from sprintdesk.services.templates import TemplateService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database


@pytest.fixture
def personal(db: Database) -> PersonalTemplateService:
    return PersonalTemplateService(db)


@pytest.fixture
def rows(db_path: Path) -> Callable[[], list[tuple[object, ...]]]:
    def read() -> list[tuple[object, ...]]:
        connection = sqlite3.connect(db_path)
        try:
            return connection.execute(
                "SELECT slug, title, body FROM personal_templates ORDER BY id"
            ).fetchall()
        finally:
            connection.close()

    return read


def _ldj_with_notes(db: Database) -> int:
    """A Lightning Decision Jam workshop, its boards filled with notes."""
    workshop_id, _ = TemplateService(db).create_from("lightning-decision-jam", title="Team jam")
    boards = BoardService(db)
    for entry in boards.boards_of(workshop_id):
        assert entry.board.id is not None
        boards.add_notes(entry.board.id, ["a private thought"])
    return workshop_id


def test_save_a_workshop_keeps_days_items_boards_and_links(db: Database, personal) -> None:  # type: ignore[no-untyped-def]
    workshop_id = _ldj_with_notes(db)
    template, changes = personal.save_workshop(workshop_id, "Our decision jam")
    assert changes.templates
    assert (template.slug, template.title, template.personal) == (
        "our-decision-jam",
        "Our decision jam",
        True,
    )
    builtin = next(t for t in builtin_templates() if t.slug == "lightning-decision-jam")
    assert template.total_minutes == builtin.total_minutes == 45
    assert template.boards == builtin.boards
    assert [i.board for d in template.days for i in d.items] == [
        i.board for d in builtin.days for i in d.items
    ]
    assert "Team jam" in template.source
    stored = personal.get("our-decision-jam")
    assert stored.personal and stored.days == template.days
    assert "a private thought" not in json.dumps([d.items for d in stored.days], default=str)


def test_personal_templates_are_listed_after_the_built_in_ones(
    db: Database, personal, workshops, sprint
) -> None:  # type: ignore[no-untyped-def]
    personal.save_workshop(sprint.id, "Zebra sprint")
    personal.save_workshop(sprint.id, "Alpha sprint")
    listed = TemplateService(db).list()
    slugs = [t.slug for t in listed]
    assert slugs[: len(builtin_templates())] == [t.slug for t in builtin_templates()]
    assert slugs[-2:] == ["alpha-sprint", "zebra-sprint"]
    assert [t.personal for t in listed[-2:]] == [True, True]
    assert not any(t.personal for t in listed[:-2])
    assert TemplateService().list() == builtin_templates()  # without a database: built-in only


def test_slugs_are_unique_and_never_shadow_a_built_in_one(db: Database, personal, sprint) -> None:  # type: ignore[no-untyped-def]
    first, _ = personal.save_workshop(sprint.id, "Design Sprint")
    assert first.slug == "design-sprint-3"  # design-sprint-2 is a built-in one too
    assert first.slug not in {t.slug for t in builtin_templates()}
    second, _ = personal.save_workshop(sprint.id, "Retrospective!")
    assert second.slug == "retrospective-2"
    zoe, _ = personal.save_workshop(sprint.id, "Zoë's Q4 retro")
    assert zoe.slug == "zoes-q4-retro"
    with pytest.raises(ValidationError, match="called “Zoë's Q4 retro” already"):
        personal.save_workshop(sprint.id, "zoë's q4 RETRO")


def test_the_workshop_title_is_the_default_and_a_blank_one_is_refused(personal, sprint) -> None:  # type: ignore[no-untyped-def]
    template, _ = personal.save_workshop(sprint.id)
    assert template.title == sprint.title
    with pytest.raises(ValidationError):
        personal.save_workshop(sprint.id, "x" * 201)


def test_a_workshop_from_a_personal_template_is_like_from_a_built_in_one(db: Database, personal) -> None:  # type: ignore[no-untyped-def]
    source_id = _ldj_with_notes(db)
    personal.save_workshop(source_id, "Our decision jam")
    new_id, changes = TemplateService(db).create_from("our-decision-jam", title="Jam, again")
    assert changes.workshop_list and changes.boards
    made = WorkshopService(db).get(new_id)
    original = WorkshopService(db).get(source_id)
    assert made.title == "Jam, again"
    assert [(i.title, i.duration_minutes, i.kind, i.instructions) for i in made.items()] == [
        (i.title, i.duration_minutes, i.kind, i.instructions) for i in original.items()
    ]
    boards = BoardService(db).boards_of(new_id)
    names = {b.board.id: b.board.name for b in boards}
    assert sorted(names.values()) == sorted(["Working well", "Problems", "Solutions", "Effort and impact"])
    assert all(b.note_count == 0 for b in boards)  # no notes carried
    assert names[made.items()[0].board_id] == "Working well"


def test_rename_and_delete(db: Database, personal, sprint, rows) -> None:  # type: ignore[no-untyped-def]
    personal.save_workshop(sprint.id, "Our sprint")
    personal.rename("our-sprint", "  Our   better sprint ")
    assert personal.get("our-sprint").title == "Our better sprint"
    assert json.loads(rows()[0][2])["title"] == "Our better sprint"
    with pytest.raises(ValidationError, match="built-in"):
        personal.rename("design-sprint", "Mine now")
    with pytest.raises(ValidationError, match="built-in"):
        personal.delete("retrospective")
    assert personal.delete("our-sprint").templates
    assert rows() == []
    with pytest.raises(ValidationError, match="no personal template"):
        personal.delete("our-sprint")


def test_export_and_import_round_trip(tmp_path: Path, db: Database, personal, sprint, rows) -> None:  # type: ignore[no-untyped-def]
    saved, _ = personal.save_workshop(sprint.id, "Our sprint")
    target = tmp_path / "our.json"
    size = personal.export("our-sprint", target)
    assert size == target.stat().st_size
    assert load_template(target).days == saved.days
    personal.delete("our-sprint")
    imported, changes = personal.import_file(target)
    assert changes.templates and imported.personal
    assert personal.get("our-sprint").days == saved.days
    assert [r[0] for r in rows()] == ["our-sprint"]
    built_in = tmp_path / "ds.json"
    personal.export("design-sprint", built_in)
    original = next(t for t in builtin_templates() if t.slug == "design-sprint")
    assert load_template(built_in) == original
    assert not list(tmp_path.glob(".*.part"))  # atomic: no temporary left behind


def _bad_files(valid: dict) -> list[tuple[str, bytes, str]]:  # type: ignore[type-arg]
    def variant(**changes: object) -> bytes:
        return json.dumps({**valid, **changes}).encode()

    huge_day = {"title": "", "start_time": "09:00", "items": []}
    return [
        ("empty", b"", "empty"),
        ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", "UTF-8"),
        ("not json", b"{ this is not json", "not valid JSON"),
        ("a workshop file", json.dumps({"format": "sprintdesk.workshop", "version": 1}).encode(), "expected"),
        ("a list", b"[1, 2, 3]", "not a SprintDesk template"),
        ("newer version", variant(version=2), "version 2"),
        ("schema", variant(days=[{"title": "x", "start_time": "25:00", "items": []}]), "start_time"),
        ("no days", variant(days=[]), "days"),
        (
            "unknown board",
            variant(
                days=[
                    {
                        "title": "",
                        "start_time": "09:00",
                        "items": [
                            {
                                "title": "A",
                                "duration_minutes": 5,
                                "kind": "exercise",
                                "instructions": "",
                                "notes": "",
                                "board": "Nowhere",
                            }
                        ],
                    }
                ]
            ),
            "Nowhere",
        ),
        ("too many days", variant(days=[huge_day] * 40), "at most 31 days"),
        ("too large", b" " * 1_000_001, "1,000,001 bytes; template files can be at most 1 MB"),
        ("built-in slug", variant(slug="design-sprint"), "built-in"),
        ("bad slug", variant(slug="Not A Slug"), "slug"),
        ("blank title", variant(title="   "), "title"),
    ]


def test_bad_files_give_one_line_and_store_nothing(tmp_path: Path, personal, sprint, rows) -> None:  # type: ignore[no-untyped-def]
    personal.save_workshop(sprint.id, "Our sprint")
    valid_path = tmp_path / "valid.json"
    personal.export("our-sprint", valid_path)
    valid = json.loads(valid_path.read_text())
    valid["slug"], valid["title"] = "fresh", "Fresh"
    before = rows()
    for name, data, fragment in _bad_files(valid):
        with pytest.raises(ValidationError) as caught:
            personal.import_bytes(data)
        message = str(caught.value)
        assert "\n" not in message, name
        assert fragment in message, (name, message)
        assert rows() == before, name
    with pytest.raises(TemplateError, match="already"):
        personal.import_file(valid_path)  # our-sprint is there already
    with pytest.raises(TemplateError, match="cannot read"):
        personal.import_file(tmp_path / "missing.json")
    assert rows() == before
    personal.import_bytes(json.dumps(valid).encode())
    assert [r[0] for r in rows()] == ["our-sprint", "fresh"]


def test_board_structures_survive_saving_exporting_and_a_new_workshop(  # type: ignore[no-untyped-def]
    db: Database, personal, tmp_path: Path
) -> None:
    workshop_id = _ldj_with_notes(db)  # its "Effort / impact" board is a 2x2 grid
    boards = BoardService(db)
    before = {e.board.name: e.board.structure for e in boards.boards_of(workshop_id)}
    assert any(before.values())
    template, _ = personal.save_workshop(workshop_id, "Jam with grid")
    assert {name: s for name, s in template.structures} == {n: s for n, s in before.items() if s}
    target = tmp_path / "jam.json"
    personal.export(template.slug, target)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [b.get("structure") is not None for b in document["boards"]] == [
        before[b["name"]] is not None for b in document["boards"]
    ]
    made, _ = TemplateService(db).create_from(template.slug, title="Next jam")
    assert {e.board.name: e.board.structure for e in boards.boards_of(made)} == before
