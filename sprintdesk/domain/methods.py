"""The method library: the activities behind the templates (Crazy 8s, heat map, 5 whys…),
each with a phase, a typical duration range, the group size it suits and instructions for
the room; searched by words and filtered by phase, time and group size."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sprintdesk.domain.durations import check_duration
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.workshop import AgendaItem, ItemKind, check_title


class Phase(StrEnum):
    """Where a method sits in a workshop, in the order a day usually runs."""

    OPEN = "open"  # welcome, check-in, set the stage
    UNDERSTAND = "understand"  # goals, maps, experts, users
    DIVERGE = "diverge"  # generate ideas and solutions
    DECIDE = "decide"  # critique, vote, prioritise
    PROTOTYPE = "prototype"  # storyboard and build
    TEST = "test"  # interviews and learning
    REFLECT = "reflect"  # retrospective: gather data, generate insights
    CLOSE = "close"  # actions, feedback, wrap-up

    @property
    def label(self) -> str:
        return self.value.capitalize()


PHASE_ORDER = {phase: index for index, phase in enumerate(Phase)}


@dataclass(frozen=True, slots=True)
class Method:
    slug: str
    title: str
    phase: Phase
    kind: ItemKind
    summary: str
    min_minutes: int
    typical_minutes: int
    max_minutes: int
    min_people: int
    max_people: int
    steps: tuple[str, ...]
    source: str
    materials: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def duration_label(self) -> str:
        if self.min_minutes == self.max_minutes:
            return f"{self.min_minutes} min"
        return f"{self.min_minutes}–{self.max_minutes} min"

    @property
    def group_label(self) -> str:
        if self.min_people == self.max_people:
            return f"{self.min_people} people"
        return f"{self.min_people}–{self.max_people} people"

    def instructions(self) -> str:
        """What the facilitator says to the room, step by step."""
        return "\n".join(f"{number}. {step}" for number, step in enumerate(self.steps, start=1))

    def facilitator_notes(self) -> str:
        """Materials, tips and the source: the facilitator's private notes on the item."""
        parts = []
        if self.materials:
            parts.append("Materials: " + "; ".join(self.materials) + ".")
        parts.extend(f"Tip: {tip}" for tip in self.tips)
        parts.append(f"Source: {self.source}")
        return "\n".join(parts)

    def as_item(self) -> AgendaItem:
        """A new agenda item running this method for its typical time."""
        return AgendaItem(
            title=self.title,
            duration_minutes=self.typical_minutes,
            kind=self.kind,
            instructions=self.instructions(),
            notes=self.facilitator_notes(),
        )

    def searchable(self) -> str:
        return " ".join(
            (self.title, self.summary, *self.steps, *self.tags, *self.tips, self.phase.value)
        ).casefold()

    def suits(self, people: int) -> bool:
        return self.min_people <= people <= self.max_people

    def fits_in(self, minutes: int) -> bool:
        return self.min_minutes <= minutes


def check_method(method: Method) -> Method:
    """The rules a schema cannot say: ranges in order, a title, at least one step."""
    check_title(method.title, "Method title")
    for minutes in (method.min_minutes, method.typical_minutes, method.max_minutes):
        check_duration(minutes)
    if not method.min_minutes <= method.typical_minutes <= method.max_minutes:
        raise ValidationError(
            f"the durations of “{method.title}” are out of order: "
            f"{method.min_minutes} ≤ {method.typical_minutes} ≤ {method.max_minutes} is false"
        )
    if not 1 <= method.min_people <= method.max_people:
        raise ValidationError(
            f"the group size of “{method.title}” is out of order: "
            f"1 ≤ {method.min_people} ≤ {method.max_people} is false"
        )
    if not method.steps or not all(step.strip() for step in method.steps):
        raise ValidationError(f"“{method.title}” needs at least one step, and no empty ones")
    return method


def search_words(text: str) -> list[str]:
    return [word for word in text.casefold().split() if word]


def search_methods(
    methods: Iterable[Method],
    text: str = "",
    *,
    phase: Phase | None = None,
    minutes: int | None = None,
    people: int | None = None,
) -> list[Method]:
    """Methods with every word of ``text`` (in the title, summary, steps, tips or tags),
    in ``phase``, that can be run in ``minutes`` and suit ``people``. Title matches come
    first, then by phase and title."""
    words = search_words(text)
    found: list[tuple[int, int, str, Method]] = []
    for method in methods:
        if phase is not None and method.phase != phase:
            continue
        if minutes is not None and not method.fits_in(minutes):
            continue
        if people is not None and not method.suits(people):
            continue
        haystack = method.searchable()
        if not all(word in haystack for word in words):
            continue
        title = method.title.casefold()
        in_title = sum(word in title for word in words)
        found.append((-in_title, PHASE_ORDER[method.phase], title, method))
    found.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in found]


def find_method(methods: Sequence[Method], slug: str) -> Method:
    for method in methods:
        if method.slug == slug:
            return method
    raise ValidationError(f"there is no method “{slug}” in the library")
