"""What the shared screen fits to: notes, their clusters and the headers of the regions that
hold them, never empty structure; centred with margins; fitted again only when needed."""

from __future__ import annotations

import pytest

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH, Board, BoardContent, Cluster, Note
from sprintdesk.domain.board_geometry.room_fit import (
    BOARD_MARGIN,
    NOTE_MAX_SHARE,
    RoomFocus,
    contains,
    fit_view,
    focus_bounds,
    margin_px,
    needs_refit,
    room_bounds,
    visible_rect,
)
from sprintdesk.domain.board_structure import TITLE_BAND, build_structure

SSC = build_structure("columns", ["Start", "Stop", "Continue"], origin=(0, 0))


def _content(notes: list[Note], clusters: tuple[Cluster, ...] = (), structure=SSC) -> BoardContent:  # type: ignore[no-untyped-def]
    board = Board("Retro", 1, id=7, structure=structure)
    return BoardContent(board, tuple(notes), clusters)


def _in_column(index: int, count: int) -> list[Note]:
    region = SSC.regions[index]
    return [
        Note(
            f"n{index}-{i}",
            region.left + 40 + (i % 3) * 176,
            region.top + TITLE_BAND + 40 + (i // 3) * 136,
            id=index * 100 + i,
        )
        for i in range(count)
    ]


def test_empty_columns_are_not_fitted_but_the_header_of_the_one_holding_notes_is() -> None:
    notes = _in_column(0, 4)
    box = room_bounds(_content(notes))
    assert box is not None
    first, second = SSC.regions[0], SSC.regions[1]
    assert box[1] <= first.top  # the "Start" header is in
    assert box[0] <= first.left and box[2] >= first.right - 1  # the whole header is
    assert box[2] < second.left + 1 + BOARD_MARGIN  # "Stop" and "Continue" (empty) are out
    assert box[3] < SSC.y + SSC.height  # the column's empty lower part is out


def test_notes_in_all_three_columns_fit_all_three_headers() -> None:
    notes = _in_column(0, 2) + _in_column(1, 2) + _in_column(2, 1)
    box = room_bounds(_content(notes))
    assert box is not None
    assert box[0] <= SSC.regions[0].left and box[2] >= SSC.regions[2].right


def test_cluster_frames_count_and_collapsed_members_do_not() -> None:
    notes = [Note("a", 0, 100, cluster_id=1, id=1), Note("b", 5000, 5000, cluster_id=2, id=2)]
    clusters = (Cluster("Speed", 0, 40, id=1), Cluster("Far", 4900, 4900, collapsed=True, id=2))
    box = room_bounds(_content(notes, clusters, None))
    assert box is not None
    assert box[1] <= 40 - BOARD_MARGIN + 0.5  # the cluster's title above its note
    assert box[3] < 4900 + 200 + BOARD_MARGIN  # the collapsed frame, not the note hidden in it
    assert box[3] > 4900  # but the collapsed frame itself is in


def test_an_empty_board_has_nothing_to_fit() -> None:
    assert room_bounds(_content([])) is None


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160)])
def test_fit_is_centred_with_margins_and_as_large_as_it_can_be(size: tuple[int, int]) -> None:
    width, height = size
    box = (100.0, 200.0, 1700.0, 900.0)
    fit = fit_view(box, width, height)
    margin = margin_px(width, height)
    drawn_w, drawn_h = (box[2] - box[0]) * fit.scale, (box[3] - box[1]) * fit.scale
    assert drawn_w <= width - 2 * margin + 0.01 and drawn_h <= height - 2 * margin + 0.01
    assert max(drawn_w / (width - 2 * margin), drawn_h / (height - 2 * margin)) == pytest.approx(1.0)
    assert (fit.centre_x, fit.centre_y) == (900.0, 550.0)
    assert contains(visible_rect(fit, width, height), box)


def test_one_note_never_fills_the_room() -> None:
    for height in (720, 2160):
        fit = fit_view((0, 0, NOTE_WIDTH, NOTE_HEIGHT), height * 16 / 9, height)
        assert NOTE_HEIGHT * fit.scale == pytest.approx(NOTE_MAX_SHARE * height)


def test_refit_only_when_content_leaves_the_screen_or_shrinks_a_lot() -> None:
    notes = _in_column(0, 6)
    box = room_bounds(_content(notes))
    assert box is not None
    shown = fit_view(box, 1280, 720)
    assert needs_refit(box, None, 1280, 720)  # never fitted yet
    typed = [*notes[:-1], Note("edited text", notes[-1].x, notes[-1].y, id=notes[-1].id)]
    assert not needs_refit(room_bounds(_content(typed)), shown, 1280, 720)  # a keystroke: stay
    far = [*notes, Note("far", SSC.regions[2].left + 40, 300, id=999)]
    assert needs_refit(room_bounds(_content(far)), shown, 1280, 720)  # past the edge
    wide = fit_view(room_bounds(_content(far)) or box, 1280, 720)
    assert needs_refit(box, wide, 1280, 720)  # shrank a lot: notes can be much larger


def test_focus_on_a_cluster_a_region_and_back() -> None:
    notes = [*_in_column(0, 2), Note("c", 900, 400, cluster_id=5, id=50)]
    clusters = (Cluster("Ideas", 870, 340, id=5),)
    content = _content(notes, clusters)
    cluster = focus_bounds(content, RoomFocus(7, cluster_id=5))
    assert (
        cluster is not None and cluster[0] >= 870 - BOARD_MARGIN - 24 and cluster[2] <= 900 + NOTE_WIDTH + 60
    )
    region = focus_bounds(content, RoomFocus(7, region_index=2))  # empty: the region itself
    third = SSC.regions[2]
    assert region == (
        third.left - BOARD_MARGIN,
        third.top - BOARD_MARGIN,
        third.right + BOARD_MARGIN,
        third.bottom + BOARD_MARGIN,
    )
    assert focus_bounds(content, RoomFocus(7)) == room_bounds(content)
    assert focus_bounds(content, RoomFocus(7, cluster_id=404)) is None
