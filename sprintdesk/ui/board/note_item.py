"""One sticky note on the board. It paints from the domain Note it mirrors. Its text is fitted
by ``domain.note_text`` (the largest size that wraps at word boundaries into the note, an
ellipsis and a tooltip when even the smallest does not fit), shaped once into glyph runs and
drawn whenever it is large enough on screen to be read; smaller, the note is a colour block.
With DeviceCoordinateCache Qt repaints a note only when it or the zoom changes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH, Note
from sprintdesk.domain.note_text import READABLE_PX, FittedText
from sprintdesk.ui.board.look import BoardLook, is_presenter
from sprintdesk.ui.board.note_glyphs import Glyphs, label_glyphs, largest_possible, text_glyphs
from sprintdesk.ui.board.palette import COVER, INK, paper, qcolor

PADDING = 8.0  # above and below the text
SIDE = 5.0  # left and right of it: a long word ("programming") sets how large the text can be
FOOTER = 15.0  # the author's name (and "hidden") under the text
FOOTER_PX = 11
COVER_TEXT = "✎ writing…"
BODY = QRectF(0, 0, NOTE_WIDTH, NOTE_HEIGHT)
TEXT_WIDTH = NOTE_WIDTH - 2 * SIDE
FULL_HEIGHT = NOTE_HEIGHT - 2 * PADDING  # the text's height when there is no footer
SHORT_HEIGHT = FULL_HEIGHT - FOOTER
_EDGE = QColor(0, 0, 0, 70)
FOOTER_ALPHA = 0.8  # the author's name: the note's ink, fainter (contrast: test_ui_contrast_palettes.py)
BADGE_REVEALED, BADGE_MINE, BADGE_TEXT = "#1d4ed8", "#6b7280", "#ffffff"  # the vote badge
_INK = QColor(INK)
_EDGE_FROM, _EDGE_TO = QPointF(1, NOTE_HEIGHT), QPointF(NOTE_WIDTH, NOTE_HEIGHT)


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
        self._glyphs: tuple[bool, FittedText, Glyphs] | None = None  # (with footer, fit, runs)

    @property
    def note_id(self) -> int:
        assert self.note.id is not None
        return self.note.id

    def set_note(self, note: Note) -> None:
        moved = (note.x, note.y) != (self.note.x, self.note.y)
        changed = note != self.note
        if note.text != self.note.text:
            self._glyphs = None
        self.note = note
        if moved:
            self.setPos(note.x, note.y)
        if changed:
            self.update()

    def fitted_text(self, footer: bool | None = None) -> FittedText:
        """How the text is set: size, lines, whether it was cut (fitted on first use)."""
        if footer is None:
            footer = bool(self.look.author_label(self.note.author_id))
        return self._text(footer)[0]

    def _text(self, footer: bool) -> tuple[FittedText, Glyphs]:
        cached = self._glyphs
        if cached is None or cached[0] != footer:
            fit, glyphs = text_glyphs(self.note.text, TEXT_WIDTH, SHORT_HEIGHT if footer else FULL_HEIGHT)
            self.setToolTip(self.note.text if fit.elided else "")
            cached = self._glyphs = (footer, fit, glyphs)
        return cached[1], cached[2]

    def boundingRect(self) -> QRectF:
        return QRectF(-2, -12, NOTE_WIDTH + 6, NOTE_HEIGHT + 18)  # room for the dots badge

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        note, look = self.note, self.look
        presenter = look.room or is_presenter(widget)
        dimmed = note.id in look.filtered_out
        # square paper and one plain fill: each antialiased path or blended fill of a note's size
        # costs 40-80 us in software, and a zoom frame repaints every visible note
        covered = note.covered and presenter
        fill = qcolor(COVER) if covered else paper(look.fill_for(note.color, note.author_id))
        if dimmed:
            fill = QColor(fill)
            fill.setAlphaF(0.25)
        painter.fillRect(BODY, fill)
        painter.setPen(_EDGE)
        painter.drawLine(_EDGE_FROM, _EDGE_TO)  # a hint of depth
        if look.matches or look.current_match is not None or self.isSelected():
            self._paint_outline(painter, presenter)
        scale = painter.worldTransform().m11()  # board views scale evenly and never rotate
        author = "" if covered else look.author_label(note.author_id)
        footer = bool(author) or (note.covered and not presenter)
        height = SHORT_HEIGHT if footer else FULL_HEIGHT
        if not covered and largest_possible(note.text, TEXT_WIDTH, height) * scale < READABLE_PX:
            fit, glyphs = None, None  # unreadable whatever its size: not even fitted
        elif covered:
            fit, glyphs = None, label_glyphs(COVER_TEXT, 14, TEXT_WIDTH)
        else:
            fit, glyphs = self._text(footer)
        if glyphs is not None and glyphs.pixel_size * scale >= READABLE_PX:  # else a colour block
            ink = _INK
            if dimmed:
                ink = QColor(_INK)
                ink.setAlphaF(0.3)
            painter.setPen(ink)
            top = PADDING + (glyphs.origin.y() if fit is not None else (FULL_HEIGHT - glyphs.height) / 2)
            where = QPointF(SIDE, top)
            for run in glyphs.runs:
                painter.drawGlyphRun(where, run)
            if footer and FOOTER_PX * scale >= READABLE_PX:
                self._paint_footer(painter, author, ink, presenter)
        if look.voter_dots or look.revealed:
            self._paint_dots(painter, presenter)

    def _paint_outline(self, painter: QPainter, presenter: bool) -> None:
        note_id, look = self.note.id, self.look
        if note_id is not None and note_id == look.current_match:
            outline = QPen(QColor("#dc2626"), 4)
        elif note_id in look.matches:
            outline = QPen(QColor("#2563eb"), 3)
        elif self.isSelected() and not presenter:
            outline = QPen(QColor("#2563eb"), 3, Qt.PenStyle.DashLine)
        else:
            return
        painter.setPen(outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(BODY)

    def _paint_footer(self, painter: QPainter, author: str, ink: QColor, presenter: bool) -> None:
        faint = QColor(ink)
        faint.setAlphaF(FOOTER_ALPHA * ink.alphaF())
        painter.setPen(faint)
        top = QPointF(SIDE, NOTE_HEIGHT - PADDING - FOOTER + 1)
        if author:
            for run in label_glyphs(author, FOOTER_PX, TEXT_WIDTH).runs:
                painter.drawGlyphRun(top, run)
        if self.note.covered and not presenter:
            for run in label_glyphs("hidden", FOOTER_PX, TEXT_WIDTH, True).runs:
                painter.drawGlyphRun(top, run)

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
        painter.setBrush(QColor(BADGE_REVEALED) if tally is not None else QColor(BADGE_MINE))
        painter.drawRoundedRect(badge, 11, 11)
        painter.setPen(QColor(BADGE_TEXT))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), label)
