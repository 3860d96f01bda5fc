"""Guard against the PySide6 6.12.0 / CPython 3.11 bug that drops a reference to None on
every void call and every Python override of a virtual (the process then aborts with
``none_dealloc`` after a few thousand board operations)."""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsScene

CALLS = 20_000
CHUNK = 500  # checked every CHUNK calls, so a leak fails cleanly before None is freed
SLACK = 50


class _Painted(QGraphicsItem):
    def __init__(self) -> None:
        super().__init__()
        self.painted = 0

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, 10, 10)

    def paint(self, painter, option, widget=None) -> None:  # type: ignore[no-untyped-def]
        self.painted += 1


def test_installed_combination_is_not_the_broken_one() -> None:
    version = tuple(int(part) for part in PySide6.__version__.split(".")[:2])
    assert not (sys.version_info[:2] == (3, 11) and version >= (6, 12)), (
        f"PySide6 {PySide6.__version__} on Python 3.11 leaks references to None; "
        "pyproject.toml must keep it below 6.12 there"
    )


def test_void_calls_keep_none_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    item = QGraphicsRectItem(0, 0, 10, 10)
    before = sys.getrefcount(None)
    for done in range(0, CALLS, CHUNK):
        for i in range(CHUNK):
            item.setPos(i % 100, i % 50)
        lost = before - sys.getrefcount(None)
        assert lost <= SLACK, f"None lost {lost} references over {done + CHUNK} setPos calls"


def test_python_overrides_of_virtuals_keep_none_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    scene = QGraphicsScene()
    items = [_Painted() for _ in range(200)]
    for index, item in enumerate(items):
        scene.addItem(item)
        item.setPos((index % 20) * 12, (index // 20) * 12)
    image = QImage(256, 128, QImage.Format.Format_ARGB32)
    before = sys.getrefcount(None)
    for _ in range(CALLS // len(items)):
        painter = QPainter(image)
        scene.render(painter)
        painter.end()
        lost = before - sys.getrefcount(None)
        painted = sum(item.painted for item in items)
        assert lost <= SLACK, f"None lost {lost} references over {painted} paint() calls"
    assert sum(item.painted for item in items) >= CALLS * 0.9, "paint() was not called enough"
