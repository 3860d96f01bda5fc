"""Built-in templates: every file passes the JSON Schema and load_template, with the right
totals; broken template files give one-line TemplateErrors, never another exception."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.workshop import ItemKind
from sprintdesk.export.interchange.template_file import (
    TemplateError,
    builtin_templates,
    load_template,
    schema,
    templates_folder,
)

SLUGS = {
    "design-sprint",
    "design-sprint-2",
    "lightning-decision-jam",
    "retrospective",
    "product-ux-alignment",
    "joint-planning",
    "crazy-8s",
    "blank",
}
FILES = sorted(templates_folder().glob("*.json"))


def test_the_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


def test_every_built_in_template_is_there() -> None:
    assert {path.stem for path in FILES} == SLUGS
    assert {t.slug for t in builtin_templates()} == SLUGS


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_file_passes_the_schema_and_loads(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(document)
    template = load_template(path)
    assert template.slug == path.stem == document["slug"]
    assert template.source.strip() and template.description.strip()
    expected = sum(i["duration_minutes"] for d in document["days"] for i in d["items"])
    assert template.total_minutes == expected == sum(d.total_minutes for d in template.days)
    named = {i.board for d in template.days for i in d.items if i.board is not None}
    assert named <= set(template.boards)
    assert template.boards == tuple(b["name"] for b in document["boards"])
    for day in template.days:
        for item in day.items:
            assert 1 <= item.duration_minutes <= 480
            assert isinstance(item.kind, ItemKind)
            if item.kind is not ItemKind.BREAK:
                assert item.instructions.strip(), item.title


def _by_slug() -> dict[str, Any]:
    return {t.slug: t for t in builtin_templates()}


def test_the_design_sprint_has_five_days_and_its_activities() -> None:
    sprint = _by_slug()["design-sprint"]
    assert [d.title.split(": ")[1] for d in sprint.days] == ["Map", "Sketch", "Decide", "Prototype", "Test"]
    titles = " | ".join(i.title.casefold() for d in sprint.days for i in d.items)
    for activity in (
        "long-term goal",
        "sprint questions",
        "make a map",
        "ask the experts",
        "organise the how might we",
        "vote on the how might we",
        "pick a target",
        "lightning demos",
        "crazy 8s",
        "solution sketch",
        "art museum",
        "heat map",
        "speed critique",
        "straw poll",
        "supervote",
        "storyboard",
        "roles",
        "trial run",
        "interview 5",
        "debrief",
        "lunch",
        "break",
    ):
        assert activity in titles, activity
    interviews = [i for i in sprint.days[4].items if i.title.startswith("Interview ")]
    assert len(interviews) == 5
    assert all(i.board == "Interview notes" for i in interviews)
    assert sprint.total_minutes == 1883


def test_totals_and_boards_of_the_short_templates() -> None:
    templates = _by_slug()
    assert templates["lightning-decision-jam"].total_minutes == 45
    assert len(templates["design-sprint-2"].days) == 4
    retro = templates["retrospective"]
    assert "Start / Stop / Continue" in retro.boards
    assert len(retro.days[0].items) == 5
    assert "Empathy map" in templates["product-ux-alignment"].boards
    assert templates["blank"].boards == ()


def test_to_workshop_copies_the_agenda() -> None:
    template = _by_slug()["retrospective"]
    workshop = template.to_workshop(None, dt.date(2026, 12, 1))
    assert workshop.title == template.title
    assert workshop.start_date == dt.date(2026, 12, 1)
    assert workshop.total_minutes == template.total_minutes
    assert [i.title for i in workshop.items()] == [i.title for d in template.days for i in d.items]
    assert workshop.days[0].start_time == dt.time(14, 0)
    assert template.to_workshop("  My   retro ", None).title == "My retro"
    with pytest.raises(ValidationError):
        template.to_workshop("   ", None)


def _document() -> dict[str, Any]:
    return json.loads((templates_folder() / "retrospective.json").read_text(encoding="utf-8"))


def _error(document: object) -> str:
    with pytest.raises(TemplateError) as caught:
        load_template(json.dumps(document).encode())
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_bad_templates_give_one_line_errors(tmp_path: Path) -> None:
    doc = _document()
    doc["days"][0]["items"][0]["duration_minutes"] = 481
    assert "days[0].items[0].duration_minutes" in _error(doc)
    doc = _document()
    doc["days"][0]["items"][0]["duration_minutes"] = 0
    assert "duration_minutes" in _error(doc)
    doc = _document()
    doc["days"][0]["items"][1]["kind"] = "party"
    assert "kind" in _error(doc)
    doc = _document()
    doc["days"][0]["items"][1]["board"] = "Nowhere"
    assert "no board “Nowhere”" in _error(doc)
    doc = _document()
    doc["boards"].append({"name": "start / stop / continue"})
    assert "listed twice" in _error(doc)
    doc = _document()
    doc["format"] = "sprintdesk.workshop"
    assert "not a SprintDesk template" in _error(doc)
    doc = _document()
    doc["extra"] = 1
    assert "unknown field" in _error(doc)
    for data, fragment in ((b"{nope", "not valid JSON"), (b"  ", "empty"), (b"\xff\xfe", "UTF-8")):
        with pytest.raises(TemplateError, match=fragment):
            load_template(data)
    with pytest.raises(TemplateError, match="cannot read"):
        load_template(tmp_path / "missing.json")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_load_or_fail_cleanly(data: bytes) -> None:
    with contextlib.suppress(ValidationError):
        load_template(data)


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@pytest.mark.slow  # fuzzes with many examples
@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["top", "item"]),
    st.dictionaries(
        st.sampled_from(["title", "slug", "days", "boards", "kind", "duration_minutes", "board", "x"]),
        _json,
        max_size=3,
    ),
)
def test_mutated_templates_load_or_fail_cleanly(where: str, changes: dict[str, Any]) -> None:
    doc = _document()
    (doc if where == "top" else doc["days"][0]["items"][0]).update(changes)
    with contextlib.suppress(ValidationError):
        load_template(json.dumps(doc).encode())
