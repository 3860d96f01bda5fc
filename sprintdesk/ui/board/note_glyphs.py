"""A note's text as glyph runs: fitted by ``domain.note_text`` with Qt's font metrics, shaped
once, and then drawn with one ``drawGlyphRun`` per font at any zoom. (``drawText`` and
``QStaticText`` shape the text again whenever the view's scale changes, which is most of the
first frame of a zoom.)"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QGlyphRun, QTextLayout, QTextOption

from sprintdesk.domain.note_text import MAX_PX, MIN_PX, FittedText, fit_text

LINE_BREAK = "\u2028"  # QTextLayout ends a line here: the lines are the ones fit_text chose
LINE_STEP = 1.2  # lines this many em apart at most (some fonts ask for 1.36: too loose on a note)


class QtMeasure:
    """``TextMeasure`` with the application's font, set at a pixel size."""

    def __init__(self, bold: bool = False) -> None:
        self._bold = bold
        self._metrics: dict[int, QFontMetricsF] = {}

    def metrics(self, pixel_size: int) -> QFontMetricsF:
        found = self._metrics.get(pixel_size)
        if found is None:
            found = self._metrics[pixel_size] = QFontMetricsF(note_font(pixel_size, self._bold))
        return found

    def width(self, text: str, pixel_size: int) -> float:
        return self.metrics(pixel_size).horizontalAdvance(text)

    def line_height(self, pixel_size: int) -> float:
        return line_step(self.metrics(pixel_size), pixel_size)


def line_step(metrics: QFontMetricsF, pixel_size: int) -> float:
    return min(metrics.height(), LINE_STEP * pixel_size)


@lru_cache(maxsize=128)
def note_font(pixel_size: int, bold: bool = False) -> QFont:
    """Made on first use: a QFont needs the application to exist."""
    font = QFont()
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    return font


@lru_cache(maxsize=1)
def _measure() -> QtMeasure:
    return QtMeasure()


@lru_cache(maxsize=65536)
def fitted(text: str, width: float, height: float) -> FittedText:
    """``fit_text`` of a note's text in a box, measured with the note font."""
    return fit_text(text, width, height, _measure())


@lru_cache(maxsize=65536)
def largest_possible(text: str, width: float, height: float) -> float:
    """An upper bound of the size ``fitted`` can choose, for a fraction of its cost (one
    measurement): set at size s, the text's advance (about s/100 of its advance at 100 px)
    fills at most height / (line step) lines of ``width``. Used to skip fitting a note whose
    text could not be read at the current zoom anyway."""
    measure = _measure()
    advance = measure.width(" ".join(text.split()), 100) / 100
    step = measure.line_height(100) / 100
    if advance <= 0:
        return float(MAX_PX)
    bound = 1.1 * math.sqrt((width + 0.1 * width) * height / (advance * step)) + 1
    return min(float(MAX_PX), max(float(MIN_PX), bound))  # cut text is set at MIN_PX


@dataclass(frozen=True, slots=True)
class Glyphs:
    """Shaped lines, drawn from ``origin`` (relative to the box they were fitted in)."""

    runs: tuple[QGlyphRun, ...]
    origin: QPointF
    pixel_size: int
    height: float


def shaped(lines: tuple[str, ...], pixel_size: int, width: float, align: Qt.AlignmentFlag) -> Glyphs:
    """``lines`` set at ``pixel_size`` in a column ``width`` wide, each aligned by ``align``."""
    font = note_font(pixel_size)
    layout = QTextLayout(LINE_BREAK.join(lines), font)
    option = QTextOption(align)
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    metrics = QFontMetricsF(font)
    step = line_step(metrics, pixel_size)
    layout.beginLayout()
    top = -(metrics.height() - step) / 2  # the font's own spacing trimmed evenly above and below
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0.0, top))
        top += step
    layout.endLayout()
    return Glyphs(tuple(layout.glyphRuns()), QPointF(0.0, 0.0), pixel_size, step * len(lines))


def text_glyphs(text: str, width: float, height: float) -> tuple[FittedText, Glyphs]:
    """The note's text fitted into width x height and shaped, centred both ways."""
    fit = fitted(text, width, height)
    glyphs = shaped(fit.lines, fit.pixel_size, width, Qt.AlignmentFlag.AlignHCenter)
    top = max(0.0, (height - glyphs.height) / 2)
    return fit, Glyphs(glyphs.runs, QPointF(0.0, top), glyphs.pixel_size, glyphs.height)


@lru_cache(maxsize=512)
def label_glyphs(text: str, pixel_size: int, width: float, right: bool = False) -> Glyphs:
    """A one-line label (author, "hidden"), cut with an ellipsis when too long."""
    metrics = _measure().metrics(pixel_size)
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width) if text else ""
    align = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
    return shaped((shown,), pixel_size, width, align)
