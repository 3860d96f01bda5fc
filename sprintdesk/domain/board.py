"""Affinity-mapping boards: sticky notes, titled clusters, the board that holds them.

Positions are plain numbers in board units (a note is NOTE_WIDTH x NOTE_HEIGHT); the board
scene mirrors these, it never owns them. Where a note or a cluster goes is worked out in
``board_geometry``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# The sizes, for the code that draws notes and clusters; the rules that place them are in
# board_geometry.
from sprintdesk.domain.board_sizes import CLUSTER_PADDING as CLUSTER_PADDING
from sprintdesk.domain.board_sizes import CLUSTER_TITLE_HEIGHT as CLUSTER_TITLE_HEIGHT
from sprintdesk.domain.board_sizes import GAP as GAP
from sprintdesk.domain.board_sizes import NOTE_HEIGHT as NOTE_HEIGHT
from sprintdesk.domain.board_sizes import NOTE_WIDTH as NOTE_WIDTH
from sprintdesk.domain.board_structure import BoardStructure
from sprintdesk.domain.errors import ValidationError

MAX_NOTE_LENGTH = 100_000
MAX_BOARD_NAME = 120


class NoteColor(StrEnum):
    """The palette, by name (the interface decides the exact shades)."""

    YELLOW = "yellow"
    ORANGE = "orange"
    PINK = "pink"
    PURPLE = "purple"
    BLUE = "blue"
    GREEN = "green"
    TEAL = "teal"
    GREY = "grey"

    @classmethod
    def parse(cls, text: str) -> NoteColor:
        cleaned = text.strip().lower()
        aliases = {"gray": "grey", "violet": "purple", "red": "pink"}
        cleaned = aliases.get(cleaned, cleaned)
        try:
            return cls(cleaned)
        except ValueError:
            names = ", ".join(color.value for color in cls)
            raise ValidationError(f"unknown colour '{text.strip()}' (use one of: {names})") from None


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    x: float = 0.0
    y: float = 0.0
    color: NoteColor = NoteColor.YELLOW
    author_id: int | None = None
    cluster_id: int | None = None
    covered: bool = False  # private writing: hidden on the shared screen until revealed
    imported_votes: int = 0  # dots counted elsewhere (a paper wall, another tool)
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Cluster:
    title: str
    x: float = 0.0
    y: float = 0.0
    color: NoteColor = NoteColor.GREY
    collapsed: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Board:
    name: str
    workshop_id: int
    private_writing: bool = False
    id: int | None = None
    structure: BoardStructure | None = None  # columns, lanes, quadrants or a 2x2 grid behind the notes


@dataclass(frozen=True, slots=True)
class BoardContent:
    board: Board
    notes: tuple[Note, ...] = ()
    clusters: tuple[Cluster, ...] = ()

    def notes_in(self, cluster_id: int | None) -> list[Note]:
        return [note for note in self.notes if note.cluster_id == cluster_id]


def check_note_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError("A note needs some text.")
    if len(cleaned) > MAX_NOTE_LENGTH:
        raise ValidationError(f"A note can hold at most {MAX_NOTE_LENGTH:,} characters.")
    return cleaned


def check_board_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("A board needs a name.")
    if len(cleaned) > MAX_BOARD_NAME:
        raise ValidationError(f"A board name can be at most {MAX_BOARD_NAME} characters.")
    return cleaned
