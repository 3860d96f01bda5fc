"""Board geometry (domain/board_geometry): the square-ish grid written once, free cells of a
cluster, a new cluster's frame, tidying the board and where imported notes go, all as plain
positions without Qt or a database."""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Sequence
from pathlib import Path

import grimp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sprintdesk.domain.board import Cluster, Note
from sprintdesk.domain.board_geometry import (
    CELL_H,
    CELL_W,
    CLUSTER_PADDING,
    CLUSTER_TITLE_HEIGHT,
    GAP,
    NOTE_HEIGHT,
    NOTE_WIDTH,
    Rect,
    TidyStep,
    arrange_cluster,
    clear_loose_notes,
    cluster_rects,
    cluster_size,
    content_box,
    first_cell,
    frame_of,
    free_cells,
    grid_columns,
    group_origin,
    import_layout,
    inbox_position,
    new_note_position,
    next_free_position,
    place_above_content,
    tidy_board,
)
from sprintdesk.domain.board_structure import build_structure
from sprintdesk.domain.board_structure_presets import preset

PACKAGE = Path(__file__).resolve().parents[2] / "sprintdesk"


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < NOTE_WIDTH and abs(a[1] - b[1]) < NOTE_HEIGHT


def _frame(cluster: Cluster, count: int) -> Rect:
    width, height = cluster_size(count)
    return cluster.x, cluster.y, cluster.x + width, cluster.y + height


def _drawn(cluster: Cluster, count: int) -> Rect:
    """A tidied cluster's frame as the board draws it: arranged notes fill ``_frame``; an
    empty cluster is a title and half a note tall (``frame_of``), whatever room tidy left."""
    return _frame(cluster, count) if count else frame_of(cluster, [])


def _inside(position: tuple[float, float], frame: Rect) -> bool:
    x, y = position
    return frame[0] <= x and x + NOTE_WIDTH <= frame[2] and frame[1] <= y and y + NOTE_HEIGHT <= frame[3]


def _covered(note: Note, frame: Rect) -> bool:
    left, top, right, bottom = frame
    return note.x < right and note.x + NOTE_WIDTH > left and note.y < bottom and note.y + NOTE_HEIGHT > top


# -- the one grid rule -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("count", "most", "columns"),
    [
        *[(0, None, 1), (1, None, 1), (2, None, 2), (4, None, 2), (5, None, 3), (10, None, 4), (17, None, 5)],
        *[(17, 4, 4), (3, 4, 2), (100, 8, 8)],
    ],
)
def test_grid_columns_is_the_square_root_rounded_up(count: int, most: int | None, columns: int) -> None:
    assert grid_columns(count, most) == columns


@given(st.integers(1, 5000))
def test_a_square_ish_grid_is_never_wider_than_needed(count: int) -> None:
    columns = grid_columns(count)
    assert columns * columns >= count > (columns - 1) * (columns - 1)


