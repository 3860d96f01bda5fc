"""Walkthrough 13, S7: a phone's note that lands out of the facilitator's sight on the Boards
tab gets a discreet sign ("1 new note below ↓"); a click brings it into view and the sign
goes; a note that lands in sight raises none."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from room_phone import Phone
from room_steps import start_joining

from sprintdesk.domain.board import NOTE_HEIGHT, NOTE_WIDTH
from sprintdesk.ui.workshop.window import TAB_BOARDS, WorkshopWindow


def _in_sight(window: WorkshopWindow, text: str) -> bool:
    view = window.boards.view
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    for item in window.boards.scene.notes.values():
        if item.note.text == text:
            return visible.contains(QRectF(item.pos().x(), item.pos().y(), NOTE_WIDTH, NOTE_HEIGHT))
    raise AssertionError(f"{text!r} is not on the board")


def test_a_phone_note_out_of_sight_gets_a_sign(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    phone = Phone(start_joining(window, qtbot).join_url)
    phone.join(name="Lee", role="")
    window.tabs.setCurrentIndex(TAB_BOARDS)
    boards = window.boards
    sign = boards.new_notes.button
    assert phone.write("First note", "lee-key-00001")[0] == 201
    qtbot.waitUntil(
        lambda: any(i.note.text == "First note" for i in boards.scene.notes.values()), timeout=5000
    )
    view = boards.view
    view.set_zoom(2.0)
    view.centerOn(boards.scene.notes[next(iter(boards.scene.notes))].pos())
    qtbot.waitUntil(lambda: _in_sight(window, "First note"))
    assert not sign.isVisible()  # in sight: no sign
    view.centerOn(-4000, -4000)  # the facilitator looks at another part of the board
    assert phone.write("Second note", "lee-key-00002")[0] == 201
    qtbot.waitUntil(sign.isVisible, timeout=5000)
    assert not _in_sight(window, "Second note")
    assert sign.text().startswith("1 new note ") and sign.text()[-1] in "↓↑→←", sign.text()
    sign.click()
    assert _in_sight(window, "Second note")
    assert not sign.isVisible()


def test_notes_written_in_sight_raise_no_sign(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    boards = window.boards
    boards.view.fit_all()
    boards.quick.setText("Typed here")
    qtbot.keyClick(boards.quick, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(i.note.text == "Typed here" for i in boards.scene.notes.values()))
    assert _in_sight(window, "Typed here")
    assert not boards.new_notes.button.isVisible()
    boards.view.centerOn(-4000, -4000)
    boards.quick.setText("Typed while looking away")
    qtbot.keyClick(boards.quick, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(i.note.text == "Typed while looking away" for i in boards.scene.notes.values())
    )
    assert _in_sight(window, "Typed while looking away") != boards.new_notes.button.isVisible()
