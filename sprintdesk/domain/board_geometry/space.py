"""Rectangles on a board, indexed by where they are, and the nearest free place for a new one.

``Space`` buckets rectangles (left, top, right, bottom) into square tiles so that asking what
a rectangle touches costs about the same on a 10-note board as on a 10,000-note one.
``nearest_free`` finds the free top-left corner closest to a start point: the best place for
a rectangle among rectangular obstacles has each coordinate either where it started or
touching (at ``gap``) one obstacle's side, so those are the only candidates tried."""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterator
from typing import Generic, TypeVar

from sprintdesk.domain.board_geometry.grid import Position, Rect

TILE = 512.0
EPS = 1e-6  # rectangles that only touch do not overlap
K = TypeVar("K", bound=Hashable)  # what names a rectangle


def apart(a: Rect, b: Rect, clearance: float = 0.0) -> bool:
    """True when ``a`` and ``b`` are at least ``clearance`` apart (touching is apart at 0)."""
    return (
        a[0] >= b[2] + clearance - EPS
        or b[0] >= a[2] + clearance - EPS
        or a[1] >= b[3] + clearance - EPS
        or b[1] >= a[3] + clearance - EPS
    )


class Space(Generic[K]):
    def __init__(self) -> None:
        self.rects: dict[K, Rect] = {}
        self._tiles: dict[tuple[int, int], set[K]] = {}

    @staticmethod
    def _span(rect: Rect) -> Iterator[tuple[int, int]]:
        left, top = math.floor(rect[0] / TILE), math.floor(rect[1] / TILE)
        right, bottom = math.floor(rect[2] / TILE), math.floor(rect[3] / TILE)
        for tx in range(left, right + 1):
            for ty in range(top, bottom + 1):
                yield tx, ty

    def add(self, key: K, rect: Rect) -> None:
        self.remove(key)
        self.rects[key] = rect
        for tile in self._span(rect):
            self._tiles.setdefault(tile, set()).add(key)

    def remove(self, key: K) -> None:
        rect = self.rects.pop(key, None)
        if rect is None:
            return
        for tile in self._span(rect):
            keys = self._tiles.get(tile)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._tiles[tile]

    def near(self, rect: Rect, clearance: float = 0.0) -> set[K]:
        """Keys whose rectangles may come closer than ``clearance`` to ``rect``."""
        grown = (rect[0] - clearance, rect[1] - clearance, rect[2] + clearance, rect[3] + clearance)
        found: set[K] = set()
        for tile in self._span(grown):
            found.update(self._tiles.get(tile, ()))
        return found

    def hits(self, rect: Rect, clearance: float = 0.0, ignore: Collection[K] = ()) -> list[K]:
        """Keys of the rectangles closer than ``clearance`` to ``rect`` (at 0: overlapping)."""
        return [
            key
            for key in self.near(rect, clearance)
            if key not in ignore and not apart(rect, self.rects[key], clearance)
        ]


def nearest_free(
    space: Space[K],
    size: tuple[float, float],
    start: Position,
    gap: float,
    ignore: Collection[K] = (),
    limit: float = math.inf,
) -> Position | None:
    """The top-left corner nearest ``start`` where a rectangle of ``size`` keeps ``gap`` clear
    of every rectangle in ``space`` (but those in ``ignore``). Obstacles are gathered in a
    widening square; a place found within the square's reach is the nearest there is. None
    when there is none within ``limit`` of ``start`` (without a limit there always is one)."""
    width, height = size
    x0, y0 = start
    if not space.hits((x0, y0, x0 + width, y0 + height), gap, ignore):
        return start
    reach = max(width, height)
    while True:
        margin = reach + width + height + gap
        around = (x0 - margin, y0 - margin, x0 + width + margin, y0 + height + margin)
        xs, ys = {x0}, {y0}
        for key in space.near(around):
            if key in ignore:
                continue
            left, top, right, bottom = space.rects[key]
            xs.update((left - width - gap, right + gap))
            ys.update((top - height - gap, bottom + gap))
        candidates = sorted(
            (dx * dx + dy * dy, x, y)
            for x in xs
            if abs(dx := x - x0) <= reach
            for y in ys
            if abs(dy := y - y0) <= reach
        )
        for distance, x, y in candidates:
            if distance > reach * reach:
                break
            if not space.hits((x, y, x + width, y + height), gap, ignore):
                return x, y
        if reach >= limit:
            return None
        reach = min(2 * reach, limit)
