"""Walkthrough 13, S4: moderation run live. The Boards tab (where the facilitator works while
people write) counts the notes waiting for approval; "Approve all" puts every one on the board
in one go (the button, the badge's menu, Ctrl+Enter in the inbox); the keyboard reaches the
inbox from any tab (Ctrl+Shift+I), where Enter approves and Delete rejects."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from room_phone import Phone
from room_steps import start_joining

from sprintdesk.ui.room.controls import INBOX_KEY
from sprintdesk.ui.workshop.window import TAB_BOARDS, TAB_RUN, WorkshopWindow


def _on_board(window: WorkshopWindow) -> set[str]:
    return {item.note.text for item in window.run_panel.board_scene.notes.values()}


def _held(window: WorkshopWindow, qtbot, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Joining with moderation, and ``texts`` from a phone waiting in the inbox."""
    phone = Phone(start_joining(window, qtbot, moderation=True).join_url)
    phone.join(name="Lee", role="")
    for index, text in enumerate(texts):
        status, answer = phone.write(text, f"lee-key-{index:05d}")
        assert status == 201 and answer["note"]["status"] == "waiting", answer
    assert window.room is not None
    inbox = window.room.panel.inbox
    qtbot.waitUntil(lambda: inbox.list.count() == len(texts), timeout=5000)


def test_the_boards_tab_counts_the_waiting_notes_and_approves_them_all(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show()
    texts = ["Fewer meetings", "Pair on reviews", "Ship on Thursdays"]
    _held(window, qtbot, texts)
    window.tabs.setCurrentIndex(TAB_BOARDS)
    assert window.room is not None
    badge = window.room.waiting_button
    qtbot.waitUntil(badge.isVisible)
    assert badge.text() == "3 notes waiting for approval"
    assert badge.window() is window and window.boards.isAncestorOf(badge)  # on the Boards tab
    assert not set(texts) & _on_board(window)
    window.room.approve_all_action.trigger()  # the badge's menu
    qtbot.waitUntil(lambda: set(texts) <= _on_board(window), timeout=5000)
    qtbot.waitUntil(lambda: not badge.isVisible())
    assert window.room.panel.inbox.list.count() == 0


def test_approve_all_button_and_keys(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show()
    window.activateWindow()
    _held(window, qtbot, ["One", "Two", "Three", "Four"])
    assert window.room is not None
    inbox = window.room.panel.inbox
    window.tabs.setCurrentIndex(TAB_BOARDS)
    review = window.room.review_action
    assert review.shortcut() == QKeySequence(INBOX_KEY) and review in window.findChildren(type(review))
    review.trigger()  # Ctrl+Shift+I from the Boards tab
    assert window.tabs.currentIndex() == TAB_RUN
    qtbot.waitUntil(lambda: window.focusWidget() is inbox.list)
    assert inbox.list.currentRow() == 0
    qtbot.keyClick(inbox.list, Qt.Key.Key_Delete)  # rejects "One"
    qtbot.waitUntil(lambda: inbox.list.count() == 3)
    qtbot.keyClick(inbox.list, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # all the rest
    qtbot.waitUntil(lambda: inbox.list.count() == 0, timeout=5000)
    assert {"Two", "Three", "Four"} <= _on_board(window) and "One" not in _on_board(window)
    assert not inbox.approve_all_button.isEnabled()


def test_the_approve_all_button(window: WorkshopWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _held(window, qtbot, ["Alpha", "Beta"])
    assert window.room is not None
    inbox = window.room.panel.inbox
    assert inbox.approve_all_button.isEnabled()
    inbox.approve_all_button.click()
    qtbot.waitUntil(lambda: {"Alpha", "Beta"} <= _on_board(window), timeout=5000)
