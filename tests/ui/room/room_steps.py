"""Steps the room's widget tests share: starting joining through the dialog, as the
facilitator would."""

from __future__ import annotations

from typing import Any

from sprintdesk.ui.workshop.window import WorkshopWindow


def open_dialog(window: WorkshopWindow, qtbot: Any) -> Any:
    assert window.room is not None
    window.room.join_action.trigger()
    qtbot.waitUntil(lambda: window.room is not None and window.room.dialog is not None)
    return window.room.dialog


def start_joining(
    window: WorkshopWindow, qtbot: Any, *, moderation: bool = False, anonymous: bool = False
) -> Any:
    """Start with the loopback address and any free port; the join address."""
    assert window.room is not None
    dialog = open_dialog(window, qtbot)
    assert dialog.interface.currentData() == "127.0.0.1"
    dialog.port.setValue(0)
    dialog.moderation.setChecked(moderation)
    dialog.anonymous.setChecked(anonymous)
    dialog.start_button.click()
    assert not dialog.error.isVisible(), dialog.error.text()
    qtbot.waitUntil(lambda: window.room is not None and window.room.session.address is not None)
    return window.room.session.address
