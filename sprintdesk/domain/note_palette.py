"""The shades of the note palette, as hex, shared by the board on screen and the PDF: soft
paper colours that dark text reads well on, and a stronger edge colour for cluster frames."""

from __future__ import annotations

from sprintdesk.domain.board import NoteColor

PAPER: dict[NoteColor, str] = {
    NoteColor.YELLOW: "#fde68a",
    NoteColor.ORANGE: "#fdba74",
    NoteColor.PINK: "#f9a8d4",
    NoteColor.PURPLE: "#c4b5fd",
    NoteColor.BLUE: "#93c5fd",
    NoteColor.GREEN: "#86efac",
    NoteColor.TEAL: "#5eead4",
    NoteColor.GREY: "#d1d5db",
}
EDGE: dict[NoteColor, str] = {
    NoteColor.YELLOW: "#b45309",
    NoteColor.ORANGE: "#c2410c",
    NoteColor.PINK: "#be185d",
    NoteColor.PURPLE: "#6d28d9",
    NoteColor.BLUE: "#1d4ed8",
    NoteColor.GREEN: "#15803d",
    NoteColor.TEAL: "#0f766e",
    NoteColor.GREY: "#4b5563",
}
INK = "#111827"  # text on every paper colour
COVER = "#9ca3af"  # a note still covered by private writing
