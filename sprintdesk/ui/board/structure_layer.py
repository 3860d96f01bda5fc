"""The board's background structure (columns, lanes, quadrants, a 2x2 grid with axes), drawn
in the scene's background layer (BoardScene.drawBackground), behind the clusters and notes.
Its geometry, fonts and titles are worked out once when the structure changes; a paint is a
handful of opaque rectangles, lines and texts, whatever the number of notes (about 0.5 ms for a
full 1600 x 900 frame in software). Not being an item, it takes no clicks: rubber-band
selection and double-click work on it as on the bare board."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from sprintdesk.domain.board_structure import (
    AXIS_MARGIN,
    LANE_TITLE,
    PAD,
    TITLE_BAND,
    BoardStructure,
    StructureKind,
)
from sprintdesk.ui.shared import theme

TITLE_PX = 64  # a column's or quadrant's title at 100 %: legible from the back of the room zoomed out
LANE_PX = 44
GRID_NAME_PX = 48
AXIS_PX = 40
END_PX = 30
_ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_START = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
_ALIGN_END = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
_ALIGN_START_TURNED = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)  # next to the axis
_ALIGN_END_TURNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)


@dataclass(frozen=True, slots=True)
class _Look:
    fill: QColor
    band: QColor
    line: QColor
    title: QColor
    faint: QColor


_LOOKS: dict[bool, _Look] = {}


# (fill, band, line, title, faint) by dark: the titles and faint axis ends are text on the fill
# and the band (tests/ui/test_ui_contrast_palettes.py)
SHADES = {
    True: ("#22262b", "#2b3036", "#4b5563", "#d1d5db", "#9ca3af"),
    False: ("#f8f8f9", "#ececee", "#c4c9d2", "#374151", "#4b5563"),
}


def _look(dark: bool) -> _Look:
    """Light or dark, read at paint time (made once per scheme, not per exposed rectangle).
    Opaque colours: a blended fill over the whole view costs a few milliseconds a frame in
    software."""
    if dark not in _LOOKS:
        _LOOKS[dark] = _Look(*(QColor(shade) for shade in SHADES[dark]))
    return _LOOKS[dark]


def _font(px: int, bold: bool = True) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def _elided(text: str, font: QFont, width: float) -> str:
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, max(10.0, width))


class StructureLayer:
    def __init__(self) -> None:
        self.structure: BoardStructure | None = None
        self.dark = theme.is_dark  # the presenter view's board: theme.presenter_is_dark
        self._bounds = QRectF()
        self._rects: list[QRectF] = []
        self._titles: list[tuple[QRectF, str, QFont, int]] = []  # box, text, font, flags
        self._bands: list[QRectF] = []
        self._axes: list[tuple[QLineF, QPolygonF]] = []
        self._axis_texts: list[tuple[QRectF, str, QFont, int, bool]] = []  # ..., rotated

    def set_structure(self, structure: BoardStructure | None) -> bool:
        """True when it changed (the background needs painting again)."""
        if structure == self.structure:
            return False
        self.structure = structure
        self._layout()
        return True

    def outer_rect(self) -> QRectF:
        """What the structure covers on the board, axis labels included (null without one)."""
        if self.structure is None:
            return QRectF()
        left, top, right, bottom = self.structure.outer_bounds()
        return QRectF(left, top, right - left, bottom - top)

    # -- geometry, once per structure --------------------------------------------------------
    def _layout(self) -> None:
        self._rects, self._titles, self._bands, self._axes, self._axis_texts = [], [], [], [], []
        structure = self.structure
        if structure is None:
            self._bounds = QRectF()
            return
        self._bounds = self.outer_rect().adjusted(-8, -8, 8, 8)
        kind = structure.kind
        for region in structure.regions:
            rect = QRectF(region.left, region.top, region.width, region.height)
            self._rects.append(rect)
            if kind is StructureKind.LANES:
                band = QRectF(rect.left(), rect.top(), min(LANE_TITLE, rect.width() / 3), rect.height())
                self._bands.append(band)
                font = _font(LANE_PX)
                box = band.adjusted(PAD / 2, PAD / 2, -PAD / 2, -PAD / 2)
                self._titles.append((box, region.title, font, _ALIGN_CENTER))
            elif kind is StructureKind.GRID:
                if structure.titles[region.index]:
                    font = _font(GRID_NAME_PX)
                    box = QRectF(
                        rect.left() + PAD, rect.top() + PAD / 2, rect.width() - 2 * PAD, TITLE_BAND * 0.7
                    )
                    self._titles.append((box, _elided(region.title, font, box.width()), font, _ALIGN_LEFT))
            else:
                band = QRectF(rect.left(), rect.top(), rect.width(), min(TITLE_BAND, rect.height() / 3))
                self._bands.append(band)
                font = _font(TITLE_PX)
                box = band.adjusted(PAD / 2, 0, -PAD / 2, 0)
                self._titles.append((box, _elided(region.title, font, box.width()), font, _ALIGN_CENTER))
        if kind is StructureKind.GRID:
            self._layout_axes(structure)

    def _layout_axes(self, structure: BoardStructure) -> None:
        assert structure.x_axis is not None and structure.y_axis is not None
        left, top = structure.x, structure.y
        right, bottom = left + structure.width, top + structure.height
        gap = AXIS_MARGIN * 0.28
        # the horizontal axis under the grid, pointing right
        y = bottom + gap
        self._axes.append((QLineF(left, y, right - 4, y), _arrow_head(QPointF(right, y), 1, 0)))
        label_font, end_font = _font(AXIS_PX), _font(END_PX, bold=False)
        below = QRectF(left, y + 8, structure.width - 30, AXIS_MARGIN - gap - 8)  # clear of the arrow
        self._axis_texts += [
            (below, f"{structure.x_axis.label} →", label_font, _ALIGN_CENTER, False),
            (below, structure.x_axis.low, end_font, _ALIGN_START, False),
            (below, structure.x_axis.high, end_font, _ALIGN_END, False),
        ]
        # the vertical axis left of the grid, pointing up; its texts drawn turned a quarter left
        x = left - gap
        self._axes.append((QLineF(x, bottom, x, top + 4), _arrow_head(QPointF(x, top), 0, -1)))
        beside = QRectF(0, 0, structure.height - 30, AXIS_MARGIN - gap - 8)  # turned; clear of the arrow
        self._axis_texts += [
            (beside, f"{structure.y_axis.label} →", label_font, _ALIGN_CENTER, True),
            (beside, structure.y_axis.low, end_font, _ALIGN_START_TURNED, True),
            (beside, structure.y_axis.high, end_font, _ALIGN_END_TURNED, True),
        ]

    # -- painting ----------------------------------------------------------------------------
    def paint(self, painter: QPainter, exposed: QRectF) -> None:
        """Draw what of the structure lies in ``exposed`` (scene coordinates)."""
        structure = self.structure
        if structure is None or not exposed.intersects(self._bounds):
            return
        look = _look(self.dark())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # straight edges: no need, and cheaper
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(look.fill)
        painter.drawRects(self._rects)
        painter.setBrush(look.band)
        painter.drawRects(self._bands)
        pen = QPen(look.line, 3)
        pen.setCosmetic(False)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRects(self._rects)
        painter.restore()
        for box, text, font, flags in self._titles:
            painter.setFont(font)
            painter.setPen(look.title)
            painter.drawText(box, flags, text)
        if self._axes:
            self._paint_axes(painter, look, structure)

    def _paint_axes(self, painter: QPainter, look: _Look, structure: BoardStructure) -> None:
        painter.setPen(QPen(look.title, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.setBrush(look.title)
        for line, head in self._axes:
            painter.drawLine(line)
            painter.drawPolygon(head)
        for box, text, font, flags, rotated in self._axis_texts:
            painter.setFont(font)
            painter.setPen(look.title if font.bold() else look.faint)
            if not rotated:
                painter.drawText(box, flags, text)
                continue
            painter.save()
            gap = AXIS_MARGIN * 0.28
            painter.translate(structure.x - gap - 8, structure.y + structure.height)
            painter.rotate(-90)
            painter.drawText(box.translated(0, -box.height()), flags, text)
            painter.restore()


def _arrow_head(tip: QPointF, dx: float, dy: float, size: float = 22.0) -> QPolygonF:
    """A filled triangle pointing along (dx, dy) with its point at ``tip``."""
    back = QPointF(tip.x() - dx * size, tip.y() - dy * size)
    side = QPointF(-dy * size * 0.55, dx * size * 0.55)
    return QPolygonF([tip, back + side, back - side])
