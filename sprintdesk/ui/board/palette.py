"""The note palette (domain.note_palette) as Qt colours, made once each."""

from __future__ import annotations

from PySide6.QtGui import QColor

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.note_palette import COVER, EDGE, INK, PAPER

__all__ = ["COVER", "EDGE", "INK", "PAPER", "edge", "paper", "qcolor"]

_cache: dict[str, QColor] = {}


def qcolor(hex_value: str) -> QColor:
    color = _cache.get(hex_value)
    if color is None:
        color = _cache[hex_value] = QColor(hex_value)
    return color


def paper(color: NoteColor) -> QColor:
    return qcolor(PAPER[color])


def edge(color: NoteColor) -> QColor:
    return qcolor(EDGE[color])
