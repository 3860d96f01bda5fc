"""A board's background structure: titled columns or lanes, four titled quadrants, or a 2x2
grid with axis labels. It lives in board units, like the notes (domain/board_sizes.py): an
origin, a size, and regions as rectangles. A note is in the region under its centre; the region is
never stored per note, so moving a note or changing the structure needs nothing else.

Stored as a JSON string (``to_json``/``from_json``; "" means no structure), and in template
and workshop files as the same object (``to_dict``/``from_dict``).
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from sprintdesk.domain.board_sizes import CELL_H, CELL_W, GAP, NOTE_HEIGHT, NOTE_WIDTH
from sprintdesk.domain.errors import ValidationError

MAX_TITLE = 80
MAX_AXIS_LABEL = 60
MAX_AXIS_END = 30
MAX_REGIONS = 10
MIN_SIDE = 200.0
MAX_SIDE = 100_000.0
MAX_COORDINATE = 1_000_000.0

PAD = 32.0  # inside a region, around its notes
TITLE_BAND = 120.0  # the strip at the top of a column or quadrant that holds its title
LANE_TITLE = 320.0  # the strip at the left of a lane
AXIS_MARGIN = 150.0  # outside a 2x2 grid, left and below: the axis labels and arrows


class StructureKind(StrEnum):
    COLUMNS = "columns"
    LANES = "lanes"
    QUADRANTS = "quadrants"
    GRID = "grid"  # 2x2 with axis labels (impact / effort)

    @property
    def label(self) -> str:
        return {
            "columns": "Columns",
            "lanes": "Lanes (rows)",
            "quadrants": "Quadrants",
            "grid": "2x2 grid with axes",
        }[self.value]

    @property
    def fixed_count(self) -> int | None:
        """Quadrants and grids always have four regions; columns and lanes any number."""
        return 4 if self in (StructureKind.QUADRANTS, StructureKind.GRID) else None


@dataclass(frozen=True, slots=True)
class Axis:
    label: str  # "Effort"
    low: str = "low"  # at the origin end
    high: str = "high"  # at the arrow's end (right, or up)


@dataclass(frozen=True, slots=True)
class Region:
    index: int
    title: str  # what it is called; never empty (an unnamed grid quadrant is named by its axes)
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def contains(self, x: float, y: float) -> bool:
        """Half-open, so a point on a shared edge belongs to one region only."""
        return self.left <= x < self.right and self.top <= y < self.bottom


class Placed(Protocol):
    @property
    def x(self) -> float: ...

    @property
    def y(self) -> float: ...


T = TypeVar("T", bound=Placed)


@dataclass(frozen=True, slots=True)
class BoardStructure:
    """Build with ``build_structure`` (it cleans and checks); the constructor checks too."""

    kind: StructureKind
    titles: tuple[str, ...]  # columns left to right, lanes top down, quadrants in reading order
    x: float
    y: float
    width: float
    height: float
    x_axis: Axis | None = None  # grid only
    y_axis: Axis | None = None
    _xs: tuple[float, ...] = field(init=False, repr=False, compare=False)
    _ys: tuple[float, ...] = field(init=False, repr=False, compare=False)
    _regions: tuple[Region, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_geometry(self.kind, self.titles, self.x, self.y, self.width, self.height)
        if (self.kind is StructureKind.GRID) != (self.x_axis is not None and self.y_axis is not None):
            raise ValidationError("A 2x2 grid needs both axes, and only a grid has axes.")
        columns, rows = self.shape
        xs = (*(self.x + self.width * i / columns for i in range(columns)), self.x + self.width)
        ys = (*(self.y + self.height * j / rows for j in range(rows)), self.y + self.height)
        regions = tuple(
            Region(
                index,
                self._name(index),
                xs[index % columns],
                ys[index // columns],
                xs[index % columns + 1],
                ys[index // columns + 1],
            )
            for index in range(columns * rows)
        )
        object.__setattr__(self, "_xs", xs)
        object.__setattr__(self, "_ys", ys)
        object.__setattr__(self, "_regions", regions)

    @property
    def shape(self) -> tuple[int, int]:
        """(columns, rows) of regions."""
        count = len(self.titles)
        if self.kind is StructureKind.COLUMNS:
            return count, 1
        if self.kind is StructureKind.LANES:
            return 1, count
        return 2, 2

    @property
    def regions(self) -> tuple[Region, ...]:
        return self._regions

    def _name(self, index: int) -> str:
        title = self.titles[index]
        if title or self.x_axis is None or self.y_axis is None:
            return title
        x_end = self.x_axis.low if index % 2 == 0 else self.x_axis.high
        y_end = self.y_axis.high if index < 2 else self.y_axis.low
        return f"{self.y_axis.label}: {y_end}, {self.x_axis.label}: {x_end}"

    def region_of(self, x: float, y: float) -> Region | None:
        """The region holding the point (board units), None outside every region."""
        if not (self._xs[0] <= x < self._xs[-1] and self._ys[0] <= y < self._ys[-1]):
            return None
        column = bisect.bisect_right(self._xs, x) - 1
        row = bisect.bisect_right(self._ys, y) - 1
        columns, _rows = self.shape
        return self._regions[row * columns + column]

    def region_of_note(self, note: Placed) -> Region | None:
        """A note (anything with x and y, its top-left corner) is where its centre is."""
        return self.region_of(note.x + NOTE_WIDTH / 2, note.y + NOTE_HEIGHT / 2)

    def outer_bounds(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of everything drawn, axis labels included."""
        margin = AXIS_MARGIN if self.kind is StructureKind.GRID else 0.0
        return self.x - margin, self.y, self.x + self.width, self.y + self.height + margin

    def moved_to(self, x: float, y: float) -> BoardStructure:
        return build_structure(
            self.kind,
            self.titles,
            x_axis=self.x_axis,
            y_axis=self.y_axis,
            origin=(x, y),
            size=(self.width, self.height),
        )


