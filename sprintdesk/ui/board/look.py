"""What every note item consults when it paints: search matches, the filter, the vote
results, the participants. Shared by all items of a scene, changed by the panels."""

from __future__ import annotations

from dataclasses import dataclass, field

from sprintdesk.domain.voting import Tally
from sprintdesk.domain.workshop import Participant


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

    def author_label(self, author_id: int | None) -> str:
        person = self.people.get(author_id) if author_id is not None else None
        if person is None:
            return ""
        return f"{person.name} · {person.role.value}"


def is_presenter(widget: object) -> bool:
    """True when painting into the shared screen's view (no selection, covered notes hidden)."""
    from PySide6.QtWidgets import QWidget

    if not isinstance(widget, QWidget):
        return False
    return bool(widget.property("presenter"))
