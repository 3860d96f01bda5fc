"""How a note's text fits its note, as rules that need no drawing: which font size (the
largest at which the text wraps into the box: short text large, long text smaller, down to a
minimum), where the lines break (at spaces; only a single word wider than the box is broken,
between its characters), and where an ellipsis cuts text that does not fit even at the
minimum. Widths and line heights come from a ``TextMeasure`` (the interface measures with
QFontMetricsF; the tests can use a fixed-width one), so the rules stay plain Python."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

MAX_PX = 34  # a one- or two-word note: large enough to read from the back of the room
MIN_PX = 10  # below this the text is cut with an ellipsis rather than shrunk further
READABLE_PX = 6.5  # text smaller than this on screen cannot be read: draw a colour block
ELLIPSIS = "…"


class TextMeasure(Protocol):
    def width(self, text: str, pixel_size: int) -> float:
        """The advance of ``text`` set in the note font at ``pixel_size``."""
        ...

    def line_height(self, pixel_size: int) -> float:
        """The distance from one line's top to the next at ``pixel_size``."""
        ...


@dataclass(frozen=True, slots=True)
class FittedText:
    pixel_size: int
    lines: tuple[str, ...]
    elided: bool  # cut, the last line ending in an ellipsis: the whole text belongs in a tooltip
    broken: bool = False  # a word wider than the box was broken between its characters


def wrap(text: str, width: float, fits: Callable[[str], bool]) -> tuple[list[str], bool]:
    """Lines of ``text`` no wider than ``width`` (``fits`` says whether a piece fits): words
    are kept whole and joined by single spaces, line breaks in the text are kept, and only a
    word too wide for a line on its own is broken. Returns the lines and whether a word was
    broken."""
    lines: list[str] = []
    broken = False
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if fits(candidate):
                current = candidate
                continue
            if current:
                lines.append(current)
            if fits(word):
                current = word
                continue
            pieces = _break_word(word, fits)
            broken = True
            lines.extend(pieces[:-1])
            current = pieces[-1]
        lines.append(current)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines, broken


def _break_word(word: str, fits: Callable[[str], bool]) -> list[str]:
    """A word too wide for a line, in pieces that fit (at least one character each)."""
    pieces: list[str] = []
    rest = word
    while rest:
        cut = 1
        while cut < len(rest) and fits(rest[: cut + 1]):
            cut += 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return pieces


def fit_text(
    text: str,
    width: float,
    height: float,
    measure: TextMeasure,
    max_px: int = MAX_PX,
    min_px: int = MIN_PX,
) -> FittedText:
    """The largest size from ``max_px`` down to ``min_px`` at which ``text`` wraps into
    ``width`` x ``height`` without breaking a word; failing that, the largest at which it
    fits with a long word broken; failing that, ``min_px`` with as many lines as fit and an
    ellipsis at the end of the last."""
    text = text.strip()

    def layout(size: int) -> tuple[list[str], bool, bool]:
        lines, broken = wrap(text, width, lambda piece: measure.width(piece, size) <= width)
        return lines, broken, len(lines) * measure.line_height(size) <= height + 0.01

    # Larger sizes need more lines, so the sizes that fit are the small ones: a binary search,
    # first keeping every word whole, then (a word wider than the box) allowing it to break.
    for whole in (True, False):
        low, high, best = min_px, max_px, None
        while low <= high:
            size = (low + high) // 2
            lines, broken, fits = layout(size)
            if fits and not (whole and broken):
                best = FittedText(size, tuple(lines), False, broken)
                low = size + 1
            else:
                high = size - 1
        if best is not None:
            return best
    lines, broken, fits = layout(min_px)
    room = max(1, int((height + 0.01) // measure.line_height(min_px)))
    kept = lines[:room]
    kept[-1] = ellipsize(kept[-1], lambda piece: measure.width(piece, min_px) <= width)
    return FittedText(min_px, tuple(kept), True, broken)


def ellipsize(line: str, fits: Callable[[str], bool]) -> str:
    """``line`` with an ellipsis at its end, shortened (at a space when one is near, so a
    word is not cut without need) until the whole fits."""
    base = line.rstrip()
    while base and not fits(base + ELLIPSIS):
        space = base.rfind(" ")
        shorter = base[:space].rstrip() if space > 0 and len(base) - space <= 4 else base[:-1].rstrip()
        base = shorter
    return base + ELLIPSIS


def readable(pixel_size: float, scale: float) -> bool:
    """Whether text of ``pixel_size`` (board units) drawn at ``scale`` can be read on screen."""
    return pixel_size * scale >= READABLE_PX
