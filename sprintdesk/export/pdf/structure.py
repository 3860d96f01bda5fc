"""Boards with a structure in the PDFs: the drawing shows the columns, lanes, quadrants or grid
(with its axes) behind the notes, and the note lists go region by region."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether

from sprintdesk.domain.board import NOTE_WIDTH
from sprintdesk.domain.board_regions import (
    group_by_region,
)
from sprintdesk.domain.board_structure import (
    AXIS_MARGIN,
    LANE_TITLE,
    TITLE_BAND,
    BoardStructure,
    StructureKind,
)
from sprintdesk.domain.summary import BoardSummary, NoteSummary

from . import style
from .board_map import BoardMap, needs_map
from .drawing import BoardDrawing
from .escaping import fit_line, ltr_end, markup, shorten
from .flowables import Bookmark, draw_runs, runs_width
from .parts import note_line, p, raw, side_width, votes_text
from .text import draw_line

REGION_FILL = colors.HexColor("#f9fafb")
BAND_FILL = colors.HexColor("#eef0f3")
LINE = colors.HexColor("#b8bec8")
TITLE_INK = colors.HexColor("#374151")


def board_drawing(board: BoardSummary, max_height: float, show_votes: bool) -> Flowable:
    """The board's drawing, with its structure when it has one; a map of its clusters when
    its notes could not be read on the page (see ``board_map``). Votes only with
    ``show_votes``."""
    drawing: BoardDrawing
    if board.structure is None:
        drawing = BoardDrawing(board, max_height, show_votes)
    else:
        drawing = StructuredBoardDrawing(board, max_height, show_votes)
    drawing.wrap(style.FRAME_WIDTH, max_height)
    if needs_map(board, NOTE_WIDTH * drawing.scale):
        return BoardMap(board, max_height, show_votes)
    return drawing


class StructuredBoardDrawing(BoardDrawing):
    def __init__(self, board: BoardSummary, max_height: float, show_votes: bool = True) -> None:
        super().__init__(board, max_height, show_votes)
        assert board.structure is not None
        self.structure: BoardStructure = board.structure
        left, top, right, bottom = self.structure.outer_bounds()
        if board.notes or board.clusters:
            box = self.box
            left, top = min(left, box[0]), min(top, box[1])
            right, bottom = max(right, box[2]), max(bottom, box[3])
        self.box = (left, top, right, bottom)

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        style.board_background(canv, self.width, self.height)
        self._draw_structure()
        if self.board.notes or self.board.clusters:
            self._draw_frames()
            self._draw_notes()
        canv.restoreState()

    def _rect(
        self, left: float, top: float, right: float, bottom: float
    ) -> tuple[float, float, float, float]:
        x0, y1 = self._point(left, top)
        x1, y0 = self._point(right, bottom)
        return x0, y0, x1 - x0, y1 - y0

    def _draw_structure(self) -> None:
        canv, structure, scale = self.canv, self.structure, self.scale
        kind = structure.kind
        canv.setLineWidth(max(0.4, 3 * scale))
        for region in structure.regions:
            x, y, w, h = self._rect(region.left, region.top, region.right, region.bottom)
            canv.setFillColor(REGION_FILL)
            canv.setStrokeColor(LINE)
            canv.rect(x, y, w, h, stroke=1, fill=1)
            if kind is StructureKind.LANES:
                band = min(LANE_TITLE, region.width / 3) * scale
                canv.setFillColor(BAND_FILL)
                canv.rect(x, y, band, h, stroke=0, fill=1)
                self._title(region.title, x + band / 2, y + h / 2, band - 6, max(5.0, min(14.0, 44 * scale)))
            elif kind is StructureKind.GRID:
                if structure.titles[region.index]:
                    size = max(5.0, min(12.0, 48 * scale))
                    text = fit_line(region.title, style.FONT_BOLD, size, w - 8)
                    canv.setFillColor(TITLE_INK)
                    draw_runs(canv, x + 32 * scale, y + h - 16 * scale - size, text, style.FONT_BOLD, size)
            else:
                band = min(TITLE_BAND, region.height / 3) * scale
                canv.setFillColor(BAND_FILL)
                canv.rect(x, y + h - band, w, band, stroke=0, fill=1)
                size = max(5.0, min(16.0, 64 * scale))
                self._title(region.title, x + w / 2, y + h - band / 2, w - 6, size)
        if kind is StructureKind.GRID:
            self._draw_axes()

    def _title(self, text: str, center_x: float, center_y: float, width: float, size: float) -> None:
        line = fit_line(text, style.FONT_BOLD, size, max(8.0, width))
        self.canv.setFillColor(TITLE_INK)
        draw_runs(
            self.canv,
            center_x - runs_width(line, style.FONT_BOLD, size) / 2,
            center_y - size * 0.35,
            line,
            style.FONT_BOLD,
            size,
        )

    def _draw_axes(self) -> None:
        canv, structure, scale = self.canv, self.structure, self.scale
        assert structure.x_axis is not None and structure.y_axis is not None
        gap = AXIS_MARGIN * 0.28
        label = max(5.0, min(11.0, 40 * scale))
        end = max(4.5, min(9.0, 30 * scale))
        head = max(2.5, 22 * scale)
        bold = style.FONT_BOLD
        canv.setStrokeColor(TITLE_INK)
        canv.setFillColor(TITLE_INK)
        canv.setLineWidth(max(0.6, 5 * scale))
        # horizontal: under the grid, pointing right
        x0, y = self._point(structure.x, structure.y + structure.height + gap)
        x1, _ = self._point(structure.x + structure.width, structure.y)
        canv.line(x0, y, x1 - head, y)
        self._head(x1, y, 1, 0, head)
        x_label = f"{ltr_end(structure.x_axis.label)} →"
        draw_line(canv, (x0 + x1) / 2, y - head - label, x_label, bold, label, "middle", rtl=False)
        canv.setFillColor(style.MUTED)
        draw_line(canv, x0, y - end - 2, structure.x_axis.low, style.FONT, end)
        draw_line(canv, x1 - head, y - end - 2, structure.x_axis.high, style.FONT, end, "end")
        # vertical: left of the grid, pointing up
        x, y0 = self._point(structure.x - gap, structure.y + structure.height)
        _, y1 = self._point(structure.x, structure.y)
        canv.setFillColor(TITLE_INK)
        canv.line(x, y0, x, y1 - head)
        self._head(x, y1, 0, 1, head)
        canv.saveState()
        canv.translate(x, (y0 + y1) / 2)
        canv.rotate(90)
        y_label = f"{ltr_end(structure.y_axis.label)} →"
        draw_line(canv, 0, head + 2, y_label, bold, label, "middle", rtl=False)
        canv.setFillColor(style.MUTED)
        half = (y1 - y0) / 2
        draw_line(canv, -half, 3, structure.y_axis.low, style.FONT, end)
        draw_line(canv, half - head, 3, structure.y_axis.high, style.FONT, end, "end")
        canv.restoreState()

    def _head(self, x: float, y: float, dx: float, dy: float, size: float) -> None:
        path = self.canv.beginPath()
        path.moveTo(x, y)
        path.lineTo(x - dx * size - dy * size * 0.55, y - dy * size + dx * size * 0.55)
        path.lineTo(x - dx * size + dy * size * 0.55, y - dy * size - dx * size * 0.55)
        path.close()
        self.canv.drawPath(path, stroke=0, fill=1)


def region_listing(board: BoardSummary, show_votes: bool, authors: bool, key: str = "") -> list[Flowable]:
    """Each region as a heading (and, with ``key``, an outline entry), its clusters (with their
    notes in that region) and its other notes; the notes outside every region last. [] for a
    board without a structure."""
    if board.structure is None:
        return []
    side = side_width(board.notes, show_votes, authors)
    story: list[Flowable] = []
    for index, (region, notes) in enumerate(group_by_region(board.structure, board.notes)):
        name = shorten(region.title, 200) if region else "Outside the structure"
        if key:
            story.append(Bookmark(f"{key}-region-{index}", name, level=1))
        title = markup(name)
        count = len(notes)
        heading = raw(
            f'{title} <font size="8" color="#6b7280">{count} note{"s" if count != 1 else ""}</font>', "h2"
        )
        if not notes:
            story.append(KeepTogether([heading, p("No notes in this region.", "empty")]))
            continue
        first = True
        # By membership, not by title: two clusters may share a title.
        groups = [(c, [n for n in notes if n in c.notes]) for c in board.clusters]
        groups = [(c, members) for c, members in groups if members]
        titles = [c.title for c, _ in groups]
        for cluster, members in groups:
            cluster_title = cluster.title
            lines = [note_line(note, show_votes, authors, side) for note in members]
            votes = votes_text(cluster.dots, cluster.supervotes) if show_votes else ""
            extra = f"{len(members)} note{'s' if len(members) != 1 else ''}" + (
                f" · {votes}" if votes else ""
            )
            cluster_markup = markup(shorten(cluster_title, 200))
            sub = raw(f'{cluster_markup} <font size="8" color="#6b7280">{extra}</font>', "h3")
            story.append(KeepTogether([heading, sub, lines[0]] if first else [sub, lines[0]]))
            story.extend(lines[1:])
            first = False
        loose: list[NoteSummary] = [note for note in notes if not note.cluster]
        if loose:
            lines = [note_line(note, show_votes, authors, side) for note in loose]
            block: list[Flowable] = [p("Not in a cluster", "h3")] if titles else []
            story.append(KeepTogether(([heading] if first else []) + block + lines[:1]))
            story.extend(lines[1:])
    return story
