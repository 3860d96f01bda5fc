"""A board too big to draw note by note, as a map of its clusters (``BoardMap``): one tile per
cluster with its title, its note count, its votes where they may be shown and a bar as long
as its share of the notes; the notes in no cluster are one more tile (one per region on a
structured board).

When the map replaces the drawing (``needs_map``): above ``MAP_NOTES`` notes, or whenever the
drawing would make a note narrower than ``MIN_NOTE_POINTS``. Why 150: the drawing writes a
note's text only when the note is at least 40 points wide (its text then 3.6 points, about
the smallest print anyone reads), and a 40 x 30 point note with its gap needs about
44 x 33 points; the summary's drawing area (493 x 468 points on A4) holds 11 x 14 = 154 such
notes packed edge to edge, with no cluster frames and no empty space. Past about 150 notes,
no layout of the board leaves its notes readable on the page: the drawing would be coloured
specks (a 2,000-note board was a solid bar), so the page shows what can be read instead."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.platypus import Flowable

from sprintdesk.domain.board import NoteColor
from sprintdesk.domain.board_regions import group_by_region
from sprintdesk.domain.summary import BoardSummary

from . import style
from .escaping import clean, fit_line
from .flowables import draw_runs

MAP_NOTES = 150
MIN_NOTE_POINTS = 8.0  # a note drawn narrower than this is a speck, whatever the count
TITLE_SIZE = 8.5
DETAIL_SIZE = 7.5
TILE_HEIGHT = 38.0
TILE_MIN_WIDTH = 92.0
TILE_MAX_WIDTH = 240.0
GAP = 6.0
PAD = 10.0
CAPTION = 14.0  # the line above the tiles


@dataclass(frozen=True, slots=True)
class Tile:
    title: str
    color: NoteColor
    notes: int
    dots: int = 0
    supervotes: int = 0
    loose: bool = False


def needs_map(board: BoardSummary, note_width: float) -> bool:
    """Whether ``board``, whose notes the drawing would make ``note_width`` points wide,
    is shown as a map."""
    return len(board.notes) > MAP_NOTES or (bool(board.notes) and note_width < MIN_NOTE_POINTS)


def tiles(board: BoardSummary) -> list[Tile]:
    """The clusters in the board's order, then the notes in no cluster (per region)."""
    found = [
        Tile(clean(c.title).strip() or "Untitled cluster", c.color, len(c.notes), c.dots, c.supervotes)
        for c in board.clusters
    ]
    loose = board.loose_notes
    if not loose:
        return found
    name = "Not in a cluster" if board.clusters else "Notes"
    if board.structure is None:
        return [*found, Tile(name, NoteColor.GREY, len(loose), loose=True)]
    for region, notes in group_by_region(board.structure, loose):
        if notes:
            where = clean(region.title).strip() if region is not None else "outside the structure"
            title = f"{name} · {where or 'untitled region'}"
            found.append(Tile(title, NoteColor.GREY, len(notes), loose=True))
    return found


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class BoardMap(Flowable):
    """The tiles in a grid that fits the width and at most ``max_height``; tiles that do not
    fit become a last "and N more" tile (every cluster is in the list after the map)."""

    def __init__(self, board: BoardSummary, max_height: float, show_votes: bool) -> None:
        super().__init__()
        self.board = board
        self.max_height = max_height
        self.show_votes = show_votes
        self.tiles = tiles(board)
        self.columns = 1
        self.shown: list[Tile] = []
        self.hidden: list[Tile] = []
        self.tile_width = 0.0

    def _layout(self, width: float) -> None:
        count = max(1, len(self.tiles))
        room = width - 2 * PAD
        most = max(1, int((room + GAP) // (TILE_MIN_WIDTH + GAP)))
        fewest = min(count, most, max(1, math.ceil((room + GAP) / (TILE_MAX_WIDTH + GAP))))
        rows_room = max(1, int((self.max_height - 2 * PAD - CAPTION + GAP) // (TILE_HEIGHT + GAP)))
        columns = next((c for c in range(fewest, most + 1) if math.ceil(count / c) <= rows_room), most)
        self.columns = columns
        self.tile_width = (room - (columns - 1) * GAP) / columns
        capacity = columns * rows_room
        if len(self.tiles) > capacity:
            self.shown, self.hidden = self.tiles[: capacity - 1], self.tiles[capacity - 1 :]
        else:
            self.shown, self.hidden = list(self.tiles), []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._layout(avail_width)
        rows = math.ceil((len(self.shown) + (1 if self.hidden else 0)) / self.columns)
        self.width = avail_width
        self.height = 2 * PAD + CAPTION + rows * TILE_HEIGHT + max(0, rows - 1) * GAP
        return self.width, self.height

    def _caption(self) -> str:
        board = self.board
        clusters = len(board.clusters)
        text = f"Map of the board: {_plural(len(board.notes), 'note')}"
        if clusters:
            text += f" in {_plural(clusters, 'cluster')}"
        return text + "; each tile's bar is its share of the notes. Every note is listed below."

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        style.board_background(canv, self.width, self.height)
        canv.setFillColor(style.MUTED)
        caption = fit_line(self._caption(), style.FONT, DETAIL_SIZE, self.width - 2 * PAD)
        draw_runs(canv, PAD, self.height - PAD - DETAIL_SIZE, caption, style.FONT, DETAIL_SIZE)
        most = max((tile.notes for tile in self.tiles), default=1) or 1
        entries: list[Tile] = list(self.shown)
        if self.hidden:
            entries.append(self._more())
        for index, tile in enumerate(entries):
            row, column = divmod(index, self.columns)
            x = PAD + column * (self.tile_width + GAP)
            top = self.height - PAD - CAPTION - row * (TILE_HEIGHT + GAP)
            self._tile(tile, x, top, most)
        canv.restoreState()

    def _more(self) -> Tile:
        notes = sum(tile.notes for tile in self.hidden)
        title = f"and {_plural(len(self.hidden), 'more group')}"
        return Tile(title, NoteColor.GREY, notes, loose=True)

    def _tile(self, tile: Tile, x: float, top: float, most: int) -> None:
        canv, width = self.canv, self.tile_width
        bottom = top - TILE_HEIGHT
        canv.setFillColor(colors.white)
        canv.setStrokeColor(style.edge(tile.color) if not tile.loose else style.RULE)
        canv.setLineWidth(0.8)
        canv.rect(x, bottom, width, TILE_HEIGHT, stroke=1, fill=1)
        canv.setFillColor(style.edge(tile.color) if not tile.loose else style.MUTED)
        canv.rect(x, bottom, 3, TILE_HEIGHT, stroke=0, fill=1)
        canv.setFillColor(style.INK)
        title = fit_line(tile.title, style.FONT_BOLD, TITLE_SIZE, width - 10)
        draw_runs(canv, x + 7, top - 4 - TITLE_SIZE, title, style.FONT_BOLD, TITLE_SIZE)
        detail = _plural(tile.notes, "note")
        votes = self._votes(tile)
        if votes:
            detail += f" · {votes}"
        canv.setFillColor(style.MUTED)
        detail = fit_line(detail, style.FONT, DETAIL_SIZE, width - 10)
        draw_runs(canv, x + 7, top - 7 - TITLE_SIZE - DETAIL_SIZE, detail, style.FONT, DETAIL_SIZE)
        length = max(1.5, (width - 14) * min(1.0, tile.notes / most))
        canv.setFillColor(style.paper(tile.color) if not tile.loose else style.RULE)
        canv.setStrokeColor(style.edge(tile.color) if not tile.loose else style.MUTED)
        canv.setLineWidth(0.4)
        canv.rect(x + 7, bottom + 5, length, 5, stroke=1, fill=1)

    def _votes(self, tile: Tile) -> str:
        if not self.show_votes or tile.loose:
            return ""
        parts = [_plural(tile.dots, "dot")] if tile.dots else []
        if tile.supervotes:
            parts.append(_plural(tile.supervotes, "supervote"))
        return " · ".join(parts)
