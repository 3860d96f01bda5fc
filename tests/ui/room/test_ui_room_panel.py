"""Issue 13, the facilitator stays in charge: the participants panel (online, notes, dots),
removing someone (their phone gets 401, their notes stay), the moderation inbox (approve puts
the note on the board, reject throws it away, by keyboard), the board lock, and the run keys
that keep working while people write."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from room_phone import Phone
from room_steps import start_joining

from sprintdesk.app import SprintDesk
from sprintdesk.domain.timer import TimerState
from sprintdesk.ui.room.panel import NOTES, STATUS
from sprintdesk.ui.workshop.window import WorkshopWindow


def _row_of(window: WorkshopWindow, name: str) -> int | None:
    assert window.room is not None
    table = window.room.panel.table
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.text() == name:
            return row
    return None


def _cell(window: WorkshopWindow, name: str, column: int) -> str:
    assert window.room is not None
    row = _row_of(window, name)
    item = window.room.panel.table.item(row, column) if row is not None else None
    return item.text() if item is not None else ""


def _on_board(window: WorkshopWindow, text: str) -> bool:
    return any(item.note.text == text for item in window.run_panel.board_scene.notes.values())


def test_the_panel_lists_who_is_online_with_notes_and_dots(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    phone = Phone(start_joining(window, qtbot).join_url)
    phone.join(name="Dana", role="")
    for index in range(2):
        assert phone.write(f"Idea {index}", f"dana-key-{index:04d}")[0] == 201
    qtbot.waitUntil(lambda: _cell(window, "Dana", NOTES) == "2", timeout=5000)
    assert _cell(window, "Dana", STATUS) == "offline"
    phone.listen()
    try:
        qtbot.waitUntil(lambda: _cell(window, "Dana", STATUS) == "online", timeout=5000)
    finally:
        phone.hang_up()
    qtbot.waitUntil(lambda: _cell(window, "Dana", STATUS) == "offline", timeout=5000)


def test_removing_a_participant_revokes_the_phone_and_keeps_the_notes(
    desk: SprintDesk,
    window: WorkshopWindow,
    board_id: int,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    phone = Phone(start_joining(window, qtbot).join_url)
    phone.join(name="Robin", role="")
    assert phone.write("Keep me", "robin-key-0001")[0] == 201
    qtbot.waitUntil(lambda: _row_of(window, "Robin") is not None, timeout=5000)
    assert window.room is not None
    panel = window.room.panel
    asked: list[str] = []

    def confirm(
        _parent: Any, _title: str, text: str, *args: Any, **kwargs: Any
    ) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    row = _row_of(window, "Robin")
    assert row is not None
    panel.table.selectRow(row)
    panel.remove_button.click()
    assert asked and "Robin" in asked[0]
    status, _ = phone.call("GET", "/api/me")
    assert status == 401
    assert phone.write("Again", "robin-key-0002")[0] == 401
    assert _on_board(window, "Keep me")  # the notes stay, on the board and in the database
    assert [note.text for note in desk.boards.load(board_id).notes] == ["Keep me"]


def test_a_cancelled_removal_changes_nothing(
    window: WorkshopWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    phone = Phone(start_joining(window, qtbot).join_url)
    phone.join(name="Kim", role="")
    qtbot.waitUntil(lambda: _row_of(window, "Kim") is not None, timeout=5000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert window.room is not None
    row = _row_of(window, "Kim")
    assert row is not None
    window.room.panel.table.selectRow(row)
    window.room.panel.remove_button.click()
    assert phone.call("GET", "/api/me")[0] == 200


def test_moderation_approve_puts_the_note_on_the_board(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    phone = Phone(start_joining(window, qtbot, moderation=True).join_url)
    phone.join(name="Lee", role="")
    status, answer = phone.write("Moderate me", "lee-key-00001")
    assert status == 201 and answer["note"]["status"] == "waiting", answer
    assert phone.write("Throw me away", "lee-key-00002")[0] == 201
    assert window.room is not None
    inbox = window.room.panel.inbox
    qtbot.waitUntil(lambda: inbox.list.count() == 2, timeout=5000)
    assert inbox.isVisible()  # in run mode, where joining started
    assert not _on_board(window, "Moderate me")
    inbox.list.setFocus()
    texts = [inbox.list.item(i).text() for i in range(inbox.list.count())]
    inbox.list.setCurrentRow(next(i for i, t in enumerate(texts) if "Moderate me" in t))
    qtbot.keyClick(inbox.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _on_board(window, "Moderate me"), timeout=5000)
    qtbot.waitUntil(lambda: inbox.list.count() == 1)
    assert "Throw me away" in inbox.list.item(0).text()
    inbox.list.setCurrentRow(0)
    qtbot.keyClick(inbox.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: inbox.list.count() == 0)
    assert not _on_board(window, "Throw me away")
    status, me = phone.call("GET", "/api/me")
    assert status == 200
    assert [n["status"] for n in me["notes"]] == ["on board"]


def test_locking_the_board_refuses_phone_notes(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    phone = Phone(start_joining(window, qtbot).join_url)
    phone.join(name="Sam", role="")
    assert window.room is not None
    panel = window.room.panel
    panel.lock_button.click()
    qtbot.waitUntil(lambda: panel.lock_button.text() == "Unlock board")
    status, _ = phone.write("Too late", "sam-key-00001")
    assert 400 <= status < 500
    panel.lock_button.click()
    qtbot.waitUntil(lambda: panel.lock_button.text() == "Lock board")
    assert phone.write("In time", "sam-key-00002")[0] == 201


def test_run_keys_keep_working_while_people_write(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    phone = Phone(start_joining(window, qtbot, moderation=True).join_url)
    phone.join(name="Ari", role="")
    window.show()
    window.activateWindow()
    window.tabs.setCurrentIndex(3)
    window.run_panel.setFocus()
    assert window.room is not None
    for index in range(3):
        assert phone.write(f"While you run {index}", f"ari-key-{index:05d}")[0] == 201
    qtbot.waitUntil(
        lambda: window.room is not None and window.room.panel.inbox.list.count() == 3, timeout=5000
    )
    assert window.focusWidget() is window.run_panel  # refreshing the panel took nothing
    qtbot.keyClick(window.run_panel, Qt.Key.Key_Space)
    status = window.controller.status()
    assert status is not None and status.state is TimerState.RUNNING
    window.room.panel.inbox.list.setFocus()  # the facilitator was approving notes
    qtbot.keyClick(window.room.panel.inbox.list, Qt.Key.Key_Space)
    status = window.controller.status()
    assert status is not None and status.state is TimerState.PAUSED
