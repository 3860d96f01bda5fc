"""The sizes of things on a board, in board units. The rules that use them (where a note or a
cluster goes) are in ``board_geometry``, which re-exports these; they live apart, importing
nothing, so that the board's structure (``board_structure``) can use them too without an
import circle."""

from __future__ import annotations

NOTE_WIDTH = 160.0
NOTE_HEIGHT = 120.0
GAP = 16.0  # between two notes, and around a cluster frame
CLUSTER_PADDING = 24.0  # inside a cluster frame, around its notes
CLUSTER_TITLE_HEIGHT = 40.0  # the cluster's title, above its notes
CELL_W, CELL_H = NOTE_WIDTH + GAP, NOTE_HEIGHT + GAP  # one note and its gap, in a grid of notes