def test_the_square_ish_rule_is_written_once() -> None:
    """Every grid of notes or clusters asks grid_columns; no other place takes a square root
    but the bound on a note's font size (an area, not a grid)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
            if name in ("sqrt", "isqrt"):
                found.append(str(path.relative_to(PACKAGE)))
    assert found == [str(Path("domain/board_geometry/grid.py")), str(Path("ui/board/note_glyphs.py"))], found


@given(st.integers(0, 60))
def test_a_cluster_frame_holds_its_arranged_notes(count: int) -> None:
    cluster = Cluster("C", x=100.0, y=-50.0)
    notes = [Note(f"n{i}", x=float(i * 37 % 500), y=float(i * 53 % 700)) for i in range(count)]
    frame = _frame(cluster, count)
    spots = arrange_cluster(cluster, notes)
    assert all(_inside(spot, frame) for spot in spots)
    columns = len({x for x, _ in spots})
    assert columns == (min(4, grid_columns(count)) if count else 0)


# -- free cells in a cluster -----------------------------------------------------------------
def test_free_cells_of_an_empty_cluster_are_its_arranged_grid() -> None:
    cluster = Cluster("C", x=0.0, y=0.0)
    cells = free_cells(cluster, [], 6)
    assert cells == sorted(
        arrange_cluster(cluster, [Note(str(i)) for i in range(6)]), key=lambda p: (p[1], p[0])
    )
    assert cells[0] == first_cell(cluster) == (CLUSTER_PADDING, CLUSTER_TITLE_HEIGHT + CLUSTER_PADDING)


@settings(max_examples=200)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=12, unique=True), st.integers(1, 20)
)
def test_free_cells_never_cover_a_member(taken: list[tuple[int, int]], count: int) -> None:
    cluster = Cluster("C", x=-300.0, y=200.0)
    x0, y0 = first_cell(cluster)
    members = [Note("m", x=x0 + c * CELL_W + 5.0, y=y0 + r * CELL_H - 3.0) for c, r in taken]
    cells = free_cells(cluster, members, count)
    assert len(set(cells)) == count
    assert not any(_overlaps(cell, (m.x, m.y)) for cell in cells for m in members)
    width = grid_columns(len(members) + count, 4)
    assert all(round((x - x0) / CELL_W) < width for x, _ in cells)


# -- a new cluster's frame -------------------------------------------------------------------
def test_a_new_cluster_frame_goes_around_its_notes_when_there_is_room() -> None:
    notes = [Note("a", x=400.0, y=300.0), Note("b", x=600.0, y=310.0)]
    assert group_origin(notes, [], []) == (
        400.0 - CLUSTER_PADDING,
        300.0 - CLUSTER_TITLE_HEIGHT - CLUSTER_PADDING,
    )


def test_a_new_cluster_frame_keeps_clear_of_the_other_clusters() -> None:
    other = Cluster("Other", x=0.0, y=0.0, id=1)
    members = [Note(str(i), cluster_id=1) for i in range(4)]
    members = [
        dataclasses.replace(n, x=x, y=y)
        for n, (x, y) in zip(members, arrange_cluster(other, members), strict=True)
    ]
    notes = [Note("a", x=100.0, y=100.0)]  # inside the other frame
    x, y = group_origin(notes, [other], members)
    assert (x, y) == (_frame(other, 4)[2] + GAP, 100.0 - 64.0)
    assert cluster_rects([other], members) == [_frame(other, 4)]


# -- tidying ---------------------------------------------------------------------------------
def _apply(notes: list[Note], steps: Sequence[TidyStep]) -> tuple[list[Note], dict[int, Cluster]]:
    by_id = {n.id: n for n in notes}
    clusters: dict[int, Cluster] = {}
    for step in steps:
        assert [n.id for n in step.before] == [n.id for n in step.after]
        assert all(by_id[n.id] == n for n in step.before), "each step starts where the last one ended"
        by_id.update({n.id: n for n in step.after})
        if step.cluster is not None:
            clusters[step.cluster[1].id or 0] = step.cluster[1]
    return list(by_id.values()), clusters


board_notes = st.lists(
    st.tuples(st.integers(-1500, 1500), st.integers(-1500, 1500), st.integers(0, 6)), max_size=40
)


@settings(max_examples=150)
@given(
    st.lists(st.tuples(st.integers(-1500, 1500), st.integers(-1500, 1500)), min_size=1, max_size=9),
    board_notes,
)
def test_tidy_lays_clusters_out_apart_and_moves_covered_loose_notes_clear(
    spots: list[tuple[int, int]], raw: list[tuple[int, int, int]]
) -> None:
    clusters = [Cluster(f"c{i}", x=float(x), y=float(y), id=i) for i, (x, y) in enumerate(spots, start=1)]
    notes = [
        Note(f"n{k}", x=float(x), y=float(y), cluster_id=c if 0 < c <= len(clusters) else None, id=100 + k)
        for k, (x, y, c) in enumerate(raw)
    ]
    after, moved = _apply(notes, tidy_board(None, clusters, notes))
    assert sorted(moved) == [c.id for c in clusters], "every cluster is tidied on a board without structure"
    frames = {cid: _drawn(c, sum(1 for n in after if n.cluster_id == cid)) for cid, c in moved.items()}
    rects = list(frames.values())
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert a[2] + 2 * GAP <= b[0] or b[2] + 2 * GAP <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    for note in after:
        if note.cluster_id is not None:
            assert _inside((note.x, note.y), frames[note.cluster_id])
        else:
            assert not any(_covered(note, frame) for frame in rects), "a loose note looks like a member"
    first_row = [c for c in moved.values() if c.y == min(c.y for c in clusters)]
    assert len(first_row) == min(len(clusters), grid_columns(len(clusters)))


def test_tidy_leaves_loose_notes_that_no_frame_covers_where_they_are() -> None:
    cluster = Cluster("c", x=0.0, y=0.0, id=1)
    far = Note("far", x=5000.0, y=5000.0, id=10)
    member = Note("m", x=800.0, y=900.0, cluster_id=1, id=11)
    steps = tidy_board(None, [cluster], [far, member])
    assert [s.cluster for s in steps] == [(cluster, cluster)]
    assert steps[0].after == (dataclasses.replace(member, x=CLUSTER_PADDING, y=64.0),)


def test_loose_notes_under_a_tidied_frame_go_in_rows_below_it() -> None:
    frames = [(0.0, 0.0, 400.0, 300.0)]
    under = [Note(f"u{i}", x=10.0 * i, y=20.0, id=i) for i in range(3)]
    clear = clear_loose_notes(
        [*under, Note("member", x=0.0, y=0.0, cluster_id=7, id=9)], frames, (0.0, 350.0), 2
    )
    assert clear is not None and clear.cluster is None and clear.before == tuple(under)
    assert [(n.x, n.y) for n in clear.after] == [(0.0, 350.0), (CELL_W, 350.0), (0.0, 350.0 + CELL_H)]
    assert clear_loose_notes([Note("away", x=900.0, y=0.0)], frames, (0.0, 350.0)) is None


def test_tidy_keeps_each_region_s_clusters_in_their_region() -> None:
    structure = build_structure("columns", ["Start", "Stop", "Continue"], origin=(0, 0), size=(2400, 1200))
    stop = structure.regions[1]
    clusters = [Cluster(f"s{i}", x=stop.left + 40 * i, y=stop.top + 150 + 30 * i, id=i) for i in (1, 2, 3)]
    notes = [
        Note(f"n{i}{k}", cluster_id=i, x=stop.left + 60, y=stop.top + 300, id=10 * i + k)
        for i in (1, 2, 3)
        for k in range(2)
    ]
    after, moved = _apply(notes, tidy_board(structure, clusters, notes))
    left, top, right, _bottom = content_box(structure, stop)
    assert min(c.x for c in moved.values()) == left and min(c.y for c in moved.values()) == top
    assert all(structure.region_of_note(n) == stop for n in after)
    assert all(c.x + cluster_size(2)[0] <= right for c in moved.values())


# -- importing -------------------------------------------------------------------------------
def test_imported_notes_fill_an_existing_cluster_then_new_ones_then_loose_rows() -> None:
    theme = Cluster("Theme", x=0.0, y=0.0, id=1)
    x0, y0 = first_cell(theme)
    existing = [Note("old", x=x0, y=y0, cluster_id=1, id=5), Note("loose", x=900.0, y=40.0, id=6)]
    keys = ["theme", None, "new", "theme", None, "new", "other"]
    layout = import_layout(keys, existing, {"theme": theme})
    spots = layout.spots
    assert [spots[0], spots[3]] == free_cells(theme, existing[:1], 2)
    bottom = max(y0 + NOTE_HEIGHT, 40.0 + NOTE_HEIGHT, spots[0][1] + NOTE_HEIGHT, spots[3][1] + NOTE_HEIGHT)
    assert list(layout.new_clusters) == ["new", "other"]
    new = layout.new_clusters["new"]
    assert new == (0.0, bottom + 3 * GAP)
    assert layout.new_clusters["other"] == (new[0] + cluster_size(2)[0] + 2 * GAP, new[1])
    assert [spots[2], spots[5]] == free_cells(Cluster("", x=new[0], y=new[1]), [], 2)
    row = new[1] + cluster_size(2)[1] + 3 * GAP
    assert [spots[1], spots[4]] == [(0.0, row), (CELL_W, row)]
    assert not any(_overlaps(a, (n.x, n.y)) for a in spots for n in existing)


def test_an_import_onto_an_empty_board_starts_at_the_origin() -> None:
    layout = import_layout([None] * 10, [], {})
    assert layout.spots[0] == (0.0, 0.0) and layout.spots[4] == (0.0, CELL_H)  # 4 wide: square-ish
    assert layout.new_clusters == {}


@pytest.mark.parametrize(("count", "columns"), [(2_000, 45), (10_000, 100)])
def test_imported_notes_lie_in_a_square_ish_block(count: int, columns: int) -> None:
    """Issue 12: 2,000 imported notes lay in a strip 8 wide and 250 tall."""
    spots = import_layout([None] * count, [], {}).spots
    wide = len({x for x, _ in spots})
    tall = len({y for _, y in spots})
    assert wide == columns and tall == -(-count // columns)
    assert 0.8 < (wide * CELL_W) / (tall * CELL_H) < 1.6  # about as wide as tall on screen


def test_a_new_cluster_block_is_square_ish_too() -> None:
    keys = [f"theme {i % 100}" for i in range(400)]
    layout = import_layout(keys, [], {})
    assert len({x for x, _ in layout.new_clusters.values()}) == 10
    assert len({y for _, y in layout.new_clusters.values()}) == 10


def test_imported_notes_and_clusters_that_name_a_region_go_into_it() -> None:
    structure = preset("start-stop-continue").build()  # above the board's origin
    stop = structure.regions[1]
    left, top, _right, _bottom = content_box(structure, stop)
    there = Note("there", x=left, y=top, id=1)
    below = Note("below the structure", x=0.0, y=0.0, id=2)
    keys = [None, None, "ideas", "ideas", "elsewhere"]
    layout = import_layout(keys, [there, below], {}, structure, {0: 1, 1: 1}, {"ideas": 1})
    spots = [Note("n", x=x, y=y) for x, y in layout.spots]
    assert all(structure.region_of_note(n) == stop for n in spots[:4])
    assert not any(_overlaps((n.x, n.y), (there.x, there.y)) for n in spots[:2])
    lowest = max(n.y for n in [there, *spots[:2]])
    assert layout.new_clusters["ideas"] == (left, lowest + NOTE_HEIGHT + 2 * GAP), "under what is there"
    assert list(layout.spots[2:4]) == free_cells(Cluster("", *layout.new_clusters["ideas"]), [], 2)
    assert layout.new_clusters["elsewhere"][1] == NOTE_HEIGHT + 3 * GAP, "no region: under everything"
    assert structure.region_of_note(spots[4]) is None
    without = import_layout(keys, [there, below], {}, None, {0: 1, 1: 1}, {"ideas": 1})
    assert without.spots[:2] == (
        (0.0, NOTE_HEIGHT + 3 * GAP + cluster_size(2)[1] + 3 * GAP),
        (CELL_W, without.spots[0][1]),
    )


# -- quick entry and structures --------------------------------------------------------------
def test_quick_entry_asks_the_structure_when_there_is_one() -> None:
    notes = [Note("a", x=0.0, y=0.0)]
    assert new_note_position(None, notes) == next_free_position(notes)
    structure = preset("start-stop-continue").build((0.0, 0.0))
    assert new_note_position(structure, notes) == inbox_position(structure, notes)


def test_a_new_structure_goes_above_the_notes_and_the_cluster_titles() -> None:
    structure = preset("start-stop-continue").build((0.0, 0.0))
    placed = place_above_content(structure, [Note("n", x=300.0, y=200.0)], [Cluster("c", x=-50.0, y=500.0)])
    assert placed.x == -50.0 and placed.y + placed.height == 200.0 - 3 * GAP


# -- the layers ------------------------------------------------------------------------------
def test_no_board_module_of_the_domain_is_in_an_import_circle() -> None:
    """domain/board and domain/board_structure imported each other; the sizes now live in
    board_sizes, which imports nothing."""
    graph = grimp.build_graph("sprintdesk")
    board_modules = sorted(m for m in graph.modules if m.startswith("sprintdesk.domain.board"))
    assert "sprintdesk.domain.board_geometry.tidy" in board_modules
    for module in board_modules:
        for other in graph.find_modules_directly_imported_by(module):
            assert graph.find_shortest_chain(other, module) is None, (module, other)
