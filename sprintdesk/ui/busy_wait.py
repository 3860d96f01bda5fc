"""Waiting for another program that holds the database's write lock, visibly and cancellably.

When a service call finds the database busy (another program is writing: the command line
importing notes, the sqlite3 shell in a transaction), nothing was changed and the same call
can simply be made again. ``wait_for_database`` shows a window-modal "waiting" dialog that
names the program, retries the call every few hundred milliseconds on a timer and returns
its result, or None when the person cancels. The event loop keeps running meanwhile, so the
countdown, the presenter view and every repaint go on; only new actions wait (the dialog is
modal, so an action cannot overtake the one that is waiting).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from sprintdesk.services.errors import DatabaseBusyError

T = TypeVar("T")
RETRY_MS = 300


def waiting_text(users: str) -> str:
    return (
        f"{users[:1].upper()}{users[1:]} is writing to the database.\n"
        "SprintDesk will save your change as soon as it has finished."
    )


_active: list[QProgressDialog] = []


def is_waiting() -> bool:
    """True while a wait is shown (a call made meanwhile is not queued behind it)."""
    return bool(_active)


class WaitCancelledError(Exception):
    """The person stopped waiting; the call was never made, nothing was changed."""

    def __init__(self, users: str) -> None:
        super().__init__(f"you stopped waiting while {users} was writing to the database")
        self.users = users


def wait_for_database(call: Callable[[], T], busy: DatabaseBusyError, parent: QWidget | None) -> T:
    """Retry ``call`` until it goes through (its result), the person cancels
    (WaitCancelledError), or it fails otherwise (that error is raised)."""
    if is_waiting():  # a timer-driven call during a wait: refused rather than nested
        raise busy
    owner = parent if parent is not None else QApplication.activeWindow()
    dialog = QProgressDialog(waiting_text(busy.users), "Cancel", 0, 0, owner)
    dialog.setWindowTitle("Waiting for the database")
    dialog.setWindowModality(Qt.WindowModality.WindowModal if owner else Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    results: list[T] = []
    errors: list[Exception] = []
    users = [busy.users]
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(RETRY_MS)

    def attempt() -> None:
        if dialog.wasCanceled():  # Escape, closing the dialog, or cancel() from code
            loop.quit()
            return
        try:
            results.append(call())
        except DatabaseBusyError as still:
            users[0] = still.users
            dialog.setLabelText(waiting_text(still.users))
            return
        except Exception as error:  # reported by the caller's policy
            errors.append(error)
        loop.quit()

    timer.timeout.connect(attempt)
    dialog.canceled.connect(loop.quit)
    _active.append(dialog)
    try:
        dialog.show()
        timer.start()
        loop.exec()
    finally:
        timer.stop()
        _active.remove(dialog)
        dialog.canceled.disconnect(loop.quit)
        dialog.close()
        dialog.deleteLater()
    if errors:
        raise errors[0]
    if not results:
        raise WaitCancelledError(users[0])
    return results[0]


def current_dialog() -> QProgressDialog | None:
    """The wait being shown, for tests and for whoever wants to cancel it."""
    return _active[-1] if _active else None
