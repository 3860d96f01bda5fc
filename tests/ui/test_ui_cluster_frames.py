"""One rule for a cluster's frame: the board draws an empty or a collapsed cluster exactly as
wide and tall as the overlap rule (``frame_of``) and the room's fit (``frame_rect``) take it,
so a note the rule calls clear never lies under a frame on screen (review of issue 12: three
different widths)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QRectF

from sprintdesk.domain.board import Cluster, Note
from sprintdesk.domain.board_geometry import frame_of
from sprintdesk.domain.board_geometry.room_fit import frame_rect
from sprintdesk.domain.board_sizes import NOTE_HEIGHT, NOTE_WIDTH
from sprintdesk.ui.board.cluster_item import ClusterItem


@pytest.mark.parametrize("title", ["T", "Theme 3", "A much longer theme title than most"])
def test_an_empty_cluster_is_drawn_as_the_rules_take_it(app, title: str) -> None:  # type: ignore[no-untyped-def]
    cluster = Cluster(title, x=100.0, y=40.0, id=7)
    item = ClusterItem(cluster)
    item.fit([], 0)
    drawn = item.mapRectToScene(item._rect)
    left, top, right, bottom = frame_of(cluster, [])
    assert (drawn.left(), drawn.top(), drawn.right(), drawn.bottom()) == (left, top, right, bottom)
    assert frame_rect(cluster, []) == (left, top, right, bottom)


def test_a_collapsed_cluster_is_drawn_as_the_room_takes_it(app) -> None:  # type: ignore[no-untyped-def]
    cluster = dataclasses.replace(Cluster("Late changes", x=0.0, y=0.0, id=3), collapsed=True)
    members = [Note("a", x=24.0, y=64.0, cluster_id=3), Note("b", x=200.0, y=64.0, cluster_id=3)]
    item = ClusterItem(cluster)
    item.fit([QRectF(n.x, n.y, NOTE_WIDTH, NOTE_HEIGHT) for n in members], 2)
    drawn = item.mapRectToScene(item._rect)
    assert (drawn.left(), drawn.top(), drawn.right(), drawn.bottom()) == frame_rect(cluster, members)
