"""Waiting for another program that holds the database's lock, visibly and cancellably.

When a service call finds the database busy (another program is writing: the command line
importing notes, the sqlite3 shell in a transaction), nothing was changed and the same call
can simply be made again. ``wait_for_database`` shows an application-modal "waiting" dialog
that names the program and retries the call on a timer, each time with a short busy wait
(``services.busy``), so that the interface never blocks for long: the countdown, the
presenter view and every repaint go on. It returns the call's result, or raises
WaitCancelledError when the person cancels (button, Escape, or the dialog going away). The
dialog is modal for the whole application, so no other action (in any window) can overtake
the one that is waiting, or pull the database away from under it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from sprintdesk.services.busy import busy_timeout
from sprintdesk.services.errors import DatabaseBusyError

T = TypeVar("T")
RETRY_MS = 250  # between two tries
RETRY_BUSY_MS = 30  # how long one try may wait for the lock: the interface stays responsive
SAVE = "SprintDesk will save your change as soon as it has finished."
OPEN = "SprintDesk will open the database as soon as it has finished."


class WaitCancelledError(Exception):
    """The person stopped waiting; the call was never made, nothing was changed."""

    def __init__(self, users: str) -> None:
        super().__init__(f"you stopped waiting while {users} was using the database")
        self.users = users


def waiting_text(users: str, then: str = SAVE) -> str:
    return f"Waiting for {users}, which is using the database.\n{then}"


_active: list[QProgressDialog] = []


def is_waiting() -> bool:
    """True while a wait is shown (a call made meanwhile is refused, not nested)."""
    return any(shiboken6.isValid(dialog) for dialog in _active)


def current_dialog() -> QProgressDialog | None:
    """The wait being shown, for tests and for whoever wants to cancel it."""
    alive = [dialog for dialog in _active if shiboken6.isValid(dialog)]
    return alive[-1] if alive else None


def _make_dialog(text: str, parent: QWidget | None) -> QProgressDialog:
    owner = parent.window() if parent is not None else QApplication.activeWindow()
    dialog = QProgressDialog(text, "Cancel", 0, 0, owner)
    dialog.setWindowTitle("Waiting for the database")
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(460)
    return dialog


def wait_for_database(
    call: Callable[[], T], busy: DatabaseBusyError, parent: QWidget | None, then: str = SAVE
) -> T:
    """Retry ``call`` until it goes through (its result), the person cancels
    (WaitCancelledError), or it fails otherwise (that error is raised)."""
    if is_waiting():  # a timer-driven call during a wait: refused rather than nested
        raise busy
    dialog = _make_dialog(waiting_text(busy.users, then), parent)
    results: list[T] = []
    errors: list[Exception] = []
    users = [busy.users]
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)  # re-armed after each try: tries never pile up

    def attempt() -> None:
        if not shiboken6.isValid(dialog) or dialog.wasCanceled():  # Escape, closed, or gone
            loop.quit()
            return
        try:
            with busy_timeout(RETRY_BUSY_MS):
                results.append(call())
        except DatabaseBusyError as still:
            users[0] = still.users
            dialog.setLabelText(waiting_text(still.users, then))
            timer.start()
            return
        except Exception as error:  # said by the caller's policy
            errors.append(error)
        loop.quit()

    timer.setInterval(RETRY_MS)
    timer.timeout.connect(attempt)
    dialog.canceled.connect(loop.quit)
    dialog.destroyed.connect(loop.quit)
    _active.append(dialog)
    try:
        dialog.show()
        timer.start()
        loop.exec()
    finally:
        timer.stop()
        _active.remove(dialog)
        if shiboken6.isValid(dialog):
            dialog.close()
            dialog.deleteLater()
    if errors:
        raise errors[0]
    if not results:
        raise WaitCancelledError(users[0])
    return results[0]
