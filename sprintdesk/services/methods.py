"""The method library: browse and search the shipped methods and turn one into an agenda
item (the interface adds it through the agenda service, so it is undoable like any add)."""

from __future__ import annotations

import builtins

from sprintdesk.domain.methods import Method, Phase, find_method, search_methods
from sprintdesk.domain.workshop import AgendaItem
from sprintdesk.export.interchange.method_file import MethodError, builtin_methods

__all__ = ["Method", "MethodError", "MethodService", "Phase"]


class MethodService:
    def __init__(self, methods: tuple[Method, ...] | None = None) -> None:
        self._methods = methods

    def list(self) -> list[Method]:
        if self._methods is None:
            self._methods = builtin_methods()
        return list(self._methods)

    def search(
        self,
        text: str = "",
        *,
        phase: Phase | str | None = None,
        minutes: int | None = None,
        people: int | None = None,
    ) -> builtins.list[Method]:
        """Methods matching every word of ``text``, in ``phase`` (a Phase or its name)."""
        return search_methods(self.list(), text, phase=parse_phase(phase), minutes=minutes, people=people)

    def get(self, slug: str) -> Method:
        return find_method(self.list(), slug.strip())

    def as_item(self, slug: str) -> AgendaItem:
        return self.get(slug).as_item()


def parse_phase(phase: Phase | str | None) -> Phase | None:
    if phase is None or isinstance(phase, Phase):
        return phase
    cleaned = phase.strip().casefold()
    if not cleaned:
        return None
    try:
        return Phase(cleaned)
    except ValueError:
        names = ", ".join(p.value for p in Phase)
        raise MethodError(f"there is no phase “{phase}”; the phases are: {names}") from None
