"""Board structures: geometry, regions of points and notes, checks, presets, the JSON form."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sprintdesk.domain.board import GAP, NOTE_HEIGHT, NOTE_WIDTH, Note
from sprintdesk.domain.board_geometry import content_box, free_spots, place_above
from sprintdesk.domain.board_regions import group_by_region, region_title
from sprintdesk.domain.board_structure import (
    AXIS_MARGIN,
    Axis,
    BoardStructure,
    StructureKind,
    build_structure,
    default_size,
    from_dict,
    from_json,
    resized,
    to_dict,
    to_json,
)
from sprintdesk.domain.board_structure_presets import PRESETS, preset
from sprintdesk.domain.errors import ValidationError


def ssc(origin: tuple[float, float] = (0.0, 0.0)) -> BoardStructure:
    return build_structure("columns", ["Start", "Stop", "Continue"], origin=origin, size=(2400, 1200))


def grid() -> BoardStructure:
    return build_structure(
        "grid",
        ["Quick wins", "", "Fill-ins", "Money pit"],
        x_axis=Axis("Effort"),
        y_axis=Axis("Impact", "small", "big"),
        origin=(0, 0),
        size=(2000, 1600),
    )


def test_columns_split_the_width_and_points_fall_in_one_column() -> None:
    s = ssc()
    assert [(r.title, r.left, r.right, r.top, r.bottom) for r in s.regions] == [
        ("Start", 0, 800, 0, 1200),
        ("Stop", 800, 1600, 0, 1200),
        ("Continue", 1600, 2400, 0, 1200),
    ]
    assert s.region_of(0, 0).title == "Start"  # type: ignore[union-attr]
    assert s.region_of(799.999, 600).title == "Start"  # type: ignore[union-attr]
    assert s.region_of(800, 600).title == "Stop"  # type: ignore[union-attr]  # a shared edge: the right one
    assert s.region_of(2399.9, 1199.9).title == "Continue"  # type: ignore[union-attr]
    for outside in ((-0.1, 10), (2400, 10), (10, 1200), (10, -5)):
        assert s.region_of(*outside) is None


def test_lanes_quadrants_and_grid_shapes() -> None:
    lanes = build_structure("lanes", ["PM", "UX", "Eng"], origin=(0, 0), size=(2000, 900))
    assert [(r.top, r.bottom) for r in lanes.regions] == [(0, 300), (300, 600), (600, 900)]
    assert lanes.region_of(1999, 650).title == "Eng"  # type: ignore[union-attr]
    empathy = build_structure(
        "quadrants", ["Says", "Thinks", "Does", "Feels"], origin=(0, 0), size=(1000, 800)
    )
    assert empathy.region_of(10, 10).title == "Says"  # type: ignore[union-attr]
    assert empathy.region_of(990, 10).title == "Thinks"  # type: ignore[union-attr]
    assert empathy.region_of(10, 790).title == "Does"  # type: ignore[union-attr]
    assert empathy.region_of(990, 790).title == "Feels"  # type: ignore[union-attr]
    g = grid()
    # an unnamed quadrant is named by its axes: top right is high impact ("big"), high effort
    assert [r.title for r in g.regions] == [
        "Quick wins",
        "Impact: big, Effort: high",
        "Fill-ins",
        "Money pit",
    ]
    assert g.outer_bounds() == (-AXIS_MARGIN, 0, 2000, 1600 + AXIS_MARGIN)


def test_a_note_is_where_its_centre_is() -> None:
    s = ssc()
    half_in = Note("x", x=800 - NOTE_WIDTH / 2 - 1, y=100)  # its centre 1 unit left of the edge
    assert s.region_of_note(half_in).title == "Start"  # type: ignore[union-attr]
    assert s.region_of_note(Note("x", x=800 - NOTE_WIDTH / 2, y=100)).title == "Stop"  # type: ignore[union-attr]
    assert s.region_of_note(Note("x", x=10, y=1200 - NOTE_HEIGHT / 2)) is None
    assert region_title(s, Note("x", x=900, y=100)) == "Stop"
    assert region_title(None, Note("x")) == "" and region_title(s, Note("x", x=-500)) == ""


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(list(StructureKind)),
    count=st.integers(1, 10),
    x0=st.floats(-5000, 5000),
    y0=st.floats(-5000, 5000),
    width=st.floats(200, 20000),
    height=st.floats(200, 20000),
    px=st.floats(-30000, 30000),
    py=st.floats(-30000, 30000),
)
def test_every_point_is_in_at_most_one_region(
    kind: StructureKind, count: int, x0: float, y0: float, width: float, height: float, px: float, py: float
) -> None:
    titles = [f"R{i}" for i in range(kind.fixed_count or count)]
    axes = {"x_axis": Axis("X"), "y_axis": Axis("Y")} if kind is StructureKind.GRID else {}
    s = build_structure(kind, titles, origin=(x0, y0), size=(width, height), **axes)  # type: ignore[arg-type]
    containing = [r for r in s.regions if r.contains(px, py)]
    assert len(containing) <= 1
    assert s.region_of(px, py) == (containing[0] if containing else None)
    inside = x0 <= px < x0 + width and y0 <= py < y0 + height
    assert (s.region_of(px, py) is not None) == inside, "the regions tile the structure exactly"


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(list(StructureKind)),
    titles=st.lists(st.text(min_size=1, max_size=80).filter(lambda t: t.split()), min_size=1, max_size=10),
    x0=st.floats(-1e6, 1e6),
    y0=st.floats(-1e6, 1e6),
    width=st.floats(200, 100_000),
    height=st.floats(200, 100_000),
)
def test_the_json_form_round_trips(
    kind: StructureKind, titles: list[str], x0: float, y0: float, width: float, height: float
) -> None:
    if kind.fixed_count:
        titles = (titles * 4)[:4]
    axes = (
        {"x_axis": Axis("Effort", "a", "b"), "y_axis": Axis("Impact")} if kind is StructureKind.GRID else {}
    )
    s = build_structure(kind, titles, origin=(x0, y0), size=(width, height), **axes)  # type: ignore[arg-type]
    text = to_json(s)
    assert from_json(text) == s
    assert from_dict(json.loads(json.dumps(to_dict(s)))) == s
    assert [r.title for r in from_json(text).regions] == [r.title for r in s.regions]  # type: ignore[union-attr]


def test_no_structure_is_the_empty_string() -> None:
    assert to_json(None) == "" and from_json("") is None and from_json("   ") is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("[1, 2]", "must be a JSON object"),
        ("{nope", "not valid JSON"),
        ('{"kind": "circles", "titles": ["a"]}', "unknown structure kind 'circles'"),
        ('{"kind": "columns"}', "needs a kind and its titles"),
        ('{"kind": "columns", "titles": "Start"}', "titles must be a list"),
        ('{"kind": "columns", "titles": []}', "between 1 and 10 titles"),
        ('{"kind": "columns", "titles": ["a","b","c","d","e","f","g","h","i","j","k"]}', "between 1 and 10"),
        ('{"kind": "columns", "titles": ["Start", "  "]}', "Column 2 is empty"),
        ('{"kind": "columns", "titles": ["Start", 3]}', "Column 2 must be text"),
        ('{"kind": "quadrants", "titles": ["a", "b", "c"]}', "exactly 4 titles"),
        ('{"kind": "grid", "titles": ["", "", "", ""]}', "needs a horizontal axis"),
        ('{"kind": "grid", "titles": ["", "", "", ""], "x_axis": {"label": "E"}}', "needs a vertical axis"),
        (
            '{"kind": "grid", "titles": ["","","",""], "x_axis": {"label": " "}, "y_axis": {"label": "I"}}',
            "horizontal axis is empty",
        ),
        ('{"kind": "columns", "titles": ["a"], "x_axis": {"label": "E"}}', "only a 2x2 grid has axes"),
        ('{"kind": "columns", "titles": ["a"], "colour": "red"}', "unknown key 'colour'"),
        ('{"kind": "columns", "titles": ["a"], "width": 900}', "both its width and its height"),
        ('{"kind": "columns", "titles": ["a"], "width": 10, "height": 900}', "between 200 and 100,000"),
        ('{"kind": "columns", "titles": ["a"], "x": "left"}', "left edge must be a number"),
        ('{"kind": "columns", "titles": ["a"], "x": 1e300}', "left edge must be a number between"),
        ('{"kind": "columns", "titles": ["a"], "y": true}', "top edge must be a number"),
        ('{"kind": "columns", "titles": ["' + "x" * 81 + '"]}', "at most 80 characters"),
    ],
)
def test_bad_structures_are_refused_with_a_clear_message(raw: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        from_json(raw)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_structure_object_is_always_valid() -> None:
    with pytest.raises(ValidationError):
        BoardStructure(StructureKind.COLUMNS, ("a",), 0, 0, math.inf, 100)
    with pytest.raises(ValidationError):
        BoardStructure(StructureKind.GRID, ("", "", "", ""), 0, 0, 900, 900)  # no axes


def test_titles_and_axes_are_cleaned() -> None:
    s = build_structure(
        "grid", [" Quick  wins ", "", "", ""], x_axis=Axis("  Effort ", "", " "), y_axis=Axis("Impact")
    )
    assert s.titles == ("Quick wins", "", "", "")
    assert s.x_axis == Axis("Effort", "low", "high")


def test_default_sizes_hold_a_first_round_of_notes_per_region() -> None:
    for candidate in PRESETS:
        s = candidate.build()
        assert (s.width, s.height) == default_size(s.kind, len(s.titles))
        for region in s.regions:
            left, top, right, bottom = content_box(s, region)
            per_row = int((right - left + GAP) // (NOTE_WIDTH + GAP))
            rows = int((bottom - top + GAP) // (NOTE_HEIGHT + GAP))
            assert per_row * rows >= 12, (candidate.key, region.title, per_row, rows)
        # placed above the board's origin, where quick entry starts: a new note is outside it
        assert s.region_of_note(Note("first", 0, 0)) is None
        assert s.outer_bounds()[3] < 0


def test_presets() -> None:
    assert preset("start-stop-continue").titles == ("Start", "Stop", "Continue")
    assert preset("empathy-map").build().kind is StructureKind.QUADRANTS
    impact = preset("impact-effort").build()
    assert impact.x_axis == Axis("Effort") and impact.y_axis == Axis("Impact")
    assert [r.title for r in impact.regions] == ["Quick wins", "Big bets", "Fill-ins", "Money pit"]
    assert len({p.key for p in PRESETS}) == len(PRESETS)
    with pytest.raises(KeyError):
        preset("nope")


def test_resized_keeps_region_size_when_only_the_count_changes() -> None:
    s = ssc()
    assert resized(s, StructureKind.COLUMNS, 4) == (3200, 1200)
    lanes = build_structure("lanes", ["a", "b"], size=(2000, 800))
    assert resized(lanes, StructureKind.LANES, 3) == (2000, 1200)
    assert resized(s, StructureKind.QUADRANTS, 4) == default_size(StructureKind.QUADRANTS, 4)
    assert resized(None, StructureKind.COLUMNS, 2) == default_size(StructureKind.COLUMNS, 2)


def test_place_above_keeps_clear_of_what_is_on_the_board() -> None:
    s = ssc((0, 0))
    moved = place_above(s, [(100, 50, 260, 170), (-300, 400, -140, 520)])
    assert moved.x == -300 and moved.y + moved.height < 50
    assert moved.titles == s.titles and moved.width == s.width
    assert place_above(s, []) == s
    g = place_above(grid(), [(0, 0, 160, 120)])
    assert g.outer_bounds()[0] == 0 and g.outer_bounds()[3] < 0, "the axis labels clear the notes too"


def test_group_by_region_lists_every_region_then_the_outside() -> None:
    s = ssc()
    notes = [Note("a", 900, 100), Note("b", 100, 100), Note("c", 5000, 5000), Note("d", 1000, 300)]
    groups = group_by_region(s, notes)
    assert [(r.title if r else None, [n.text for n in ns]) for r, ns in groups] == [
        ("Start", ["b"]),
        ("Stop", ["a", "d"]),
        ("Continue", []),
        (None, ["c"]),
    ]
    assert group_by_region(s, notes[:2])[-1][0] is not None, "no outside group when every note is inside"
    assert group_by_region(None, notes) == [(None, notes)]


def test_free_spots_fill_a_region_around_its_notes() -> None:
    s = ssc()
    stop = s.regions[1]
    left, top, _right, _bottom = content_box(s, stop)
    existing = [Note("there", left, top)]
    spots = free_spots(s, stop, existing, 5)
    assert (left, top) not in spots and len(set(spots)) == 5
    assert all(s.region_of_note(Note("n", x, y)) == stop for x, y in spots)
    many = free_spots(s, stop, [], 200)  # more than fit: the rest below the structure, not layered
    assert len(many) == 200 and len(set(many)) == 200
    assert all(s.region_of_note(Note("n", x, y)) in (stop, None) for x, y in many)


def test_quick_entry_writes_below_the_structure_never_into_a_region() -> None:
    from sprintdesk.domain.board_geometry import inbox_position

    s = ssc()
    first = inbox_position(s, [Note("in Start", 100, 300)])
    assert first == (0, 1200 + 2 * GAP) and s.region_of_note(Note("new", *first)) is None
    after = inbox_position(s, [Note("in Start", 100, 300), Note("outside", *first)])
    assert after == (first[0] + NOTE_WIDTH + GAP, first[1])
    g = grid()
    assert inbox_position(g, [])[1] == g.outer_bounds()[3] + 2 * GAP, "below the axis labels"


def test_tidy_groups_keep_clusters_in_their_region() -> None:
    from sprintdesk.domain.board import Cluster
    from sprintdesk.domain.board_geometry import tidy_groups

    s = ssc()
    in_stop = [Cluster("A", 900, 300, id=1), Cluster("B", 1200, 700, id=2)]
    in_start = [Cluster("C", 100, 100, id=3)]
    outside = [Cluster("D", 3000, 50, id=4), Cluster("E", 2600, 400, id=5)]
    groups = tidy_groups(s, [*in_stop, *outside, *in_start])
    assert [(sorted(c.title for c in g.clusters), g.right is not None) for g in groups] == [
        (["C"], True),
        (["A", "B"], True),
        (["D", "E"], False),
    ]
    stop_box = content_box(s, s.regions[1])
    assert (groups[1].left, groups[1].top, groups[1].right) == stop_box[:3]
    assert (groups[2].left, groups[2].top) == (2600, 50)
    assert [len(g.clusters) for g in tidy_groups(None, in_stop)] == [2] and tidy_groups(s, []) == []
