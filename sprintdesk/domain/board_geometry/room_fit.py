"""What the shared screen fits to, and how: the notes, their cluster frames and the headers of
the structure regions that hold notes (never an empty column), plus a margin; the scale and
centre for a screen of a given size; and when a board that changed needs fitting again (only
when something left the screen, or when the notes could be drawn much larger).

Rectangles are (left, top, right, bottom) in board units, as in ``grid``; sizes on screen are
pixels. Pure: the views apply the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sprintdesk.domain.board import BoardContent, Cluster, Note
from sprintdesk.domain.board_geometry.grid import Rect, frame_of, note_rect, title_frame_width
from sprintdesk.domain.board_sizes import CLUSTER_TITLE_HEIGHT, NOTE_HEIGHT
from sprintdesk.domain.board_structure import (
    LANE_TITLE,
    PAD,
    TITLE_BAND,
    BoardStructure,
    Region,
    StructureKind,
)

BOARD_MARGIN = 24.0  # board units around what is fitted: frame strokes and vote dots stay inside
MARGIN_SHARE = 0.03  # of the screen's shorter side, on every side of the fitted rectangle
MIN_MARGIN_PX = 12
NOTE_MAX_SHARE = 0.4  # one note is never taller than this share of the room's screen
SHRINK_REFIT = 1.15  # fit again once the notes could be drawn this much larger (a tidy does that)


@dataclass(frozen=True, slots=True)
class Fit:
    scale: float  # screen pixels per board unit
    centre_x: float  # the board point at the centre of the screen
    centre_y: float


@dataclass(frozen=True, slots=True)
class RoomFocus:
    """What the room looks at: the whole board, one cluster or one region of a board."""

    board_id: int | None
    cluster_id: int | None = None
    region_index: int | None = None

    @property
    def whole_board(self) -> bool:
        return self.cluster_id is None and self.region_index is None


# -- rectangles ------------------------------------------------------------------------------
def unite(rects: Iterable[Rect]) -> Rect | None:
    found = list(rects)
    if not found:
        return None
    return (
        min(r[0] for r in found),
        min(r[1] for r in found),
        max(r[2] for r in found),
        max(r[3] for r in found),
    )


def grown(rect: Rect, by: float) -> Rect:
    return rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by


def contains(outer: Rect, inner: Rect, slack: float = 0.5) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def frame_rect(cluster: Cluster, members: Sequence[Note]) -> Rect:
    """A cluster's frame as the board draws it (``frame_of``); collapsed, a title with room
    for half a note."""
    if cluster.collapsed:
        width = title_frame_width(cluster.title)
        return cluster.x, cluster.y, cluster.x + width, cluster.y + CLUSTER_TITLE_HEIGHT + NOTE_HEIGHT / 2
    return frame_of(cluster, [(n.x, n.y) for n in members])


def region_header(structure: BoardStructure, region: Region) -> Rect:
    """The part of a region that holds its title: the band at the top of a column or
    quadrant, the strip at the left of a lane, the title line of a grid's quadrant."""
    if structure.kind is StructureKind.LANES:
        return region.left, region.top, region.left + min(LANE_TITLE, region.width / 3), region.bottom
    if structure.kind is StructureKind.GRID:
        return region.left, region.top, region.right, region.top + PAD / 2 + TITLE_BAND * 0.7
    return region.left, region.top, region.right, region.top + min(TITLE_BAND, region.height / 3)


# -- what is fitted --------------------------------------------------------------------------
def _shown_rects(
    content: BoardContent, notes: Sequence[Note], clusters: Sequence[Cluster], headers: bool = True
) -> list[Rect]:
    """The rectangles of ``notes`` (those of collapsed clusters are not drawn), the frames of
    ``clusters`` and (with ``headers``) the headers of the regions holding any of those notes."""
    collapsed = {c.id for c in content.clusters if c.collapsed}
    members: dict[int | None, list[Note]] = {}
    for note in content.notes:
        members.setdefault(note.cluster_id, []).append(note)
    rects = [note_rect(n.x, n.y) for n in notes if n.cluster_id not in collapsed]
    rects += [frame_rect(c, members.get(c.id, [])) for c in clusters]
    structure = content.board.structure
    if structure is not None and headers:
        held: dict[int, Region] = {}
        for note in notes:
            region = structure.region_of_note(note)
            if region is not None:
                held[region.index] = region
        rects += [region_header(structure, region) for region in held.values()]
    return rects


