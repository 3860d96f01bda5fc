"""Where the notes of an imported file go: into free cells of the clusters already on the
board; new clusters in a square-ish block under everything, loose notes in a square-ish grid
under those (2,000 notes about 45 by 45); whatever still overlaps is settled at the end. On a board
with a structure, loose notes that name a region go into free spots of it, and a new cluster
whose notes all name one region goes into that region, under what is in it already."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sprintdesk.domain.board import Cluster, Note
from sprintdesk.domain.board_geometry.grid import (
    Position,
    bounds,
    cluster_size,
    free_cells,
    grid_columns,
    grid_positions,
)
from sprintdesk.domain.board_geometry.overlaps import settle
from sprintdesk.domain.board_geometry.regions import content_box, free_spots
from sprintdesk.domain.board_sizes import GAP, NOTE_HEIGHT, NOTE_WIDTH
from sprintdesk.domain.board_structure import BoardStructure, Region


@dataclass(frozen=True, slots=True)
class ImportLayout:
    spots: tuple[Position, ...]  # one per imported note, in the file's order
    new_clusters: dict[str, Position]  # the frame of each cluster the import makes, by key, in order
    moved_notes: tuple[Note, ...] = ()  # notes already on the board moved out of the way
    moved_clusters: tuple[Cluster, ...] = ()  # clusters already on the board moved out of the way


def import_layout(
    keys: Sequence[str | None],
    existing: Sequence[Note],
    clusters: Mapping[str, Cluster],
    structure: BoardStructure | None = None,
    note_regions: Mapping[int, int] | None = None,
    cluster_regions: Mapping[str, int] | None = None,
    board_clusters: Sequence[Cluster] | None = None,
) -> ImportLayout:
    """Places for imported notes. ``keys`` holds each note's cluster key (None: a loose
    note); ``clusters`` the board's clusters by key (a key not among them makes a new
    cluster); ``existing`` the board's notes. With a ``structure``, ``note_regions`` sends
    loose notes (index into ``keys``) to a region (its index), ``cluster_regions`` new
    clusters (by key). ``board_clusters``: all the board's clusters, when ``clusters`` does not
    hold them all (two with the same key)."""
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
    cursor_x, cursor_y, row_height = left, top, 0.0
    new_clusters: dict[str, Position] = {}
    fresh = [key for key in groups if key not in clusters]  # existing ones are filled above
    columns = grid_columns(len(fresh))  # a square-ish block of frames, not one long row
    for index, key in enumerate(fresh):
        if index and index % columns == 0:
            cursor_x, cursor_y, row_height = left, cursor_y + row_height + 2 * GAP, 0.0
        members = groups[key]
        new_clusters[key] = (cursor_x, cursor_y)
        frame = Cluster(title="", x=cursor_x, y=cursor_y)
        spots.update(zip(members, free_cells(frame, [], len(members)), strict=True))
        width, height = cluster_size(len(members))
        cursor_x += width + 2 * GAP
        row_height = max(row_height, height)
    loose = [i for i, key in enumerate(keys) if key is None and i not in in_regions]
    loose_top = cursor_y + (row_height + 3 * GAP if row_height else 0.0)
    spots.update(zip(loose, grid_positions(len(loose), (left, loose_top)), strict=True))
    if structure is not None:
        _notes_into_regions(structure, in_regions, spots, existing)
        targets = cluster_regions or {}
        for key in [key for key in new_clusters if key in targets]:
            region = structure.regions[targets[key]]
            new_clusters[key] = _cluster_into_region(
                structure, region, new_clusters[key], groups[key], spots, existing
            )
    return _settled(keys, existing, clusters, board_clusters, structure, spots, new_clusters)


def _settled(
    keys: Sequence[str | None],
    existing: Sequence[Note],
    clusters: Mapping[str, Cluster],
    board_clusters: Sequence[Cluster] | None,
    structure: BoardStructure | None,
    spots: Mapping[int, Position],
    new_clusters: Mapping[str, Position],
) -> ImportLayout:
    """The layout with what overlaps moved apart: the imported notes and new clusters give
    way to what is on the board; a cluster that grew gives way to its neighbours."""
    present = list(board_clusters) if board_clusters is not None else list(clusters.values())
    temporary = {key: -1 - index for index, key in enumerate(new_clusters)}  # ids for the new ones
    frames = present + [Cluster("", x, y, id=temporary[key]) for key, (x, y) in new_clusters.items()]
    ids = {key: cluster.id for key, cluster in clusters.items()} | temporary
    added = [
        Note("", x=spots[i][0], y=spots[i][1], cluster_id=ids[key] if key is not None else None)
        for i, key in enumerate(keys)
    ]
    grown = {ids[key] for key in keys if key is not None}
    placed = [j for j, cluster in enumerate(frames) if cluster.id in grown]
    board = list(existing) + added
    notes, settled = settle(board, frames, range(len(existing), len(board)), placed, structure)
    moved_notes = tuple(a for b, a in zip(existing, notes, strict=False) if b != a)
    moved_clusters = tuple(a for b, a in zip(present, settled, strict=False) if b != a)
    where = {key: (c.x, c.y) for key, c in zip(new_clusters, settled[len(present) :], strict=True)}
    spots_after = tuple((n.x, n.y) for n in notes[len(existing) :])
    return ImportLayout(spots_after, where, moved_notes, moved_clusters)


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
