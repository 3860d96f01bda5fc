"""The board as a vector picture in the PDFs (``BoardDrawing``): cluster frames with their
titles, notes as paper-coloured rectangles with their text where the scale leaves it
readable, and vote badges. ``structure`` draws a structured board on top of it."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from sprintdesk.domain.board import CLUSTER_PADDING, CLUSTER_TITLE_HEIGHT, NOTE_HEIGHT, NOTE_WIDTH
from sprintdesk.domain.summary import BoardSummary, NoteSummary

from . import style
from .escaping import clean, fit_line, markup
from .flowables import draw_runs
from .text import TextParagraph as Paragraph

BOARD_NOTE_CHARS = 180  # a note on the drawing shows at most this much of its text
MIN_TEXT_WIDTH = 40.0  # points: narrower notes are drawn without their text (too small to read)


def _frame_rects(board: BoardSummary) -> list[tuple[Any, float, float, float, float]]:
    """(cluster, left, top, right, bottom) of each cluster frame, in board units."""
    frames = []
    for cluster in board.clusters:
        if cluster.notes:
            left = min(min(n.x for n in cluster.notes) - CLUSTER_PADDING, cluster.x)
            top = min(min(n.y for n in cluster.notes) - CLUSTER_PADDING - CLUSTER_TITLE_HEIGHT, cluster.y)
            right = max(n.x for n in cluster.notes) + NOTE_WIDTH + CLUSTER_PADDING
            bottom = max(n.y for n in cluster.notes) + NOTE_HEIGHT + CLUSTER_PADDING
        else:
            left, top = cluster.x, cluster.y
            right, bottom = left + NOTE_WIDTH + 2 * CLUSTER_PADDING, top + CLUSTER_TITLE_HEIGHT + NOTE_HEIGHT
        frames.append((cluster, left, top, right, bottom))
    return frames


class BoardDrawing(Flowable):
    """The board as a vector picture, scaled to the frame: cluster frames with titles,
    notes as paper-coloured rectangles, their text where the scale leaves it readable."""

    MAX_SCALE = 0.75
    PAD = 12.0

    def __init__(self, board: BoardSummary, max_height: float, show_votes: bool = True) -> None:
        super().__init__()
        self.board = board
        self.max_height = max_height
        self.show_votes = show_votes  # the handout draws no badge for votes the room has not seen
        self.frames = _frame_rects(board)
        xs = [n.x for n in board.notes] + [f[1] for f in self.frames]
        ys = [n.y for n in board.notes] + [f[2] for f in self.frames]
        rights = [n.x + NOTE_WIDTH for n in board.notes] + [f[3] for f in self.frames]
        bottoms = [n.y + NOTE_HEIGHT for n in board.notes] + [f[4] for f in self.frames]
        if xs:
            self.box = (min(xs), min(ys), max(rights), max(bottoms))
        else:
            self.box = (0.0, 0.0, NOTE_WIDTH * 4, NOTE_HEIGHT * 2)
        self.scale = 1.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        left, top, right, bottom = self.box
        board_w, board_h = max(1.0, right - left), max(1.0, bottom - top)
        room_w = avail_width - 2 * self.PAD
        room_h = self.max_height - 2 * self.PAD
        self.scale = min(self.MAX_SCALE, room_w / board_w, room_h / board_h)
        self.width = avail_width
        self.height = board_h * self.scale + 2 * self.PAD
        return self.width, self.height

    def _point(self, x: float, y: float) -> tuple[float, float]:
        """Board units (y down) to flowable points (y up)."""
        left, top, _, _ = self.box
        content_w = (self.box[2] - left) * self.scale
        offset = (self.width - content_w) / 2
        return offset + (x - left) * self.scale, self.height - self.PAD - (y - top) * self.scale

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        style.board_background(canv, self.width, self.height)
        if not self.board.notes and not self.board.clusters:
            canv.setFont(style.FONT_ITALIC, 9)
            canv.setFillColor(style.MUTED)
            canv.drawCentredString(self.width / 2, self.height / 2 - 3, "This board has no notes yet.")
            canv.restoreState()
            return
        self._draw_frames()
        self._draw_notes()
        canv.restoreState()

    def _draw_frames(self) -> None:
        canv, scale = self.canv, self.scale
        title_size = max(5.0, min(11.0, 16 * scale))
        strip = CLUSTER_TITLE_HEIGHT * scale
        for cluster, left, top, right, bottom in self.frames:
            x0, y1 = self._point(left, top)
            x1, y0 = self._point(right, bottom)
            canv.setFillColor(colors.white)
            canv.setStrokeColor(style.edge(cluster.color))
            canv.setLineWidth(max(0.3, 1.5 * scale))
            canv.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=1)
            if cluster.title:
                canv.setFillColor(style.edge(cluster.color))
                title = fit_line(clean(cluster.title), style.FONT_BOLD, title_size, x1 - x0 - 4)
                inside = strip >= title_size + 3
                y = y1 - title_size - 2 if inside else y1 + 1.5
                draw_runs(canv, x0 + 2, y, title, style.FONT_BOLD, title_size)

    def _draw_notes(self) -> None:
        canv, scale = self.canv, self.scale
        note_w, note_h = NOTE_WIDTH * scale, NOTE_HEIGHT * scale
        by_color: dict[Any, list[NoteSummary]] = {}
        for note in self.board.notes:
            by_color.setdefault(note.color, []).append(note)
        canv.setLineWidth(max(0.2, 0.6 * scale))
        for color, notes in by_color.items():
            canv.setFillColor(style.paper(color))
            canv.setStrokeColor(style.edge(color))
            path = canv.beginPath()
            for note in notes:
                x, y = self._point(note.x, note.y)
                path.rect(x, y - note_h, note_w, note_h)
            canv.drawPath(path, stroke=1, fill=1)
        if note_w < MIN_TEXT_WIDTH:
            return
        styles = style.stylesheet()
        size = max(3.6, min(9.0, note_w / 11))
        note_style = styles["board_note"].clone("BoardNoteScaled", fontSize=size, leading=size * 1.2)
        inset = max(1.5, 6 * scale)
        for note in self.board.notes:
            x, y = self._point(note.x, note.y)
            text = note.text[: BOARD_NOTE_CHARS * 2]
            if len(text) > BOARD_NOTE_CHARS:
                text = text[:BOARD_NOTE_CHARS].rstrip() + "…"
            paragraph = Paragraph(markup(text), note_style)
            _, height = paragraph.wrap(note_w - 2 * inset, note_h)
            canv.saveState()
            clip = canv.beginPath()
            clip.rect(x, y - note_h, note_w, note_h)
            canv.clipPath(clip, stroke=0, fill=0)
            paragraph.drawOn(canv, x + inset, y - inset - height)
            canv.restoreState()
            if self.show_votes and (note.dots or note.supervotes):
                _badge(canv, x + note_w - inset, y - note_h + inset, note.dots + note.supervotes, size)


def _badge(canv: Canvas, x: float, y: float, count: int, size: float) -> None:
    radius = size * 0.9
    canv.setFillColor(style.INK)
    canv.circle(x - radius, y + radius, radius, stroke=0, fill=1)
    canv.setFillColor(colors.white)
    canv.setFont(style.FONT_BOLD, size * 0.9)
    canv.drawCentredString(x - radius, y + radius * 0.6, str(count))