def room_bounds(content: BoardContent, margin: float = BOARD_MARGIN) -> Rect | None:
    """What the shared screen (and "Fit all") fits to; None for a board with nothing on it."""
    found = unite(_shown_rects(content, content.notes, content.clusters))
    return grown(found, margin) if found is not None else None


def focus_bounds(content: BoardContent, focus: RoomFocus, margin: float = BOARD_MARGIN) -> Rect | None:
    """The rectangle for ``focus`` on ``content``: a cluster's frame and notes, a region's
    notes and header (its whole area when it is empty), else the whole board; None when the
    cluster or region is gone or the board is empty."""
    if focus.cluster_id is not None:
        clusters = [c for c in content.clusters if c.id == focus.cluster_id]
        if not clusters:
            return None
        notes = [n for n in content.notes if n.cluster_id == focus.cluster_id]
        found = unite(_shown_rects(content, notes, clusters, headers=False))
    elif focus.region_index is not None:
        structure = content.board.structure
        if structure is None or not 0 <= focus.region_index < len(structure.regions):
            return None
        region = structure.regions[focus.region_index]
        notes = [n for n in content.notes if structure.region_of_note(n) == region]
        ids = {n.cluster_id for n in notes}
        clusters = [c for c in content.clusters if c.id in ids]
        found = unite(_shown_rects(content, notes, clusters)) if notes else None
        if found is None:
            found = region.left, region.top, region.right, region.bottom
    else:
        return room_bounds(content, margin)
    return grown(found, margin) if found is not None else None


# -- fitting ---------------------------------------------------------------------------------
def margin_px(width: float, height: float) -> float:
    return max(MIN_MARGIN_PX, round(MARGIN_SHARE * min(width, height)))


def fit_view(bounds: Rect, width: float, height: float, max_scale: float | None = None) -> Fit:
    """The largest scale at which ``bounds`` fits a ``width`` x ``height`` screen inside its
    margins, centred; at most ``max_scale`` (by default: a note at most ``NOTE_MAX_SHARE`` of
    the screen's height)."""
    if max_scale is None:
        max_scale = NOTE_MAX_SHARE * height / NOTE_HEIGHT
    margin = margin_px(width, height)
    room_w, room_h = max(1.0, width - 2 * margin), max(1.0, height - 2 * margin)
    box_w, box_h = max(1.0, bounds[2] - bounds[0]), max(1.0, bounds[3] - bounds[1])
    scale = min(room_w / box_w, room_h / box_h, max_scale)
    return Fit(scale, (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)


def visible_rect(fit: Fit, width: float, height: float) -> Rect:
    """The board rectangle a screen of ``width`` x ``height`` shows at ``fit``."""
    half_w, half_h = width / fit.scale / 2, height / fit.scale / 2
    return fit.centre_x - half_w, fit.centre_y - half_h, fit.centre_x + half_w, fit.centre_y + half_h


def needs_refit(bounds: Rect | None, shown: Fit | None, width: float, height: float) -> bool:
    """After a change: fit again when nothing is fitted yet, when something lies past the
    screen's edge, or when the notes could be drawn ``SHRINK_REFIT`` times larger. Small
    changes inside the screen leave it still."""
    if bounds is None:
        return False
    if shown is None:
        return True
    if not contains(visible_rect(shown, width, height), bounds):
        return True
    return fit_view(bounds, width, height).scale > shown.scale * SHRINK_REFIT