# -- building and checking -------------------------------------------------------------------
def _finite(value: object, what: str, limit: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{what} must be a number.")
    number = float(value)
    if not math.isfinite(number) or abs(number) > limit:
        raise ValidationError(f"{what} must be a number between -{limit:,.0f} and {limit:,.0f}.")
    return number


def _check_geometry(
    kind: StructureKind, titles: tuple[str, ...], x: float, y: float, width: float, height: float
) -> None:
    fixed = kind.fixed_count
    if fixed is not None and len(titles) != fixed:
        raise ValidationError(f"{kind.label} have exactly {fixed} titles (got {len(titles)}).")
    if not 1 <= len(titles) <= MAX_REGIONS:
        raise ValidationError(f"{kind.label} need between 1 and {MAX_REGIONS} titles (got {len(titles)}).")
    for number, what in ((x, "The structure's left edge"), (y, "The structure's top edge")):
        _finite(number, what, MAX_COORDINATE)
    for number, what in ((width, "The structure's width"), (height, "The structure's height")):
        if not (math.isfinite(number) and MIN_SIDE <= number <= MAX_SIDE):
            raise ValidationError(f"{what} must be between {MIN_SIDE:,.0f} and {MAX_SIDE:,.0f} board units.")


def _clean_title(text: object, what: str, limit: int, required: bool) -> str:
    if not isinstance(text, str):
        raise ValidationError(f"{what} must be text.")
    cleaned = " ".join(text.split())
    if required and not cleaned:
        raise ValidationError(f"{what} is empty; give it a title.")
    if len(cleaned) > limit:
        raise ValidationError(f"{what} can be at most {limit} characters.")
    return cleaned


def default_size(kind: StructureKind, count: int) -> tuple[float, float]:
    """Small enough that "Fit all" on a laptop or projector still shows the notes' text (above
    the view's detail scale), big enough for a team's first round: a column holds 3 x 5 notes
    under its title, a lane 8 x 2 beside its title, a quadrant 4 x 3. More notes go below a
    full region (never over a note), and the Structure dialog makes it bigger."""
    count = max(1, count)
    if kind is StructureKind.COLUMNS:
        return count * (2 * PAD + 3 * CELL_W), TITLE_BAND + PAD + 5 * CELL_H
    if kind is StructureKind.LANES:
        return LANE_TITLE + PAD + 8 * CELL_W, count * (2 * PAD + 2 * CELL_H)
    return 2 * (2 * PAD + 4 * CELL_W), 2 * (TITLE_BAND + PAD + 3 * CELL_H)


def default_origin(kind: StructureKind, size: tuple[float, float]) -> tuple[float, float]:
    """Above the board's origin, where quick entry starts writing notes: new notes gather
    below the structure, to be dragged into its regions."""
    margin = AXIS_MARGIN if kind is StructureKind.GRID else 0.0
    return margin, -(size[1] + margin + 3 * GAP)


def build_structure(
    kind: StructureKind | str,
    titles: Sequence[str],
    *,
    x_axis: Axis | None = None,
    y_axis: Axis | None = None,
    origin: tuple[float, float] | None = None,
    size: tuple[float, float] | None = None,
) -> BoardStructure:
    """A checked structure with cleaned titles; default size and place when not given."""
    try:
        kind = StructureKind(kind)
    except ValueError:
        names = ", ".join(k.value for k in StructureKind)
        raise ValidationError(f"unknown structure kind '{kind}' (use one of: {names})") from None
    noun = {"columns": "Column", "lanes": "Lane", "quadrants": "Quadrant", "grid": "Quadrant"}[kind.value]
    required = kind is not StructureKind.GRID  # grid quadrants may stay unnamed
    cleaned = tuple(
        _clean_title(title, f"{noun} {index + 1}", MAX_TITLE, required) for index, title in enumerate(titles)
    )
    axes: list[Axis | None] = [None, None]
    if kind is not StructureKind.GRID and (x_axis is not None or y_axis is not None):
        raise ValidationError(f"{kind.label} have no axes: only a 2x2 grid has axes.")
    if kind is StructureKind.GRID:
        for slot, (axis, name) in enumerate(((x_axis, "horizontal"), (y_axis, "vertical"))):
            if axis is None:
                raise ValidationError(f"A 2x2 grid needs a {name} axis.")
            axes[slot] = Axis(
                _clean_title(axis.label, f"The {name} axis", MAX_AXIS_LABEL, True),
                _clean_title(axis.low, f"The low end of the {name} axis", MAX_AXIS_END, False) or "low",
                _clean_title(axis.high, f"The high end of the {name} axis", MAX_AXIS_END, False) or "high",
            )
    width, height = size if size is not None else default_size(kind, len(cleaned))
    x, y = origin if origin is not None else default_origin(kind, (width, height))
    return BoardStructure(kind, cleaned, float(x), float(y), float(width), float(height), axes[0], axes[1])


def resized(structure: BoardStructure | None, kind: StructureKind, count: int) -> tuple[float, float]:
    """The size for ``count`` regions of ``kind``: regions keep their size when only their
    number changes, a new kind starts from its default."""
    if structure is None or structure.kind is not kind:
        return default_size(kind, count)
    old = len(structure.titles)
    if kind is StructureKind.COLUMNS:
        return min(MAX_SIDE, structure.width / old * count), structure.height
    if kind is StructureKind.LANES:
        return structure.width, min(MAX_SIDE, structure.height / old * count)
    return structure.width, structure.height


# -- the file form ---------------------------------------------------------------------------
def to_dict(structure: BoardStructure) -> dict[str, Any]:
    document: dict[str, Any] = {
        "kind": structure.kind.value,
        "titles": list(structure.titles),
        "x": _plain(structure.x),
        "y": _plain(structure.y),
        "width": _plain(structure.width),
        "height": _plain(structure.height),
    }
    for key, axis in (("x_axis", structure.x_axis), ("y_axis", structure.y_axis)):
        if axis is not None:
            document[key] = {"label": axis.label, "low": axis.low, "high": axis.high}
    return document


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def _axis(raw: object, name: str) -> Axis | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or "label" not in raw:
        raise ValidationError(f"The {name} axis must be an object with a label.")
    unknown = set(raw) - {"label", "low", "high"}
    if unknown:
        raise ValidationError(f"The {name} axis has an unknown key '{sorted(unknown)[0]}'.")
    return Axis(raw["label"], raw.get("low", "low"), raw.get("high", "high"))


_KEYS = {"kind", "titles", "x", "y", "width", "height", "x_axis", "y_axis"}


def from_dict(raw: object) -> BoardStructure:
    """A structure from its file form; the position and size may be left out (then the
    defaults for its kind and number of regions)."""
    if not isinstance(raw, dict):
        raise ValidationError("A board structure must be a JSON object.")
    unknown = set(raw) - _KEYS
    if unknown:
        raise ValidationError(f"A board structure has an unknown key '{sorted(unknown)[0]}'.")
    if "kind" not in raw or "titles" not in raw:
        raise ValidationError("A board structure needs a kind and its titles.")
    titles = raw["titles"]
    if not isinstance(titles, list):
        raise ValidationError("A board structure's titles must be a list of text.")
    origin = size = None
    if "x" in raw or "y" in raw:
        origin = (
            _finite(raw.get("x", 0), "The structure's left edge", MAX_COORDINATE),
            _finite(raw.get("y", 0), "The structure's top edge", MAX_COORDINATE),
        )
    if "width" in raw or "height" in raw:
        if "width" not in raw or "height" not in raw:
            raise ValidationError("A board structure needs both its width and its height, or neither.")
        size = (
            _finite(raw["width"], "The structure's width", MAX_SIDE),
            _finite(raw["height"], "The structure's height", MAX_SIDE),
        )
    return build_structure(
        str(raw["kind"]),
        titles,
        x_axis=_axis(raw.get("x_axis"), "horizontal"),
        y_axis=_axis(raw.get("y_axis"), "vertical"),
        origin=origin,
        size=size,
    )


def to_json(structure: BoardStructure | None) -> str:
    """The text kept in the database: "" for no structure."""
    if structure is None:
        return ""
    return json.dumps(to_dict(structure), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def from_json(text: str) -> BoardStructure | None:
    if not text.strip():
        return None
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValidationError(f"A board structure is not valid JSON: {error}"[:200]) from None
    return from_dict(raw)
