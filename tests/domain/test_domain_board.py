"""Board domain: the palette, names and texts, and where notes go on the wall."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sprintdesk.domain.board import (
    CLUSTER_PADDING,
    CLUSTER_TITLE_HEIGHT,
    GAP,
    MAX_BOARD_NAME,
    MAX_NOTE_LENGTH,
    NOTE_HEIGHT,
    NOTE_WIDTH,
    Board,
    BoardContent,
    Cluster,
    Note,
    NoteColor,
    check_board_name,
    check_note_text,
)
from sprintdesk.domain.board_geometry import (
    arrange_cluster,
    bounds,
    cluster_size,
    grid_positions,
    next_free_position,
)
from sprintdesk.domain.errors import ValidationError

STEP_X = NOTE_WIDTH + GAP
STEP_Y = NOTE_HEIGHT + GAP


def overlapping(positions: Sequence[tuple[float, float]]) -> list[tuple[int, int]]:
    """Index pairs of notes (NOTE_WIDTH x NOTE_HEIGHT at these corners) that overlap."""
    return [
        (i, j)
        for (i, (ax, ay)), (j, (bx, by)) in itertools.combinations(enumerate(positions), 2)
        if ax < bx + NOTE_WIDTH and bx < ax + NOTE_WIDTH and ay < by + NOTE_HEIGHT and by < ay + NOTE_HEIGHT
    ]


# -- colours --------------------------------------------------------------------------------


def test_the_palette_has_six_to_eight_named_colours() -> None:
    assert 6 <= len(NoteColor) <= 8
    assert len({color.value for color in NoteColor}) == len(NoteColor)


@pytest.mark.parametrize("color", list(NoteColor))
def test_every_colour_parses_from_its_name_in_any_case(color: NoteColor) -> None:
    assert NoteColor.parse(color.value) is color
    assert NoteColor.parse(color.value.upper()) is color
    assert NoteColor.parse(f"  {color.value.title()}\t") is color


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("gray", NoteColor.GREY),
        ("GRAY", NoteColor.GREY),
        (" Violet ", NoteColor.PURPLE),
        ("red", NoteColor.PINK),
    ],
)
def test_colour_aliases(alias: str, expected: NoteColor) -> None:
    assert NoteColor.parse(alias) is expected


@pytest.mark.parametrize("text", ["", "   ", "magenta", "yellowish", "#ffff00", "ye llow"])
def test_an_unknown_colour_is_refused_with_the_choices(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        NoteColor.parse(text)
    message = str(caught.value)
    assert f"'{text.strip()}'" in message
    for color in NoteColor:
        assert color.value in message


# -- texts and names ------------------------------------------------------------------------


def test_note_text_is_stripped_and_keeps_inner_line_breaks() -> None:
    assert check_note_text("  Ship it\n  soon  \n") == "Ship it\n  soon"


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_a_note_needs_text(text: str) -> None:
    with pytest.raises(ValidationError, match="needs some text"):
        check_note_text(text)


def test_note_text_length_limit() -> None:
    assert len(check_note_text("x" * MAX_NOTE_LENGTH)) == MAX_NOTE_LENGTH
    with pytest.raises(ValidationError, match="at most"):
        check_note_text("x" * (MAX_NOTE_LENGTH + 1))


def test_board_names_collapse_whitespace() -> None:
    assert check_board_name("  How   might\twe \n") == "How might we"


def test_board_name_limits() -> None:
    with pytest.raises(ValidationError, match="needs a name"):
        check_board_name(" \t ")
    assert check_board_name("b" * MAX_BOARD_NAME) == "b" * MAX_BOARD_NAME
    with pytest.raises(ValidationError, match=str(MAX_BOARD_NAME)):
        check_board_name("b" * (MAX_BOARD_NAME + 1))


def test_board_content_notes_in_a_cluster_or_loose() -> None:
    notes = (Note("a", id=1), Note("b", cluster_id=7, id=2), Note("c", cluster_id=8, id=3), Note("d", id=4))
    content = BoardContent(Board("Wall", 1, id=1), notes, (Cluster("Seven", id=7), Cluster("Eight", id=8)))
    assert [n.text for n in content.notes_in(None)] == ["a", "d"]
    assert [n.text for n in content.notes_in(7)] == ["b"]
    assert content.notes_in(99) == []


def test_note_defaults() -> None:
    note = Note("idea")
    assert (note.color, note.covered, note.imported_votes, note.cluster_id, note.author_id, note.id) == (
        NoteColor.YELLOW,
        False,
        0,
        None,
        None,
        None,
    )
    assert Cluster("Theme").color is NoteColor.GREY


# -- grid -----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, -1, -50])
def test_grid_of_nothing(count: int) -> None:
    assert grid_positions(count, (10.0, 20.0)) == []


def test_grid_is_square_ish_in_reading_order() -> None:
    positions = grid_positions(10, (100.0, 50.0))  # ceil(sqrt(10)) = 4 columns, 3 rows
    assert positions[0] == (100.0, 50.0)
    assert positions[1] == (100.0 + STEP_X, 50.0)
    assert positions[3] == (100.0 + 3 * STEP_X, 50.0)
    assert positions[4] == (100.0, 50.0 + STEP_Y)
    assert positions[9] == (100.0 + STEP_X, 50.0 + 2 * STEP_Y)
    assert len({x for x, _ in positions}) == 4
    assert len({y for _, y in positions}) == 3


@pytest.mark.parametrize(("count", "columns"), [(1, 1), (4, 2), (5, 3), (9, 3), (16, 4), (17, 5), (100, 10)])
def test_grid_default_columns(count: int, columns: int) -> None:
    assert len({x for x, _ in grid_positions(count, (0.0, 0.0))}) == columns


def test_grid_with_given_columns_wraps_there() -> None:
    positions = grid_positions(5, (0.0, 0.0), columns=2)
    assert positions == [
        (0.0, 0.0),
        (STEP_X, 0.0),
        (0.0, STEP_Y),
        (STEP_X, STEP_Y),
        (0.0, 2 * STEP_Y),
    ]


@given(
    count=st.integers(0, 150),
    columns=st.one_of(st.none(), st.integers(1, 20)),
    x=st.floats(-1e5, 1e5),
    y=st.floats(-1e5, 1e5),
)
def test_grid_never_overlaps_and_keeps_a_gap(count: int, columns: int | None, x: float, y: float) -> None:
    positions = grid_positions(count, (x, y), columns)
    assert len(positions) == count
    assert overlapping(positions) == []
    if positions:
        assert min(px for px, _ in positions) == x
        assert min(py for _, py in positions) == y
        width = columns or max(1, len({px for px, _ in positions}))
        assert len({px for px, _ in positions}) <= width


# -- clusters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "columns", "rows"),
    [
        (0, 1, 1),
        (1, 1, 1),
        (2, 2, 1),
        (4, 2, 2),
        (5, 3, 2),
        (9, 3, 3),
        (10, 4, 3),
        (16, 4, 4),
        (17, 4, 5),
        (40, 4, 10),
    ],
)
def test_cluster_size(count: int, columns: int, rows: int) -> None:
    width, height = cluster_size(count)
    assert width == 2 * CLUSTER_PADDING + columns * NOTE_WIDTH + (columns - 1) * GAP
    assert height == CLUSTER_TITLE_HEIGHT + 2 * CLUSTER_PADDING + rows * NOTE_HEIGHT + (rows - 1) * GAP


def _notes(positions: Sequence[tuple[float, float]], *, ids: bool = True) -> list[Note]:
    return [Note(f"n{i}", x=x, y=y, id=i + 1 if ids else None) for i, (x, y) in enumerate(positions)]


@given(
    count=st.integers(1, 40),
    cx=st.floats(-1e4, 1e4),
    cy=st.floats(-1e4, 1e4),
    data=st.data(),
)
def test_arranged_notes_fit_in_the_cluster_frame_without_overlap(
    count: int, cx: float, cy: float, data: st.DataObject
) -> None:
    scattered = data.draw(
        st.lists(st.tuples(st.floats(-5e3, 5e3), st.floats(-5e3, 5e3)), min_size=count, max_size=count)
    )
    cluster = Cluster("Theme", x=cx, y=cy, id=1)
    arranged = arrange_cluster(cluster, _notes(scattered))
    assert len(arranged) == count
    assert overlapping(arranged) == []
    width, height = cluster_size(count)
    left, top, right, bottom = bounds(arranged) or (0.0, 0.0, 0.0, 0.0)
    assert left == pytest.approx(cx + CLUSTER_PADDING)
    assert top == pytest.approx(cy + CLUSTER_TITLE_HEIGHT + CLUSTER_PADDING)
    assert right <= cx + width - CLUSTER_PADDING + 1e-6
    assert bottom <= cy + height - CLUSTER_PADDING + 1e-6
    # The frame is exactly as big as the arrangement needs.
    assert right == pytest.approx(cx + width - CLUSTER_PADDING)
    assert bottom == pytest.approx(cy + height - CLUSTER_PADDING)


def test_arrange_keeps_the_reading_order_and_answers_in_the_given_order() -> None:
    cluster = Cluster("Theme", x=0.0, y=0.0, id=1)
    # Given in a jumbled order: c is top-left, a top-right, d bottom-left, b bottom-right.
    notes = [
        Note("a", x=900.0, y=5.0, id=1),
        Note("b", x=800.0, y=400.0, id=2),
        Note("c", x=-50.0, y=-10.0, id=3),
        Note("d", x=10.0, y=390.0, id=4),
    ]
    spots = grid_positions(4, (CLUSTER_PADDING, CLUSTER_TITLE_HEIGHT + CLUSTER_PADDING), 2)
    assert arrange_cluster(cluster, notes) == [spots[1], spots[3], spots[0], spots[2]]


def test_arrange_puts_at_most_four_in_a_row() -> None:
    cluster = Cluster("Theme", id=1)
    arranged = arrange_cluster(cluster, _notes([(float(i * 1000), 0.0) for i in range(30)]))
    assert len({x for x, _ in arranged}) == 4
    assert overlapping(arranged) == []


def test_arrange_notes_that_have_no_ids_yet() -> None:
    cluster = Cluster("Theme", x=0.0, y=0.0)
    arranged = arrange_cluster(cluster, _notes([(0.0, 0.0), (500.0, 0.0), (0.0, 500.0)], ids=False))
    assert len(set(arranged)) == 3
    assert overlapping(arranged) == []


def test_arrange_nothing() -> None:
    assert arrange_cluster(Cluster("Empty", id=1), []) == []


# -- bounds and the next free place ---------------------------------------------------------


def test_bounds() -> None:
    assert bounds([]) is None
    assert bounds([(10.0, 20.0)]) == (10.0, 20.0, 10.0 + NOTE_WIDTH, 20.0 + NOTE_HEIGHT)
    assert bounds(iter([(10.0, 500.0), (-30.0, 20.0)])) == (
        -30.0,
        20.0,
        10.0 + NOTE_WIDTH,
        500.0 + NOTE_HEIGHT,
    )


def test_the_first_note_goes_to_the_origin() -> None:
    assert next_free_position([]) == (0.0, 0.0)


def _fill(count: int, start: Sequence[Note] = (), columns: int = 8) -> list[Note]:
    notes = list(start)
    for index in range(count):
        x, y = next_free_position(notes, columns)
        notes.append(Note(f"n{index}", x=x, y=y, id=1000 + index))
    return notes


def test_quick_entry_fills_rows_of_eight_then_wraps() -> None:
    notes = _fill(19)
    positions = [(n.x, n.y) for n in notes]
    assert positions[:8] == [(i * STEP_X, 0.0) for i in range(8)]
    assert positions[8] == (0.0, STEP_Y)
    assert positions[16] == (0.0, 2 * STEP_Y)
    assert positions[18] == (2 * STEP_X, 2 * STEP_Y)


def test_quick_entry_with_other_column_counts() -> None:
    notes = _fill(7, columns=3)
    assert [(n.x, n.y) for n in notes][2:5] == [(2 * STEP_X, 0.0), (0.0, STEP_Y), (STEP_X, STEP_Y)]


@given(count=st.integers(0, 60), columns=st.integers(1, 12))
def test_quick_entry_never_overlaps(count: int, columns: int) -> None:
    notes = _fill(count, columns=columns)
    assert overlapping([(n.x, n.y) for n in notes]) == []
    assert len({n.x for n in notes}) <= columns


def test_quick_entry_continues_a_row_that_starts_to_the_right() -> None:
    start = [Note("a", x=500.0, y=300.0, id=1), Note("b", x=500.0 + STEP_X, y=300.0, id=2)]
    notes = _fill(7, start, columns=4)
    positions = [(n.x, n.y) for n in notes[2:]]
    assert positions[:2] == [(500.0 + 2 * STEP_X, 300.0), (500.0 + 3 * STEP_X, 300.0)]
    assert positions[2] == (500.0, 300.0 + STEP_Y)  # wraps back to where the row started


def test_with_only_clustered_notes_the_next_goes_below_everything() -> None:
    clustered = [
        Note("a", x=40.0, y=100.0, cluster_id=1, id=1),
        Note("b", x=300.0, y=700.0, cluster_id=1, id=2),
    ]
    assert next_free_position(clustered) == (40.0, 700.0 + NOTE_HEIGHT + 2 * GAP)


def test_the_next_note_never_lands_on_a_cluster_below_a_full_row() -> None:
    row = [Note(f"r{i}", x=i * STEP_X, y=0.0, id=i + 1) for i in range(8)]
    cluster = [Note(f"c{i}", x=i * STEP_X, y=200.0, cluster_id=9, id=100 + i) for i in range(3)]
    notes = row + cluster
    x, y = next_free_position(notes)
    assert overlapping([(n.x, n.y) for n in notes] + [(x, y)]) == []
    assert y >= 200.0 + NOTE_HEIGHT  # below the cluster


def test_the_next_note_never_lands_on_a_clustered_note_beside_the_row() -> None:
    row = [Note("a", x=0.0, y=0.0, id=1)]
    beside = [Note("c", x=STEP_X + 20.0, y=30.0, cluster_id=9, id=2)]
    x, y = next_free_position(row + beside)
    assert overlapping([(0.0, 0.0), (STEP_X + 20.0, 30.0), (x, y)]) == []


@given(
    st.lists(
        st.tuples(st.integers(-20, 20), st.integers(-20, 20), st.booleans()),
        max_size=25,
        unique_by=lambda t: (t[0], t[1]),
    ),
    st.integers(1, 30),
)
def test_the_next_place_is_free_on_a_board_laid_out_on_a_grid(
    cells: list[tuple[int, int, bool]], more: int
) -> None:
    """Whatever grid-aligned notes and clusters there are, new notes land on free space."""
    start = [
        Note(f"s{i}", x=cx * STEP_X, y=cy * STEP_Y, cluster_id=5 if clustered else None, id=i + 1)
        for i, (cx, cy, clustered) in enumerate(cells)
    ]
    notes = _fill(more, start)
    assert overlapping([(n.x, n.y) for n in notes]) == []
