"""Where things go on a board. Quick entry, pasting, grouping notes into a cluster, arranging
one, tidying the board, importing a file of notes and adding a structure all ask this package
and apply the positions it returns; it never touches Qt or the database. Import from here:

- ``grid``: the square-ish grid (``grid_columns``, the one rule for how wide a grid of notes
  or clusters is), a cluster's cells and size, free places for loose notes, where the frame of
  a new cluster goes;
- ``regions``: a structure's regions: where a new structure goes, free spots in a region,
  where quick entry writes on a structured board;
- ``tidy``: tidying the board, and moving loose notes out of the tidied cluster frames;
- ``imported``: where the notes of an imported file go;
- ``overlaps``: the rule that nothing overlaps (``overlaps`` lists what breaks it) and
  ``settle``, which every placement above ends with: what is in the way moves to the
  nearest free place (``space``: the index and the search behind it).

Positions are top-left corners in board units. The sizes (a note, the gap, a cluster frame's
padding and title) are in ``domain/board_sizes.py``, re-exported here; they live apart so that
``board_structure`` can use them without an import circle.
"""

from __future__ import annotations

from sprintdesk.domain.board_geometry.grid import (
    CLUSTER_COLUMNS,
    LOOSE_COLUMNS,
    Position,
    Rect,
    arrange_cluster,
    bounds,
    cluster_frames,
    cluster_rects,
    cluster_size,
    first_cell,
    frame_of,
    free_cells,
    free_cluster_origin,
    grid_columns,
    grid_positions,
    group_origin,
    next_free_position,
    title_frame_width,
)
from sprintdesk.domain.board_geometry.imported import ImportLayout, import_layout
from sprintdesk.domain.board_geometry.overlaps import Overlap, overlaps, settle
from sprintdesk.domain.board_geometry.regions import (
    content_box,
    free_spots,
    grown_to_hold,
    inbox_position,
    into_home_region,
    new_note_position,
    place_above,
    place_above_content,
    target_region,
)
from sprintdesk.domain.board_geometry.tidy import (
    TidyGroup,
    TidyStep,
    arrange_clear,
    clear_loose_notes,
    tidy_board,
    tidy_groups,
)
from sprintdesk.domain.board_sizes import (
    CELL_H,
    CELL_W,
    CLUSTER_PADDING,
    CLUSTER_TITLE_HEIGHT,
    GAP,
    NOTE_HEIGHT,
    NOTE_WIDTH,
)

__all__ = [
    "CELL_H",
    "CELL_W",
    "CLUSTER_COLUMNS",
    "CLUSTER_PADDING",
    "CLUSTER_TITLE_HEIGHT",
    "GAP",
    "LOOSE_COLUMNS",
    "NOTE_HEIGHT",
    "NOTE_WIDTH",
    "ImportLayout",
    "Overlap",
    "Position",
    "Rect",
    "TidyGroup",
    "TidyStep",
    "arrange_clear",
    "arrange_cluster",
    "bounds",
    "clear_loose_notes",
    "cluster_frames",
    "cluster_rects",
    "cluster_size",
    "content_box",
    "first_cell",
    "frame_of",
    "free_cells",
    "free_cluster_origin",
    "free_spots",
    "grid_columns",
    "grid_positions",
    "group_origin",
    "grown_to_hold",
    "import_layout",
    "inbox_position",
    "into_home_region",
    "new_note_position",
    "next_free_position",
    "overlaps",
    "place_above",
    "place_above_content",
    "settle",
    "target_region",
    "tidy_board",
    "tidy_groups",
    "title_frame_width",
]
