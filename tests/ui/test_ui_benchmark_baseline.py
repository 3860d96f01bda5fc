"""The board benchmark's naive baseline draws what it says: one rectangle and one text item
per note. (Made with a parent item in its constructor, PySide6 deleted every text item with
its Python name, and the baseline measured empty rectangles.)"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsTextItem

from sprintdesk.domain.board import Board, BoardContent, Note

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import board_performance


def test_the_naive_scene_keeps_a_text_item_per_note(qapp) -> None:  # type: ignore[no-untyped-def]
    notes = tuple(Note(f"Idea {i}", x=i * 176.0, y=0.0, id=i + 1) for i in range(30))
    scene = board_performance.naive_scene(
        BoardContent(board=Board("Wall", 1, id=1), notes=notes, clusters=())
    )
    items = scene.items()  # type: ignore[attr-defined]
    texts = [item for item in items if isinstance(item, QGraphicsTextItem)]
    assert sum(isinstance(item, QGraphicsRectItem) for item in items) == 30
    assert sorted(t.toPlainText() for t in texts) == sorted(n.text for n in notes)
    assert all(isinstance(t.parentItem(), QGraphicsRectItem) for t in texts)
