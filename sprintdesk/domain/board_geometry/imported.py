"""Where the notes of an imported file go: into free cells of the clusters already on the
board; new clusters in a row under everything, loose notes in rows under those. On a board
with a structure, loose notes that name a region go into free spots of it, and a new cluster
whose notes all name one region goes into that region, under what is in it already."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sprintdesk.domain.board import Cluster, Note
from sprintdesk.domain.board_geometry.grid import (
    LOOSE_COLUMNS,
    Position,
    bounds,
    cluster_size,
    free_cells,
    grid_positions,
)
from sprintdesk.domain.board_geometry.regions import content_box, free_spots
from sprintdesk.domain.board_sizes import GAP, NOTE_HEIGHT, NOTE_WIDTH
from sprintdesk.domain.board_structure import BoardStructure, Region


@dataclass(frozen=True, slots=True)
class ImportLayout:
    spots: tuple[Position, ...]  # one per imported note, in the file's order
    new_clusters: dict[str, Position]  # the frame of each cluster the import makes, by key, in order


def import_layout(
    keys: Sequence[str | None],
    existing: Sequence[Note],
    clusters: Mapping[str, Cluster],
    structure: BoardStructure | None = None,
    note_regions: Mapping[int, int] | None = None,
    cluster_regions: Mapping[str, int] | None = None,
) -> ImportLayout:
    """Places for imported notes. ``keys`` holds each note's cluster key (None: a loose
    note); ``clusters`` the board's clusters by key (a key not among them makes a new
    cluster); ``existing`` the board's notes. With a ``structure``, ``note_regions`` sends
    loose notes (index into ``keys``) to a region (its index), ``cluster_regions`` new
    clusters (by key)."""
    groups: dict[str, list[int]] = {}  # cluster key -> indexes into keys, in the file's order
    for index, key in enumerate(keys):
        if key is not None:
            groups.setdefault(key, []).append(index)
    in_regions = dict(note_regions or {}) if structure is not None else {}
    spots: dict[int, Position] = {}
    for key, members in groups.items():
        cluster = clusters.get(key)
        if cluster is not None:
            inside = [n for n in existing if n.cluster_id == cluster.id]
            spots.update(zip(members, free_cells(cluster, inside, len(members)), strict=True))
    # Under everything: notes, the grown clusters, and empty clusters' frames.
    box = bounds(
        [(n.x, n.y) for n in existing] + list(spots.values()) + [(c.x, c.y) for c in clusters.values()]
    )
    top = 0.0 if box is None else box[3] + 3 * GAP
    left = 0.0 if box is None else box[0]
    cursor_x, row_height = left, 0.0
    new_clusters: dict[str, Position] = {}
    for key, members in groups.items():
        if key in clusters:
            continue  # an existing one, filled above
        new_clusters[key] = (cursor_x, top)
        frame = Cluster(title="", x=cursor_x, y=top)
        spots.update(zip(members, free_cells(frame, [], len(members)), strict=True))
        width, height = cluster_size(len(members))
        cursor_x += width + 2 * GAP
        row_height = max(row_height, height)
    loose = [i for i, key in enumerate(keys) if key is None and i not in in_regions]
    loose_top = top + (row_height + 3 * GAP if row_height else 0.0)
    spots.update(zip(loose, grid_positions(len(loose), (left, loose_top), LOOSE_COLUMNS), strict=True))
    if structure is not None:
        _notes_into_regions(structure, in_regions, spots, existing)
        targets = cluster_regions or {}
        for key in [key for key in new_clusters if key in targets]:
            region = structure.regions[targets[key]]
            new_clusters[key] = _cluster_into_region(
                structure, region, new_clusters[key], groups[key], spots, existing
            )
    return ImportLayout(tuple(spots[index] for index in range(len(keys))), new_clusters)


def _notes_into_regions(
    structure: BoardStructure,
    targets: Mapping[int, int],
    spots: dict[int, Position],
    existing: Sequence[Note],
) -> None:
    """The notes of ``targets`` moved into free spots of their regions (clear of the board's
    notes)."""
    by_region: dict[int, list[int]] = {}
    for index, region_index in targets.items():
        by_region.setdefault(region_index, []).append(index)
    for region_index, members in by_region.items():
        region = structure.regions[region_index]
        spots.update(zip(members, free_spots(structure, region, existing, len(members)), strict=True))


def _cluster_into_region(
    structure: BoardStructure,
    region: Region,
    origin: Position,
    members: Sequence[int],
    spots: dict[int, Position],
    existing: Sequence[Note],
) -> Position:
    """A new cluster's frame moved to the left of ``region``, under every note in it (its
    notes keep their arrangement); returns the frame's new place."""
    left, top, _right, _bottom = content_box(structure, region)
    placed = [(n.x, n.y) for n in existing] + [spots[index] for index in sorted(spots)]
    floor = max(
        (
            y + NOTE_HEIGHT + 2 * GAP
            for x, y in placed
            if structure.region_of(x + NOTE_WIDTH / 2, y + NOTE_HEIGHT / 2) == region
        ),
        default=top,
    )
    dx, dy = left - origin[0], floor - origin[1]
    for index in members:
        x, y = spots[index]
        spots[index] = (x + dx, y + dy)
    return left, floor
