"""What a service call changed, so the interface refreshes only that (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Changes:
    workshop_id: int | None = None
    workshop_list: bool = False  # titles, dates, counts shown in the library
    details: bool = False  # title, goal, dates, facilitator, participants
    agenda: bool = False  # days or items added, removed, moved or edited
    run: bool = False  # the run log (timer transitions)
    removed: bool = False  # the workshop itself was deleted
    item_ids: frozenset[int] = field(default_factory=frozenset)
    boards: bool = False  # boards added, renamed or removed
    board_id: int | None = None  # the board whose content changed
    note_ids: frozenset[int] = field(default_factory=frozenset)
    cluster_ids: frozenset[int] = field(default_factory=frozenset)
    votes: bool = False
    structure: bool = False  # the board's background structure (columns, quadrants, grid)
    outcomes: bool = False  # decisions or action items added, edited, closed or removed
    series: bool = False  # follow-up links between workshops
    templates: bool = False  # personal templates saved, imported or removed
    room: bool = False  # joining from phones: its state, the roster, devices or the moderation inbox

    @property
    def empty(self) -> bool:
        return self == Changes()

    def merge(self, other: Changes) -> Changes:
        return Changes(
            workshop_id=self.workshop_id if self.workshop_id is not None else other.workshop_id,
            workshop_list=self.workshop_list or other.workshop_list,
            details=self.details or other.details,
            agenda=self.agenda or other.agenda,
            run=self.run or other.run,
            removed=self.removed or other.removed,
            item_ids=self.item_ids | other.item_ids,
            boards=self.boards or other.boards,
            board_id=self.board_id if self.board_id is not None else other.board_id,
            note_ids=self.note_ids | other.note_ids,
            cluster_ids=self.cluster_ids | other.cluster_ids,
            votes=self.votes or other.votes,
            structure=self.structure or other.structure,
            outcomes=self.outcomes or other.outcomes,
            series=self.series or other.series,
            templates=self.templates or other.templates,
            room=self.room or other.room,
        )
