"""The base of every undo command: it acts on the model through a service and publishes the
Changes. The action is done once before the command is pushed (so a refused action never
lands on the stack); the first ``redo`` that QUndoStack.push calls is therefore skipped."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from sprintdesk.services.changes import Changes

Publish = Callable[[Changes], None]


class ServiceCommand(QUndoCommand):
    def __init__(self, text: str, publish: Publish) -> None:
        super().__init__(text)
        self.publish = publish
        self._done_once = True

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        self._guarded(self.do)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, step: Callable[[], Changes]) -> None:
        """Said the runner's way, but never retried: an undo step may be several
        transactions, and repeating the ones already committed would fail. It waits up to
        the database's full busy timeout instead. A step that fails (the vote it belonged to
        is over, say, or another program kept the database) is said in the status bar and
        leaves the stack, instead of raising into Qt's event loop."""
        from sprintdesk.services.busy import BUSY_TIMEOUT_MS, busy_timeout
        from sprintdesk.ui.shared.service_runner import failure_message

        try:
            with busy_timeout(BUSY_TIMEOUT_MS):
                changes = step()
        except Exception as error:
            from sprintdesk.services.errors import StorageError, ValidationError

            if not isinstance(error, (ValidationError, StorageError)):
                logging.getLogger(__name__).exception("an undo step failed unexpectedly")
            self.setObsolete(True)
            _say(f"Cannot undo or redo “{self.text()}”: {failure_message(error)}")
            return
        self.publish(changes)

    def do(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        raise NotImplementedError


def _say(message: str) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    window = QApplication.activeWindow()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 8000)
