"""Methods: search by words, filter by phase, time and group size; the rules; the agenda item
a method becomes; slugs for personal templates."""

from __future__ import annotations

import pytest

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.methods import Method, Phase, check_method, find_method, search_methods
from sprintdesk.domain.personal_templates import slug_from_title, unique_slug
from sprintdesk.domain.workshop import ItemKind


def method(slug: str, title: str, phase: Phase = Phase.DIVERGE, **changes: object) -> Method:
    values: dict[str, object] = {
        "slug": slug,
        "title": title,
        "phase": phase,
        "kind": ItemKind.EXERCISE,
        "summary": f"About {title}",
        "min_minutes": 5,
        "typical_minutes": 10,
        "max_minutes": 20,
        "min_people": 2,
        "max_people": 8,
        "steps": ("Explain the exercise.", "Start the timer."),
        "source": "A book",
        "materials": ("sticky notes",),
        "tips": ("Keep it moving.",),
        "tags": ("ideas",),
    }
    values.update(changes)
    return Method(**values)  # type: ignore[arg-type]


LIBRARY = [
    method("crazy-8s", "Crazy 8s", steps=("Fold the paper.", "Sketch eight ideas.")),
    method("dot-voting", "Dot voting", Phase.DECIDE, tags=("vote",), max_people=30),
    method("heat-map", "Heat map", Phase.DECIDE, summary="Dots show interest; not a vote"),
    method("five-whys", "5 whys", Phase.REFLECT, min_minutes=15, typical_minutes=20, max_minutes=30),
    method("check-in", "Check-in", Phase.OPEN, min_people=1),
]


def slugs(found: list[Method]) -> list[str]:
    return [m.slug for m in found]


def test_every_word_must_match_title_matches_first() -> None:
    assert slugs(search_methods(LIBRARY, "vote")) == ["dot-voting", "heat-map"]
    assert slugs(search_methods(LIBRARY, "DOTS interest")) == ["heat-map"]
    assert slugs(search_methods(LIBRARY, "fold")) == ["crazy-8s"]  # in the steps
    assert slugs(search_methods(LIBRARY, "vote sketch")) == []
    assert slugs(search_methods(LIBRARY, "map")) == ["heat-map"]


def test_no_words_lists_everything_in_phase_order() -> None:
    assert slugs(search_methods(LIBRARY)) == ["check-in", "crazy-8s", "dot-voting", "heat-map", "five-whys"]


def test_filters_phase_minutes_and_people() -> None:
    assert slugs(search_methods(LIBRARY, phase=Phase.DECIDE)) == ["dot-voting", "heat-map"]
    assert "five-whys" not in slugs(search_methods(LIBRARY, minutes=10))
    assert "five-whys" in slugs(search_methods(LIBRARY, minutes=15))
    assert slugs(search_methods(LIBRARY, people=20)) == ["dot-voting"]
    assert slugs(search_methods(LIBRARY, people=1)) == ["check-in"]
    assert slugs(search_methods(LIBRARY, "dot", phase=Phase.DECIDE, minutes=5, people=25)) == ["dot-voting"]


def test_a_method_becomes_an_agenda_item() -> None:
    item = LIBRARY[0].as_item()
    assert (item.title, item.duration_minutes, item.kind) == ("Crazy 8s", 10, ItemKind.EXERCISE)
    assert item.instructions == "1. Fold the paper.\n2. Sketch eight ideas."
    assert "Materials: sticky notes." in item.notes and "Source: A book" in item.notes
    assert item.id is None


def test_labels() -> None:
    assert LIBRARY[0].duration_label == "5–20 min"
    assert method("x", "X", min_minutes=8, max_minutes=8, typical_minutes=8).duration_label == "8 min"
    assert LIBRARY[0].group_label == "2–8 people"
    assert Phase.PROTOTYPE.label == "Prototype"


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"typical_minutes": 30}, "out of order"),
        ({"min_minutes": 0}, "minute"),
        ({"max_minutes": 600, "typical_minutes": 10}, "8"),
        ({"min_people": 9}, "group size"),
        ({"steps": ()}, "at least one step"),
        ({"steps": ("ok", "  ")}, "no empty ones"),
        ({"title": "  "}, "empty"),
    ],
)
def test_broken_methods_are_refused(changes: dict[str, object], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        check_method(method("x", str(changes.pop("title", "X")), **changes))


def test_find_method() -> None:
    assert find_method(LIBRARY, "heat-map").title == "Heat map"
    with pytest.raises(ValidationError, match="no method “nope”"):
        find_method(LIBRARY, "nope")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Our Design Sprint", "our-design-sprint"),
        ("Zoë's Q4 retro!", "zoes-q4-retro"),
        ("  --Start / Stop / Continue--  ", "start-stop-continue"),
        ("★★★", "template"),
        ("x" * 100, "x" * 60),
    ],
)
def test_slug_from_title(title: str, slug: str) -> None:
    assert slug_from_title(title) == slug


def test_unique_slug() -> None:
    assert unique_slug("retro", set()) == "retro"
    assert unique_slug("retro", {"retro", "retro-2"}) == "retro-3"
    long = "y" * 60
    assert unique_slug(long, {long}) == "y" * 58 + "-2"
