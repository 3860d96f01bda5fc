"""The method service over the shipped library: search, filters, phases by name, items."""

from __future__ import annotations

import pytest

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.methods import Phase
from sprintdesk.domain.workshop import ItemKind
from sprintdesk.services.methods import MethodService


def test_search_the_shipped_library() -> None:
    service = MethodService()
    assert service.search("crazy")[0].slug == "crazy-8s"
    assert "five-whys" in [m.slug for m in service.search("root cause")]
    retro = service.search(phase="reflect")
    assert retro and all(m.phase is Phase.REFLECT for m in retro)
    assert {"start-stop-continue", "mad-sad-glad", "four-ls", "five-whys"} <= {m.slug for m in retro}
    quick = service.search(minutes=5)
    assert quick and all(m.min_minutes <= 5 for m in quick)
    crowd = service.search(people=40)
    assert {m.slug for m in crowd} >= {"fist-of-five", "roam-risks"}
    assert all(m.max_people >= 40 for m in crowd)
    assert service.search("  ", phase="") == service.search()


def test_an_unknown_phase_or_slug_is_one_line() -> None:
    service = MethodService()
    with pytest.raises(ValidationError, match="no phase “brainstorm”; the phases are: open, understand"):
        service.search(phase="brainstorm")
    with pytest.raises(ValidationError, match="no method"):
        service.get("nope")


def test_as_item() -> None:
    item = MethodService().as_item("heat-map")
    assert (item.title, item.duration_minutes, item.kind) == ("Heat map", 15, ItemKind.EXERCISE)
    assert item.instructions.startswith("1. ")
