"""One sticky note on the board. It paints from the domain Note it mirrors; its text wraps
and shrinks to fit, and with DeviceCoordinateCache Qt repaints it only when it changes."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QStaticText, QTextOption
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH, Note
from sprintdesk.ui.board.look import BoardLook, is_presenter
from sprintdesk.ui.board.palette import COVER, INK, paper, qcolor

PADDING = 10.0
FOOTER = 16.0
MAX_PX = 22
MIN_PX = 9
TEXT_FLAGS = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)


@lru_cache(maxsize=65536)
def fitted_pixel_size(text: str, width: float, height: float) -> tuple[int, bool]:
    """Largest font size (px) at which ``text`` wraps into width x height, and whether it
    still overflows at the smallest size (then it is cut with a marker)."""
    font = QFont()
    for size in range(MAX_PX, MIN_PX - 1, -1):
        font.setPixelSize(size)
        metrics = QFontMetricsF(font)
        needed = metrics.boundingRect(QRectF(0, 0, width, 100_000), TEXT_FLAGS, text)
        if needed.width() > width + 0.5:  # a word longer than a line breaks anywhere, as drawn
            needed = metrics.boundingRect(
                QRectF(0, 0, width, 100_000), TEXT_FLAGS | int(Qt.TextFlag.TextWrapAnywhere), text
            )
        if needed.height() <= height:
            return size, False
    return MIN_PX, True


_EDGE = QColor(0, 0, 0, 70)


@lru_cache(maxsize=1)
def _small_font() -> QFont:
    """Made on first use: a QFont needs the application to exist."""
    font = QFont()
    font.setPixelSize(10)
    return font


class NoteItem(QGraphicsItem):
    def __init__(self, note: Note, look: BoardLook, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.note = note
        self.look = look
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
        )
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setPos(note.x, note.y)
        self._static: tuple[QStaticText, QFont, bool] | None = None

    @property
    def note_id(self) -> int:
        assert self.note.id is not None
        return self.note.id

    def set_note(self, note: Note) -> None:
        moved = (note.x, note.y) != (self.note.x, self.note.y)
        changed = note != self.note
        if note.text != self.note.text:
            self._static = None
        self.note = note
        if moved:
            self.setPos(note.x, note.y)
        if changed:
            self.update()

    def _text(self, box: QRectF) -> tuple[QStaticText, QFont, bool]:
        """The note's text laid out once (wrapped, shrunk to fit) and reused on every paint."""
        if self._static is None:
            size, overflow = fitted_pixel_size(self.note.text, box.width(), box.height())
            font = QFont()
            font.setPixelSize(size)
            static = QStaticText(self.note.text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.setTextWidth(box.width())
            option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            static.setTextOption(option)
            self._static = (static, font, overflow)
        return self._static

    def boundingRect(self) -> QRectF:
        return QRectF(-2, -12, NOTE_WIDTH + 6, NOTE_HEIGHT + 18)  # room for the dots badge

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        presenter = is_presenter(widget)
        note, look = self.note, self.look
        body = QRectF(0, 0, NOTE_WIDTH, NOTE_HEIGHT)
        dimmed = note.id in look.filtered_out
        # square paper and one plain fill: each antialiased path or blended fill of a note's size
        # costs 40-80 us in software, and a zoom frame repaints every visible note
        covered = note.covered and presenter
        fill = QColor(qcolor(COVER) if covered else paper(look.fill_for(note.color, note.author_id)))
        if dimmed:
            fill.setAlphaF(0.25)
        painter.fillRect(body, fill)
        painter.setPen(_EDGE)
        painter.drawLine(QPointF(1, NOTE_HEIGHT), QPointF(NOTE_WIDTH, NOTE_HEIGHT))  # a hint of depth
        selected = self.isSelected() and not presenter
        outline = None
        if note.id is not None and note.id == look.current_match:
            outline = QPen(QColor("#dc2626"), 4)
        elif note.id in look.matches:
            outline = QPen(QColor("#2563eb"), 3)
        elif selected:
            outline = QPen(QColor("#2563eb"), 3, Qt.PenStyle.DashLine)
        if outline is not None:
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(body)
        ink = QColor(INK)
        if dimmed:
            ink.setAlphaF(0.3)
        painter.setPen(ink)
        text_box = body.adjusted(PADDING, PADDING, -PADDING, -PADDING - FOOTER)
        if covered:
            font = QFont(painter.font())
            font.setPixelSize(14)
            painter.setFont(font)
            painter.drawText(text_box, TEXT_FLAGS, "✎ writing…")
        else:
            static, font, overflow = self._text(text_box)
            painter.setFont(font)
            height = static.size().height()
            top = text_box.top() + max(0.0, (text_box.height() - height) / 2)
            if overflow:  # clipping costs; only a note too long to fit needs it
                painter.save()
                painter.setClipRect(text_box)
            painter.drawStaticText(QPointF(text_box.left(), top), static)
            if overflow:
                painter.restore()
                painter.drawText(
                    QRectF(text_box.left(), text_box.bottom() - 2, text_box.width(), FOOTER),
                    int(Qt.AlignmentFlag.AlignRight),
                    "…",
                )
        author = look.author_label(note.author_id) if not covered else ""
        if author or (note.covered and not presenter):
            self._paint_footer(painter, author, ink, presenter)
        self._paint_dots(painter, presenter)

    def _paint_footer(self, painter: QPainter, author: str, ink: QColor, presenter: bool) -> None:
        note = self.note
        footer = QRectF(PADDING, NOTE_HEIGHT - FOOTER - 4, NOTE_WIDTH - 2 * PADDING, FOOTER)
        painter.setFont(_small_font())
        faint = QColor(ink)
        faint.setAlphaF(0.6 * ink.alphaF())
        painter.setPen(faint)
        if author:
            painter.drawText(footer, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), author)
        if note.covered and not presenter:
            painter.drawText(
                footer, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), "hidden"
            )

    def _paint_dots(self, painter: QPainter, presenter: bool) -> None:
        look, note_id = self.look, self.note.id
        if note_id is None:
            return
        mine = 0 if presenter else look.voter_dots.get(note_id, 0)
        tally = look.tallies.get(note_id) if look.revealed else None
        label = ""
        if tally is not None:
            parts = [f"● {tally.dots}"] if tally.dots else []
            parts += [f"★ {tally.supervotes}"] if tally.supervotes else []
            label = "  ".join(parts)
        elif mine:
            label = "●" * min(mine, 5)  # the facilitator's own entry for the picked voter
        if not label:
            return
        font = QFont(painter.font())
        font.setPixelSize(15)
        font.setBold(True)
        painter.setFont(font)
        width = QFontMetricsF(font).horizontalAdvance(label) + 14
        badge = QRectF(NOTE_WIDTH - width - 4, -10, width, 22)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#1d4ed8") if tally is not None else QColor("#6b7280"))
        painter.drawRoundedRect(badge, 11, 11)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), label)
