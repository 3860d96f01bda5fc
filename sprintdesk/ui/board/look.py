"""What every note item consults when it paints: search matches, the filter, the vote
results, the participants. Shared by all items of a scene, changed by the panels."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.perspectives import BoardPerspectives
from sprintdesk.domain.voting import Tally
from sprintdesk.domain.workshop import Participant, Role

ROLE_COLORS = {
    Role.PM: NoteColor.BLUE,
    Role.UX: NoteColor.PINK,
    Role.ENGINEERING: NoteColor.GREEN,
    Role.STAKEHOLDER: NoteColor.ORANGE,
    Role.DECIDER: NoteColor.PURPLE,
    Role.OTHER: NoteColor.YELLOW,
}
AUTHOR_COLORS = [c for c in NoteColor if c is not NoteColor.GREY]


@dataclass
class BoardLook:
    matches: set[int] = field(default_factory=set)  # note ids found by the search box
    current_match: int | None = None
    filtered_out: set[int] = field(default_factory=set)  # note ids dimmed by the filter
    tallies: dict[int, Tally] = field(default_factory=dict)  # per note, shown only when revealed
    cluster_tallies: dict[int, Tally] = field(default_factory=dict)
    revealed: bool = False
    voter_dots: dict[int, int] = field(default_factory=dict)  # dots of the picked voter, per note
    people: dict[int, Participant] = field(default_factory=dict)
    color_by: str = "note"  # "note", "author" or "role": what a note's colour shows
    perspectives: BoardPerspectives | None = None  # roles per cluster, when shown (no hidden votes)
    # Painting for the shared screen: covered notes covered, no selection. Kept on the look, not
    # asked of the widget painted into: a cached item is painted into its cache with no widget.
    room: bool = False

    def for_the_room(self) -> BoardLook:
        """What the shared screen may show: votes only once revealed, authors and colours,
        never the facilitator's search, filter or the dots being entered."""
        return BoardLook(
            tallies=dict(self.tallies) if self.revealed else {},
            cluster_tallies=dict(self.cluster_tallies) if self.revealed else {},
            revealed=self.revealed,
            people=dict(self.people),
            color_by=self.color_by,
            perspectives=self.perspectives,
            room=True,
        )

    def adopt(self, other: BoardLook) -> None:
        """Take another look's values in place (items keep a reference to this one)."""
        for name in ("matches", "current_match", "filtered_out", "tallies", "cluster_tallies"):
            setattr(self, name, getattr(other, name))
        self.revealed, self.voter_dots, self.people = other.revealed, other.voter_dots, other.people
        self.color_by = other.color_by
        self.perspectives = other.perspectives
        self.room = other.room

    def fill_for(self, color: NoteColor, author_id: int | None) -> NoteColor:
        """The colour a note is painted in, by its own colour or by who wrote it."""
        if self.color_by == "note":
            return color
        person = self.people.get(author_id) if author_id is not None else None
        if person is None:
            return NoteColor.GREY
        if self.color_by == "role":
            return ROLE_COLORS.get(person.role, NoteColor.GREY)
        ordered = sorted(self.people)
        return (
            AUTHOR_COLORS[ordered.index(author_id) % len(AUTHOR_COLORS)]
            if author_id in ordered
            else NoteColor.GREY
        )

    def author_label(self, author_id: int | None) -> str:
        person = self.people.get(author_id) if author_id is not None else None
        if person is None:
            return ""
        return f"{person.name} · {person.role.value}"


def is_presenter(widget: object) -> bool:
    """True when painting into the shared screen's view (no selection, covered notes hidden).
    Called in every note's paint, so nothing is imported or looked up here."""
    if not isinstance(widget, QWidget):
        return False
    return bool(widget.property("presenter"))
