"""A new cluster frame keeps clear of the other clusters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sprintdesk.domain.board import GAP, Cluster, Note
from sprintdesk.domain.board_geometry import Rect, cluster_rects, cluster_size, free_cluster_origin


def test_a_frame_that_fits_stays_where_it_is() -> None:
    assert free_cluster_origin((0.0, 0.0), (100.0, 100.0), [(500.0, 0.0, 600.0, 100.0)]) == (0.0, 0.0)


def test_a_frame_moves_right_past_the_cluster_it_would_cover() -> None:
    taken = [(50.0, 20.0, 300.0, 200.0), (300.0 + GAP + 10.0, 0.0, 700.0, 90.0)]
    x, y = free_cluster_origin((0.0, 0.0), (200.0, 150.0), taken)
    assert (x, y) == (700.0 + GAP, 0.0)


def test_rects_are_sized_by_how_many_notes_each_cluster_holds() -> None:
    clusters = [Cluster("A", x=10.0, y=20.0, id=1), Cluster("B", x=900.0, y=0.0, id=2)]
    notes = [Note("a", cluster_id=1), Note("b", cluster_id=1), Note("c", cluster_id=1), Note("loose")]
    (a, b) = cluster_rects(clusters, notes)
    assert a == (10.0, 20.0, 10.0 + cluster_size(3)[0], 20.0 + cluster_size(3)[1])
    assert b == (900.0, 0.0, 900.0 + cluster_size(0)[0], cluster_size(0)[1])


rects = st.tuples(st.floats(-2000, 2000), st.floats(-2000, 2000), st.floats(1, 800), st.floats(1, 800)).map(
    lambda r: (r[0], r[1], r[0] + r[2], r[1] + r[3])
)


@given(st.lists(rects, max_size=30), st.floats(-2000, 2000), st.floats(-2000, 2000), st.floats(1, 900))
def test_the_chosen_place_never_touches_another_frame(
    taken: list[Rect], x: float, y: float, size: float
) -> None:
    left, top = free_cluster_origin((x, y), (size, size), taken)
    assert top == y and left >= x
    for rect in taken:
        apart = (
            left >= rect[2] + GAP
            or rect[0] >= left + size + GAP
            or top >= rect[3] + GAP
            or rect[1] >= top + size + GAP
        )
        assert apart
