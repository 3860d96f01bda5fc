"""The board's wheel and pinch, as on Miro and FigJam: the wheel scrolls (Shift+wheel
sideways), Ctrl+wheel and a trackpad pinch zoom about the pointer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QNativeGestureEvent, QPointingDevice, QWheelEvent
from PySide6.QtWidgets import QApplication

from sprintdesk.ui.workshop.window import TAB_BOARDS


@pytest.fixture
def view(desk, workshop_id, qtbot):  # type: ignore[no-untyped-def]
    board_id, changes = desk.boards.create(workshop_id, "Wall")
    desk.boards.add_notes(board_id, [f"Note {i}" for i in range(40)])
    window = desk.open_workshop(workshop_id)
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    desk.hub.publish(changes)
    panel = window.boards
    qtbot.waitUntil(lambda: panel.board_actions.board_id == board_id and len(panel.scene.notes) == 40)
    panel.view.set_zoom(1.0)
    panel.view.centerOn(600, 300)
    return panel.view


def _wheel(view, at: QPoint, dy: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    event = QWheelEvent(
        QPointF(at),
        QPointF(view.viewport().mapToGlobal(at)),
        QPoint(),
        QPoint(0, dy),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_the_wheel_scrolls_and_shift_wheel_scrolls_sideways(view) -> None:  # type: ignore[no-untyped-def]
    at = QPoint(300, 200)
    top, left = view.verticalScrollBar().value(), view.horizontalScrollBar().value()
    _wheel(view, at, -120)  # one notch down
    assert view.zoom == pytest.approx(1.0)
    assert view.verticalScrollBar().value() > top
    assert view.horizontalScrollBar().value() == left
    _wheel(view, at, -120, Qt.KeyboardModifier.ShiftModifier)
    assert view.horizontalScrollBar().value() > left
    assert view.zoom == pytest.approx(1.0)


def test_ctrl_wheel_zooms_about_the_pointer(view) -> None:  # type: ignore[no-untyped-def]
    at = QPoint(250, 180)
    under = view.mapToScene(at)
    _wheel(view, at, 120, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(1.15)
    after = view.mapFromScene(under)
    assert abs(after.x() - at.x()) <= 1 and abs(after.y() - at.y()) <= 1
    _wheel(view, at, -240, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(1.15 / 1.15**2)


def test_a_trackpad_pinch_zooms_about_the_fingers(view) -> None:  # type: ignore[no-untyped-def]
    at = QPointF(700, 320)
    under = view.mapToScene(at.toPoint())
    event = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        QPointingDevice.primaryPointingDevice(),
        2,
        at,
        at,
        QPointF(view.viewport().mapToGlobal(at.toPoint())),
        0.25,
        QPointF(),
    )
    QApplication.sendEvent(view.viewport(), event)
    assert view.zoom == pytest.approx(1.25)
    after = view.mapFromScene(under)
    assert abs(after.x() - at.x()) <= 1 and abs(after.y() - at.y()) <= 1
